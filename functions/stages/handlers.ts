/** Wraps every stage in the one error policy; used by the composition root and the local runtime alike. */
import { withErrorPolicy, type Delivery } from '../core/policy.js';
import type { CloudEventLike } from '../core/events.js';
import type { Stage } from '../core/ledger.js';
import type { StageHandler } from '../core/policy.js';
import type { StageDeps } from './deps.js';

export type EventHandler = (event: CloudEventLike, delivery?: Delivery) => Promise<void>;

/**
 * Per entry point (the names of functions/entrypoints.ts): the stage name its ledger rows carry and
 * the module that makes its handler, imported only when that entry point is built, so a function
 * instance loads the code of its own stage alone (issue 16: first-event overhead).
 */
const STAGES: Record<
  string,
  { stage: Stage; make: (deps: StageDeps, defaultSource?: string) => Promise<StageHandler> }
> = {
  extract: {
    stage: 'extract',
    make: async (deps, source) => (await import('./extract.js')).makeExtractHandler(deps, source),
  },
  transform: {
    stage: 'transform',
    make: async (deps) => (await import('./transform.js')).makeTransformHandler(deps),
  },
  load: { stage: 'load', make: async (deps) => (await import('./load.js')).makeLoadHandler(deps) },
  dead_letter: {
    stage: 'dead_letter',
    make: async (deps) => (await import('./maintenance.js')).makeDeadLetterHandler(deps),
  },
  sweep_clusters: {
    stage: 'sweep',
    make: async (deps) => (await import('./maintenance.js')).makeSweepHandler(deps),
  },
};

/** One entry point's handler, wrapped in the error policy (undefined for an unknown name). */
export async function buildHandler(
  name: string,
  deps: StageDeps,
  defaultSource?: string,
): Promise<EventHandler | undefined> {
  const entry = STAGES[name];
  if (!entry) return undefined;
  return withErrorPolicy(entry.stage, deps, await entry.make(deps, defaultSource));
}

/** Every entry point's handler. Keys are the entry-point names of functions/entrypoints.ts. */
export async function buildHandlers(
  deps: StageDeps,
  defaultSource?: string,
): Promise<Record<string, EventHandler>> {
  const names = Object.keys(STAGES);
  const handlers = await Promise.all(names.map((n) => buildHandler(n, deps, defaultSource)));
  return Object.fromEntries(names.map((n, i) => [n, handlers[i]!]));
}
