/**
 * Bench 10: does the cost of one unit's load + model run stay flat when history grows 10×?
 * One Saramin hour is loaded on top of H synthetic past postings (core.job_postings: one copy of the
 * hour per earlier day, with their raw rows), then on top of 10·H (ten times as many days); the load
 * stage's duration (load,
 * model run downstream, model tests and checks) comes from the run ledger. Figures, not assertions.
 */
import { runWindow, tempRuntime } from '../test/support/runtime.js';

type Runtime = Awaited<ReturnType<typeof tempRuntime>>;

/** Copies the loaded postings n times into the past (new ids, one copy per earlier day: history grows in time, as it does). */
async function addHistory(rt: Runtime, copies: number): Promise<void> {
  await rt.warehouse.query(`insert into core.job_postings
    select j.* replace (
      concat(posting_id, '-h', cast(n as string)) as posting_id,
      date_sub(posted_date, interval 1 + n day) as posted_date)
    from core.job_postings as j, unnest(generate_array(1, ${copies})) as n
    where not contains_substr(posting_id, '-h')`);
  await rt.warehouse.query(`insert into raw.saramin_job_postings
    select j.* replace (
      concat(posting_id, '-h', cast(n as string)) as posting_id,
      date_sub(_slot_date, interval 1 + n day) as _slot_date,
      concat('history-', cast(n as string)) as _slot_id)
    from raw.saramin_job_postings as j, unnest(generate_array(1, ${copies})) as n
    where _slot_date = date '2025-09-15' and _slot_id not like 'history-%'`);
}

async function timedLoad(rt: Runtime, hour: string): Promise<number> {
  await runWindow(rt, 'saramin', `2025-09-15T${hour}:00`, `2025-09-15T${hour}:59`);
  const [row] = await rt.warehouse.query(
    `select duration_ms from ops.pipeline_runs
     where source = 'saramin' and stage = 'load' and status = 'succeeded'
       and slot_id = '2025-09-15T${hour}:00+09:00/PT1H'
     order by finished_at desc limit 1`,
  );
  return Number(row?.duration_ms ?? NaN);
}

async function measure(copies: number): Promise<{ postings: number; loadMs: number }> {
  const rt = await tempRuntime();
  try {
    await runWindow(rt, 'saramin', '2025-09-15T09:00', '2025-09-15T09:59');
    await addHistory(rt, copies);
    const [{ n }] = (await rt.warehouse.query('select count(*) as n from core.job_postings')) as [
      { n: number },
    ];
    // The first hour warms the runtime's caches (transpiler, DuckDB); the median of the next four
    // (13:00 is an empty hour in the fixtures) is the figure, as the machine may be busy.
    await timedLoad(rt, '10');
    const times: number[] = [];
    for (const hour of ['11', '12', '14', '15']) times.push(await timedLoad(rt, hour));
    times.sort((a, b) => a - b);
    return { postings: Number(n), loadMs: (times[1]! + times[2]!) / 2 };
  } finally {
    await rt.close();
  }
}

export async function historyBenchmark(): Promise<number> {
  console.log('\n10. load + model run of one Saramin hour as history grows 10x (should stay flat)');
  const small = await measure(200);
  const large = await measure(2000);
  for (const m of [small, large])
    console.log(
      `${`history ${m.postings.toLocaleString()} postings`.padEnd(46)} ${String(m.loadMs).padStart(8)} ms  load stage (load + models + checks), median of 4 hours`,
    );
  console.log(
    `${'growth of the load stage for 10x history'.padEnd(46)} ${(large.loadMs / small.loadMs).toFixed(2).padStart(8)}x (flat = 1.0)`,
  );
  return large.loadMs / small.loadMs;
}
