/**
 * Extract: a Pub/Sub message (scheduled: no time, so the slot is derived from the publish time;
 * backfill: `{"slot": "..."}`) -> one API pull for that slot -> the raw object, stored as received.
 */
import { createHash } from 'node:crypto';
import { PermanentError } from '../core/errors.js';
import { decodePubsubEvent } from '../core/events.js';
import type { StageHandler } from '../core/policy.js';
import { formatSlot, parseSlot, scheduledSlot } from '../core/slots.js';
import { getSource } from '../sources/registry.js';
import type { StageDeps } from './deps.js';
import { rawObjectName } from './objects.js';

export function makeExtractHandler(deps: StageDeps, defaultSource?: string): StageHandler {
  return async (event, run) => {
    const message = decodePubsubEvent(event);
    const def = getSource(
      String(message.attributes.source ?? message.body.source ?? defaultSource ?? ''),
    );
    run.source = def.source;
    run.dataset = def.dataset;
    const slot =
      typeof message.body.slot === 'string'
        ? parseSlot(message.body.slot)
        : scheduledSlot(message.publishTime, def.schedule);
    if (slot.period !== def.schedule.period) {
      throw new PermanentError(
        'EVENT.SLOT_PERIOD',
        `${def.source} slots are ${def.schedule.period}, message named ${formatSlot(slot)}`,
      );
    }
    run.slotId = formatSlot(slot);
    const { settings, options } = deps.config.sources[def.source]!;
    const secret = def.secretEnv ? await deps.secrets.get(def.secretEnv) : undefined;
    const log = run.log.child({ source: def.source, dataset: def.dataset, slot: run.slotId });
    const result = await def.extract({ slot, settings, options, secret, http: deps.http, log });

    if (result.kind === 'empty') {
      await deps.alerts.send({
        severity: 'info',
        title: `No data: ${def.source}/${def.dataset}`,
        text: `Slot ${run.slotId}: ${result.reason}. No raw object was written.`,
        key: `${def.source}/${def.dataset}/${run.slotId}/empty`,
      });
      return { status: 'empty', apiTotal: 0, rowsOut: 0, note: result.reason };
    }
    const md5 = createHash('md5').update(result.body).digest('base64');
    const ref = await deps.store.write(
      deps.store.bucket('raw'),
      rawObjectName(def, slot),
      result.body,
      {
        contentType: result.contentType,
        metadata: {
          source: def.source,
          dataset: def.dataset,
          slot: run.slotId,
          api_total: String(result.apiTotal),
          raw_rows: String(result.rawRows),
        },
        // A forced rerun writes a new generation even for identical bytes, so every later stage runs again.
        skipIfUnchanged: message.body.force !== true,
      },
    );
    run.object = ref;
    return {
      status: 'succeeded',
      apiTotal: result.apiTotal,
      rowsOut: result.rawRows,
      contentMd5: md5,
      note: ref.written ? undefined : 'unchanged content, no new generation',
    };
  };
}
