/**
 * The composition root: the one place that reads the environment, parses configuration and builds
 * the Google Cloud clients. Every entry point of functions/entrypoints.ts is registered here with the
 * Functions Framework; Terraform picks one per function with `entry_point`.
 *
 * Cold start stays small: importing this file parses the configuration (so a bad setting fails the
 * deployment with one clear line) but loads no cloud client; those are built on the first event
 * and reused by every later invocation of the instance.
 */
import * as functions from '@google-cloud/functions-framework';
import type { CloudEvent } from '@google-cloud/functions-framework';
import { parseConfig, type Config } from './config.js';
import { PipelineError } from './core/errors.js';
import { ENTRY_POINTS } from './entrypoints.js';
import { SOURCES } from './sources/registry.js';
import type { EventHandler } from './stages/handlers.js';

function loadConfig(): Config {
  try {
    return parseConfig(process.env, SOURCES);
  } catch (error) {
    if (error instanceof PipelineError && error.kind === 'config') {
      process.stderr.write(
        `${JSON.stringify({ severity: 'CRITICAL', message: `configuration error: ${error.code}: ${error.message}` })}\n`,
      );
      process.exit(1);
    }
    throw error;
  }
}

const config = loadConfig();
let handlers: Promise<Record<string, EventHandler>> | undefined;

function getHandlers(): Promise<Record<string, EventHandler>> {
  if (!handlers) {
    handlers = Promise.all([
      import('./adapters/gcp/runtime.js'),
      import('./stages/handlers.js'),
    ]).then(([runtime, stages]) =>
      stages.buildHandlers(runtime.createGcpDeps(config, process.env), process.env.SOURCE),
    );
    // A failed build is not cached: the next event tries again.
    handlers.catch(() => (handlers = undefined));
  }
  return handlers;
}

/** Pub/Sub push deliveries carry `deliveryAttempt` when the subscription has a dead-letter policy. */
function deliveryAttempt(data: unknown): number | undefined {
  const attempt = (data as { deliveryAttempt?: unknown } | null | undefined)?.deliveryAttempt;
  return typeof attempt === 'number' && Number.isInteger(attempt) && attempt > 0
    ? attempt
    : undefined;
}

for (const entry of ENTRY_POINTS) {
  functions.cloudEvent(entry.name, async (event: CloudEvent<unknown>) => {
    const handler = (await getHandlers())[entry.name];
    if (!handler) throw new Error(`entry point ${entry.name} has no handler in stages/handlers.ts`);
    await handler(event, { attempt: deliveryAttempt(event.data) });
  });
}
