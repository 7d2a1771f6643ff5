/** Wraps every stage in the one error policy; used by the composition root and the local runtime alike. */
import { withErrorPolicy, type Delivery } from '../core/policy.js';
import type { CloudEventLike } from '../core/events.js';
import type { StageDeps } from './deps.js';
import { makeExtractHandler } from './extract.js';
import { makeLoadHandler } from './load.js';
import { makeDeadLetterHandler, makeSweepHandler } from './maintenance.js';
import { makeTransformHandler } from './transform.js';

export type EventHandler = (event: CloudEventLike, delivery?: Delivery) => Promise<void>;

/** Keys are the entry-point names of functions/entrypoints.ts. */
export function buildHandlers(
  deps: StageDeps,
  defaultSource?: string,
): Record<string, EventHandler> {
  return {
    extract: withErrorPolicy('extract', deps, makeExtractHandler(deps, defaultSource)),
    transform: withErrorPolicy('transform', deps, makeTransformHandler(deps)),
    load: withErrorPolicy('load', deps, makeLoadHandler(deps)),
    dead_letter: withErrorPolicy('dead_letter', deps, makeDeadLetterHandler(deps)),
    sweep_clusters: withErrorPolicy('sweep', deps, makeSweepHandler(deps)),
  };
}
