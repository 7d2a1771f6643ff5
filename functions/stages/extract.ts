/**
 * Extract: a Pub/Sub message -> every request of one unit through the source's shared client ->
 * the raw object (one JSON line per HTTP exchange, byte-exact, redacted).
 *   scheduled message (no unit): the slot of the publish time minus the source's lag;
 *   backfill message: `{"slot": "..."}` or `{"key": "..."}`; `"keys": [...]` retries only those
 *   requests of the unit and merges their answers into its raw object.
 * A snapshot unit older than one period is acknowledged as `expired`: its data is gone from the API,
 * and "now" must never be filed under an old slot. A unit where some requests failed keeps the rest
 * (`partial`), names the failures in the ledger and one alert, and can be retried for just those.
 * `"resume": true` (backfill and run send it): unchanged bytes of a unit the ledger shows not loaded
 * are written again, so its finalize event, lost with an interrupted run, happens again.
 * Batched Spark runs (backfill of a Spark source): `"batch": true` marks the raw object as left to a
 * batch; `{"spark_batch": [slot, ...]}` then writes the batch request object whose finalize event
 * starts one run for those days (stages/transform.ts). The extract writes it because it already
 * writes the raw bucket: no new topic, trigger or permission.
 *
 * CONTINUATION: keys a source reports `continuable` (its time budget ran out before asking them, as
 * opposed to keys that failed, or a spent daily quota) are not left to a human: the stage publishes
 * the keys message a human would send, `{"slot"|"key": ..., "keys": [...], "continuation": n}`, to
 * the source's own topic, at most `MAX_CONTINUATIONS` links per chain (n counts them); the last link
 * alerts with the keys as before. Under at-least-once delivery:
 *   - the message is derived from (unit, raw generation written, n, sorted keys) and marked once
 *     published (`_continuations/...` in the quarantine bucket): a redelivered event that wrote the
 *     same bytes publishes nothing new (a crash between publish and mark publishes it again, which
 *     the next point makes harmless);
 *   - a continuation asks only for its keys the raw object does not hold yet (an answered key is in
 *     it); all held = `skipped`, no further link: a duplicate chain dies at its first link;
 *   - every keys merge writes over the generation it read (`ifGenerationMatch`): two merges racing
 *     (or a full re-run racing one) cannot drop each other's answers; the loser is retried and then
 *     asks only for what is still missing;
 *   - n only grows along a chain and each delivery of a chain's head starts at most one chain: the
 *     number of links is bounded by deliveries x MAX_CONTINUATIONS.
 */
import { createHash } from 'node:crypto';
import { MAX_BATCH_DAYS } from '../config.js';
import { PermanentError, PipelineError, TransientError } from '../core/errors.js';
import { decodePubsubEvent, type PubsubMessage } from '../core/events.js';
import { createSourceClient, limiterFor, type Exchange } from '../core/http.js';
import { isComplete } from '../core/ledger.js';
import type { Outcome, RunContext, StageHandler } from '../core/policy.js';
import type { ObjectInfo } from '../core/ports.js';
import { periodMs, scheduledSlot } from '../core/slots.js';
import { keyUnit, parseUnitId, slotUnit, type Unit } from '../core/units.js';
import { getSource } from '../sources/registry.js';
import type { KeyFailure, SourceDefinition } from '../sources/types.js';
import type { StageDeps } from './deps.js';
import {
  batchObjectName,
  DEFERRED_METADATA,
  parseRawObject,
  rawObjectName,
  serializeExchanges,
} from './objects.js';

function unitOf(def: SourceDefinition, message: PubsubMessage): Unit {
  const { slot, key } = message.body;
  if (def.unit === 'keyed') {
    if (typeof key !== 'string')
      throw new PermanentError(
        'EVENT.NO_KEY',
        `${def.source} units are keyed: send {"key": "..."}`,
      );
    return keyUnit(key);
  }
  const unit =
    typeof slot === 'string'
      ? parseUnitId(slot)
      : slotUnit(scheduledSlot(message.publishTime, def.schedule));
  if (unit.slot?.period !== def.schedule.period)
    throw new PermanentError(
      'EVENT.SLOT_PERIOD',
      `${def.source} slots are ${def.schedule.period}, message named ${unit.id}`,
    );
  return unit;
}

function onlyKeys(message: PubsubMessage): string[] | undefined {
  const keys = message.body.keys;
  if (keys === undefined) return undefined;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string') || keys.length === 0)
    throw new PermanentError('EVENT.BAD_KEYS', '`keys` must be a non-empty list of strings');
  return keys as string[];
}

/** The link of a continuation chain a message is (0 = not a continuation). */
function continuationOf(message: PubsubMessage, only: string[] | undefined): number {
  const n = message.body.continuation;
  if (n === undefined) return 0;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || !only)
    throw new PermanentError(
      'EVENT.BAD_CONTINUATION',
      '`continuation` must be an integer >= 1 and come with `keys`',
    );
  return n;
}

/** Claim marker of one continuation link: deterministic from what the link will ask. */
export function continuationClaimName(
  def: Pick<SourceDefinition, 'source' | 'dataset'>,
  unitId: string,
  generation: string,
  link: number,
  keys: readonly string[],
): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([unitId, generation, link, [...keys].sort()]))
    .digest('hex')
    .slice(0, 16);
  return `_continuations/${def.source}/${def.dataset}/${unitId.replace(/[^\w.=+-]+/g, '_')}/${link}~${hash}`;
}

/**
 * Publishes the next link of the unit's chain once per (unit, generation, link, keys): returns false
 * when an earlier delivery already did. Published first, marked after: a crash in between publishes
 * the link again on the retry (a duplicate link is a no-op), never loses it.
 */
async function continueUnit(
  deps: StageDeps,
  def: SourceDefinition,
  unit: Unit,
  generation: string,
  link: number,
  keys: string[],
): Promise<boolean> {
  const quarantine = deps.store.bucket('quarantine');
  const marker = continuationClaimName(def, unit.id, generation, link, keys);
  if (await deps.store.stat(quarantine, marker)) return false;
  const body = {
    ...(unit.key !== undefined ? { key: unit.key } : { slot: unit.id }),
    keys,
    continuation: link,
  };
  await deps.publisher.publish(`${deps.config.topicPrefix}${def.source}`, body, {
    source: def.source,
    origin: 'continuation',
  });
  await deps.store.write(quarantine, marker, JSON.stringify(body), {
    contentType: 'application/json',
    ifAbsent: true,
  });
  return true;
}

export function makeExtractHandler(deps: StageDeps, defaultSource?: string): StageHandler {
  return async (event, run) => {
    const message = decodePubsubEvent(event);
    const def = getSource(
      String(message.attributes.source ?? message.body.source ?? defaultSource ?? ''),
    );
    run.source = def.source;
    run.dataset = def.dataset;
    if (message.body.spark_batch !== undefined) return requestBatch(deps, def, message, run);
    const unit = unitOf(def, message);
    run.slotId = unit.id;
    const now = deps.clock.now();
    if (def.unit === 'snapshot' && now - unit.start.getTime() > periodMs(def.schedule.period)) {
      return {
        status: 'expired',
        note: `snapshot of ${unit.id} delivered ${Math.round((now - unit.start.getTime()) / 60_000)} min after its slot began; the API only answers now`,
      };
    }
    let only = onlyKeys(message);
    const link = continuationOf(message, only);
    const name = rawObjectName(def, unit);
    // A keys retry merges into the raw object as read here, and writes over this generation only.
    let current: { info: ObjectInfo; exchanges: Exchange[] } | undefined;
    if (only) {
      const info = await deps.store.stat(deps.store.bucket('raw'), name);
      if (info) {
        const text = (await deps.store.read(info)).toString('utf8');
        current = { info, exchanges: parseRawObject(name, text) };
      }
    }
    if (link > 0 && only) {
      // A continuation asks only for what is still missing: a duplicate link is a no-op.
      const held = new Set(current?.exchanges.map((x) => x.key));
      only = only.filter((k) => !held.has(k));
      if (only.length === 0)
        return {
          status: 'skipped',
          note: `continuation ${link}: every key is already in the raw object (a duplicate link)`,
        };
    }
    const { settings, options } = deps.config.sources[def.source]!;
    const secret = def.secretEnv ? await deps.secrets.get(def.secretEnv) : undefined;
    const log = run.log.child({ source: def.source, dataset: def.dataset, slot: run.slotId });
    const shared = createSourceClient({
      codePrefix: def.source.toUpperCase(),
      limits: settings,
      secret,
      fetch: deps.fetch,
      limiter: limiterFor(def.source, settings),
    });
    // The last answer the API gave (redacted by the client): kept with a rejection that carries none.
    let lastAnswer: Exchange | undefined;
    const client = {
      ...shared,
      request: async (req: Parameters<typeof shared.request>[0]) =>
        (lastAnswer = await shared.request(req)),
    };
    let result;
    try {
      result = await def.extract({
        unit,
        settings,
        options,
        secret,
        client,
        log,
        now,
        warehouse: { query: (sql, params) => deps.warehouse.query(sql, params) },
        ...(only ? { only } : {}),
      });
    } catch (error) {
      // Every non-transient outcome keeps the API's answer (an error envelope, a refused key, a bad
      // request), so the quarantine shows what was rejected; the policy writes it there.
      if (
        error instanceof PipelineError &&
        error.kind !== 'transient' &&
        error.payload === undefined &&
        lastAnswer
      )
        error.payload = JSON.stringify(lastAnswer);
      throw error;
    }

    if (result.kind === 'empty') {
      // One "no data" notice per source and day (the claim in core/alerting.ts), not one per empty
      // slot: an hourly source's quiet night is one message; the ledger keeps every `empty` unit.
      await deps.alerts.send({
        severity: 'info',
        title: `No data: ${def.source}/${def.dataset} on ${unit.date}`,
        text: `Unit ${run.slotId}: ${result.reason}. No raw object was written. Later empty units of ${unit.date} are not announced again; the ledger lists them (status empty).`,
        key: `${def.source}/${def.dataset}/no-data/${unit.date}`,
      });
      return { status: 'empty', apiTotal: 0, rowsOut: 0, note: result.reason };
    }

    let exchanges: Exchange[] = result.exchanges;
    if (only) {
      // A retry of some requests: keep the unit's other exchanges as they were.
      const asked = new Set(only);
      const kept = (current?.exchanges ?? []).filter((x) => !asked.has(x.key));
      exchanges = [...kept, ...exchanges];
    }
    exchanges = [...exchanges].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let { apiTotal, rawRows } = result;
    if (only && current && def.transform.kind === 'rows') {
      // A keys merge is reconciled as the whole unit it completes: the transform reads the merged
      // object, so the counts are the merged object's (the source's own count of its records).
      try {
        rawRows = apiTotal = def.transform.toRows(exchanges, unit).rawRows;
      } catch {
        // The transform refuses the object and says why; the extract's own counts stand.
      }
    }
    const body = serializeExchanges(exchanges);
    const failures = result.failures ?? [];
    const write = (skipIfUnchanged: boolean) =>
      deps.store.write(deps.store.bucket('raw'), name, body, {
        contentType: 'application/x-ndjson',
        metadata: {
          source: def.source,
          dataset: def.dataset,
          slot: run.slotId,
          api_total: String(apiTotal),
          raw_rows: String(rawRows),
          exchanges: String(exchanges.length),
          failed_keys: String(failures.length),
          // A backfill batch: the transform leaves this generation to the batch's one Spark run.
          ...(message.body.batch === true && def.transform.kind === 'spark'
            ? { [DEFERRED_METADATA.key]: DEFERRED_METADATA.value }
            : {}),
        },
        skipIfUnchanged,
        ...(only ? { ifGenerationMatch: current?.info.generation ?? '0' } : {}),
      });
    // A forced rerun writes a new generation even for identical bytes, so every later stage runs again.
    let ref = await write(message.body.force !== true);
    if (only && !ref.written && ref.generation !== (current?.info.generation ?? '0'))
      // Another writer replaced the object between the read and the write: merge again from scratch.
      throw new TransientError(
        'EXTRACT.RAW_CHANGED',
        `raw object of ${unit.id} changed while its keys were asked; retried against the new one`,
      );
    // Resume: identical bytes send no finalize event, so a unit an earlier run left unloaded (killed
    // after the raw write) would stay so. A new generation is a real finalize event on GCS and here
    // alike; loads are keyed by generation and merge, so a second load is harmless.
    const resumed =
      !ref.written &&
      message.body.resume === true &&
      !isComplete(await deps.ledger.slotStatus(def.source, def.dataset, run.slotId));
    if (resumed) ref = await write(false);
    run.object = ref;
    const md5 = createHash('md5').update(body).digest('base64');
    if (failures.length > 0) {
      const continuable = failures
        .filter((f) => f.continuable)
        .map((f) => f.key)
        .sort();
      const next = link + 1;
      const continuing = continuable.length > 0 && next <= deps.config.maxContinuations;
      let note = '';
      if (continuing) {
        const published = await continueUnit(deps, def, unit, ref.generation, next, continuable);
        note = published
          ? `; ${continuable.length} continued as link ${next}/${deps.config.maxContinuations}`
          : `; link ${next} already published by an earlier delivery`;
      } else if (continuable.length > 0 && deps.config.maxContinuations > 0)
        note = `; ${continuable.length} left after ${link} continuation(s), the limit`;
      const alerted = continuing ? failures.filter((f) => !f.continuable) : failures;
      if (alerted.length > 0)
        await alertPartial(deps, def, unit, run.slotId, link, alerted, exchanges.length);
      return {
        status: 'partial',
        apiTotal,
        rowsOut: rawRows,
        contentMd5: md5,
        error: {
          code: `${def.source.toUpperCase()}.PARTIAL`,
          // Keys and codes only: 121 failed places still fit the ledger's message.
          message: failures.map((f) => `${f.key} ${f.code}`).join('; '),
        },
        note: `${failures.length} failed: ${failures.map((f) => f.key).join(', ')}${note}`,
      } satisfies Outcome;
    }
    return {
      status: 'succeeded',
      apiTotal,
      rowsOut: rawRows,
      contentMd5: md5,
      note: resumed
        ? 'unchanged content, unit not loaded yet: written again as a new generation'
        : ref.written
          ? undefined
          : 'unchanged content, no new generation',
    };
  };
}

/** `{"spark_batch": [slot, ...]}`: writes the batch request object (always a new generation). */
async function requestBatch(
  deps: StageDeps,
  def: SourceDefinition,
  message: PubsubMessage,
  run: RunContext,
): Promise<Outcome> {
  const slots = message.body.spark_batch;
  if (def.transform.kind !== 'spark' || def.unit !== 'window')
    throw new PermanentError('EVENT.BATCH', `${def.source} has no batched Spark transform`);
  if (
    !Array.isArray(slots) ||
    slots.length === 0 ||
    slots.length > MAX_BATCH_DAYS ||
    !slots.every((s) => typeof s === 'string')
  )
    throw new PermanentError(
      'EVENT.BATCH',
      `"spark_batch" must list 1 to ${MAX_BATCH_DAYS} slots of ${def.source}`,
    );
  const units = [...new Set(slots as string[])]
    .map((s) => parseUnitId(s))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  for (const u of units)
    if (u.slot?.period !== def.schedule.period)
      throw new PermanentError(
        'EVENT.SLOT_PERIOD',
        `${def.source} slots are ${def.schedule.period}, batch named ${u.id}`,
      );
  const name = batchObjectName(def, units);
  run.slotId = `batch=${units[0]!.date}_${units.at(-1)!.date}`;
  // Not skipIfUnchanged: asking again for the same days must reach the transform again (its claims
  // skip the days that already ran).
  const ref = await deps.store.write(
    deps.store.bucket('raw'),
    name,
    JSON.stringify({ source: def.source, dataset: def.dataset, slots: units.map((u) => u.id) }),
    { contentType: 'application/json', metadata: { source: def.source, dataset: def.dataset } },
  );
  run.object = ref;
  return { status: 'succeeded', note: `batch of ${units.length} day(s) requested: ${name}` };
}

/** One alert per unit and chain link (a capped chain alerts once more than its head). */
async function alertPartial(
  deps: StageDeps,
  def: SourceDefinition,
  unit: Unit,
  slotId: string,
  link: number,
  failures: KeyFailure[],
  answers: number,
): Promise<void> {
  const list = failures.map((f) => `${f.key}: ${f.code}: ${f.message}`);
  const capped = failures.some((f) => f.continuable) && deps.config.maxContinuations > 0;
  const retry = {
    ...(unit.key !== undefined ? { key: unit.key } : { slot: unit.id }),
    keys: failures.map((f) => f.key),
  };
  await deps.alerts.send({
    severity: 'warning',
    title: `Partial: ${failures.length} request(s) failed for ${def.source}/${def.dataset}`,
    text: `Unit ${slotId} kept ${answers - failures.length} answers; failed:\n${list.join('\n')}${capped ? `\nThe time budget ran out ${link + 1} time(s) in a row (MAX_CONTINUATIONS=${deps.config.maxContinuations}).` : ''}\nRetry just these: publish ${JSON.stringify(retry)} to topic ${deps.config.topicPrefix}${def.source}`,
    key: `${def.source}/${def.dataset}/${slotId}/partial${link > 0 ? `/continuation-${link}` : ''}`,
    fields: { failed: failures.map((f) => f.key).join(', ') },
  });
}
