/**
 * The composition root: the one place that reads the environment, parses configuration and builds
 * the Google Cloud clients. Every entry point of functions/entrypoints.ts is registered here with the
 * Functions Framework; Terraform picks one per function with `entry_point`.
 *
 * Cold start stays small: importing this file parses the configuration (so a bad setting fails the
 * deployment with one clear line) but loads no cloud client; those are built on the first event
 * and reused by every later invocation of the instance. It deploys as an esbuild bundle
 * (scripts/bundle.mjs): each lazily imported stage and SDK is a chunk of its own.
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
const handlers = new Map<string, Promise<EventHandler>>();

/**
 * The entry point's handler, built on its first event and reused: only that stage's module and the
 * SDKs its calls need are loaded (an instance serves one entry point). A failed build is not
 * cached: the next event tries again.
 */
function getHandler(name: string): Promise<EventHandler> {
  let handler = handlers.get(name);
  if (!handler) {
    handler = Promise.all([import('./adapters/gcp/runtime.js'), import('./stages/handlers.js')])
      .then(([runtime, stages]) =>
        stages.buildHandler(name, runtime.createGcpDeps(config, process.env), process.env.SOURCE),
      )
      .then((built) => {
        if (!built) throw new Error(`entry point ${name} has no handler in stages/handlers.ts`);
        return built;
      });
    handlers.set(name, handler);
    handler.catch(() => handlers.delete(name));
  }
  return handler;
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
    const handler = await getHandler(entry.name);
    await handler(event, { attempt: deliveryAttempt(event.data) });
  });
}
