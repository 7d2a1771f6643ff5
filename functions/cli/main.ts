/**
 * `pipeline` — the operator's CLI over the embedded default runtime.
 *   pipeline run      --source S --from T --to T [--json] [--chaos]   every slot of the window, end to end
 *   pipeline backfill --source S --from T --to T [--force] [--concurrency N] [--json]   resumable
 *   pipeline demo     [--json]                                         a fixture window for every source
 *   pipeline query    "<GoogleSQL>" [--json]                          the local warehouse
 *   pipeline replay   --dead-letter <name>                             re-deliver a dead-lettered event
 *   pipeline sweep                                                     delete orphaned clusters
 * Times are ISO-8601; without an offset they are Asia/Seoul. State lives in --root (default .pipeline).
 * `--target gcp` sends backfill and sweep to the deployed platform instead (Pub/Sub + the BigQuery ledger),
 * configured by the same environment variables the functions read (GOOGLE_CLOUD_PROJECT, ...).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PipelineError } from '../core/errors.js';
import type { CloudEventLike } from '../core/events.js';
import { parseInstant } from '../core/slots.js';
import { createLocalRuntime, type LocalRuntime } from '../adapters/local/runtime.js';
import { packageRoot } from '../sqlfiles.js';
import { parseConfig } from '../config.js';
import { getSource, SOURCES } from '../sources/registry.js';
import { backfill, waitForLedger } from './backfill.js';
import { summarize, table } from './summary.js';

const USAGE = `usage:
  pipeline run      --source <name> --from <ISO time> --to <ISO time> [--json] [--chaos]
  pipeline backfill --source <name> --from <date> --to <date> [--force] [--concurrency N] [--json]
  pipeline demo     [--json]
  pipeline query    "<GoogleSQL>" [--json]
  pipeline replay   --dead-letter <object name in the quarantine bucket>
  pipeline sweep
options: --root <dir> (default .pipeline)
         --target gcp  backfill/sweep on the deployed platform (uses GOOGLE_CLOUD_PROJECT and credentials)`;

/** Fixture windows the fake API serves, used by `pipeline demo`: each source's registry entry. */
export const DEMO_WINDOWS = Object.fromEntries(SOURCES.map((s) => [s.source, s.demo]));

class UsageError extends Error {}

const err = (line: string) => process.stderr.write(`${line}\n`);

async function runWindow(
  rt: LocalRuntime,
  source: string,
  from: string,
  to: string,
  force: boolean,
  concurrency: number,
  rewrite = false,
) {
  const def = getSource(source);
  const fromT = parseInstant(from);
  const toT = parseInstant(to);
  if (!(toT > fromT)) throw new UsageError(`--to (${to}) must be after --from (${from})`);
  const started = Date.now();
  const alertsBefore = rt.alerts.history.length;
  const clustersBefore = rt.spark.history().length;
  err(
    `${def.source}/${def.dataset}: ${from} -> ${to}${rt.faked.includes(def.source) ? ` (fake API at ${rt.fakeApi?.url}; set ${def.secretEnv} for the real one)` : ''}`,
  );
  const result = await backfill({
    def,
    from: fromT,
    to: toT,
    force,
    rewrite,
    concurrency,
    topic: `${rt.config.topicPrefix}${def.source}`,
    publisher: rt.bus,
    ledger: rt.warehouse,
    settle: () => rt.bus.drain(),
    progress: err,
    ...(def.unit === 'snapshot' && rt.faked.includes(def.source) ? { replay: rt.clock } : {}),
  });
  const slots = await summarize(rt.warehouse, def.source, def.dataset, result.slots);
  const alerts = rt.alerts.history.slice(alertsBefore);
  const clusters = rt.spark.history().slice(clustersBefore);
  // null when no slot reports the count (a Spark transform runs asynchronously and reports none).
  const sum = (k: 'api_total' | 'raw_rows' | 'curated_rows' | 'loaded_rows') =>
    slots.some((s) => s[k] !== null) ? slots.reduce((n, s) => n + (s[k] ?? 0), 0) : null;
  return {
    source: def.source,
    dataset: def.dataset,
    from,
    to,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    slots: slots.length,
    published: result.published.length,
    skipped: result.skipped.length,
    objects: slots.filter((s) => s.object).length,
    rows: {
      api: sum('api_total'),
      raw: sum('raw_rows'),
      curated: sum('curated_rows'),
      loaded: sum('loaded_rows'),
    },
    loaded_slots: slots.filter((s) => s.load === 'succeeded').length,
    empty_slots: slots.filter((s) => s.extract === 'empty').length,
    failed_slots: slots.filter((s) =>
      [s.extract, s.transform, s.load].some((x) =>
        ['failed', 'quarantined', 'retrying'].includes(x),
      ),
    ).length,
    checks_failed: slots.filter((s) => s.load === 'check_failed').length,
    alerts: alerts.map((a) => `${a.severity}: ${a.title}`),
    clusters: {
      created: clusters.length,
      left_running: clusters.filter((c) => !c.deletedAt).length,
    },
    per_slot: slots,
  };
}

type Summary = Awaited<ReturnType<typeof runWindow>>;

function printSummary(s: Summary): void {
  console.log(`\n${s.source}/${s.dataset}  ${s.from} -> ${s.to}  (${s.seconds}s)`);
  console.log(
    table(
      s.per_slot.map((p) => ({
        slot: p.slot,
        extract: p.extract,
        transform: p.transform,
        load: p.load,
        api: p.api_total,
        raw: p.raw_rows,
        curated: p.curated_rows,
        loaded: p.loaded_rows,
      })),
    ),
  );
  console.log(
    `slots ${s.slots} (loaded ${s.loaded_slots}, empty ${s.empty_slots}, failed ${s.failed_slots}, skipped ${s.skipped}) · objects ${s.objects} · rows api ${s.rows.api} / raw ${s.rows.raw} / curated ${s.rows.curated ?? 'n/a'} / loaded ${s.rows.loaded} · checks failed ${s.checks_failed} · alerts ${s.alerts.length}` +
      (s.clusters.created
        ? ` · clusters created ${s.clusters.created}, left running ${s.clusters.left_running}`
        : ''),
  );
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean', default: false },
      chaos: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      concurrency: { type: 'string' },
      root: { type: 'string', default: '.pipeline' },
      'dead-letter': { type: 'string' },
      target: { type: 'string', default: 'local' },
    },
  });
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const concurrency =
    values.concurrency === undefined
      ? command === 'backfill'
        ? 2
        : 4
      : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError('--concurrency must be a whole number >= 1');
  const needWindow = () => {
    if (!values.source || !values.from || !values.to)
      throw new UsageError(`${command} needs --source, --from and --to`);
    return { source: values.source, from: values.from, to: values.to };
  };
  if (!['run', 'backfill', 'demo', 'query', 'replay', 'sweep'].includes(command))
    throw new UsageError(`unknown command ${command}`);
  if (command === 'run' || command === 'backfill') getSource(needWindow().source);
  if (command === 'query' && !positionals[0]) throw new UsageError('query needs a SQL string');

  if (values.target === 'gcp') return runOnGcp(command, values, concurrency);
  if (values.target !== 'local') throw new UsageError('--target is local or gcp');

  const rt = await createLocalRuntime({
    root: values.root!,
    env: process.env,
    chaos: values.chaos!,
  });
  try {
    if (command === 'run' || command === 'backfill') {
      const w = needWindow();
      const s = await runWindow(
        rt,
        w.source,
        w.from,
        w.to,
        command === 'run' || values.force!,
        concurrency,
        command === 'backfill' && values.force!,
      );
      if (values.json) console.log(JSON.stringify(s, null, 2));
      else printSummary(s);
      return s.failed_slots > 0 ? 1 : 0;
    }
    if (command === 'demo') {
      const summaries: Summary[] = [];
      for (const [source, w] of Object.entries(DEMO_WINDOWS)) {
        if (
          w.needsSpark &&
          !existsSync(join(packageRoot(), '.venv', 'bin', 'spark-submit')) &&
          !process.env.SPARK_SUBMIT
        ) {
          err(
            `${source}: skipped — local Spark is not installed (run: bash scripts/setup-python.sh)`,
          );
          continue;
        }
        const s = await runWindow(rt, source, w.from, w.to, true, source === 'stock' ? 2 : 4);
        summaries.push(s);
        if (!values.json) printSummary(s);
      }
      if (values.json) console.log(JSON.stringify(summaries, null, 2));
      return summaries.some((s) => s.failed_slots > 0) ? 1 : 0;
    }
    if (command === 'query') {
      const rows = await rt.warehouse.query(positionals[0]!);
      console.log(values.json ? JSON.stringify(rows) : table(rows));
      return 0;
    }
    if (command === 'replay') {
      const name = values['dead-letter'];
      if (!name) throw new UsageError('replay needs --dead-letter <name>');
      const letter = JSON.parse(
        (await rt.store.read({ bucket: rt.config.buckets.quarantine, name })).toString('utf8'),
      ) as { stage: string; event: CloudEventLike };
      const handler = rt.handlers[letter.stage === 'sweep' ? 'sweep_clusters' : letter.stage];
      if (!handler) throw new UsageError(`dead letter names an unknown stage ${letter.stage}`);
      err(`replaying ${letter.stage} event ${letter.event.id}`);
      await handler(letter.event, { attempt: 1 });
      await rt.bus.drain();
      return 0;
    }
    await rt.bus.publish('maintenance', {}, { origin: 'cli' });
    await rt.bus.drain();
    return 0;
  } finally {
    await rt.close();
  }
}

/** backfill / sweep against the deployed platform: publish to Pub/Sub, follow the BigQuery run ledger. */
async function runOnGcp(
  command: string,
  values: { source?: string; from?: string; to?: string; force?: boolean; json?: boolean },
  concurrency: number,
): Promise<number> {
  if (command !== 'backfill' && command !== 'sweep')
    throw new UsageError('--target gcp supports backfill and sweep');
  const config = parseConfig(process.env, SOURCES);
  if (config.projectId === 'local') throw new UsageError('--target gcp needs GOOGLE_CLOUD_PROJECT');
  const { createGcpDeps } = await import('../adapters/gcp/runtime.js');
  const deps = createGcpDeps(config, process.env, { sink: () => {} });
  if (command === 'sweep') {
    await deps.publisher.publish('maintenance', {}, { origin: 'cli' });
    err('published a sweep request to topic maintenance');
    return 0;
  }
  const def = getSource(values.source!);
  const result = await backfill({
    def,
    from: parseInstant(values.from!),
    to: parseInstant(values.to!),
    force: values.force ?? false,
    rewrite: values.force ?? false,
    concurrency,
    topic: `${config.topicPrefix}${def.source}`,
    publisher: deps.publisher,
    ledger: deps.ledger,
    // At most `concurrency` slots (for stock: clusters) in flight; the ledger says when they are done.
    settle: (slots) =>
      waitForLedger(deps.ledger, def, slots, {
        pollMs: 30_000,
        timeoutMs: 2 * 3600_000,
        progress: err,
      }),
    progress: err,
  });
  const summary = {
    source: def.source,
    slots: result.slots.length,
    published: result.published.length,
    skipped: result.skipped.length,
  };
  console.log(
    values.json
      ? JSON.stringify(summary)
      : `published ${summary.published}, skipped ${summary.skipped} of ${summary.slots} slots`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      err(`pipeline: ${error.message}\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof PipelineError) {
      err(`pipeline: ${error.code}: ${error.message}`);
      process.exitCode = 1;
    } else {
      err(`pipeline: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  },
);
