/**
 * Structured JSON logging in the shape Cloud Logging parses from stdout: `severity`, `message`,
 * `logging.googleapis.com/labels` (source, dataset, slot, stage) and `logging.googleapis.com/trace`.
 * Extra fields land in jsonPayload. The sink is injectable so the CLI can route logs to a file.
 */
export type Severity = 'DEBUG' | 'INFO' | 'NOTICE' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface LogLabels {
  source?: string;
  dataset?: string;
  slot?: string;
  stage?: string;
}

export interface Logger {
  log(severity: Severity, message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(labels: LogLabels, trace?: string): Logger;
}

export type LogSink = (line: string) => void;

export function createLogger(sink: LogSink, labels: LogLabels = {}, trace?: string): Logger {
  const log = (severity: Severity, message: string, fields: Record<string, unknown> = {}): void => {
    const entry: Record<string, unknown> = {
      severity,
      message,
      time: new Date().toISOString(),
      ...labels,
      ...fields,
      'logging.googleapis.com/labels': labels,
    };
    if (trace) entry['logging.googleapis.com/trace'] = trace;
    sink(JSON.stringify(entry));
  };
  return {
    log,
    info: (m, f) => log('INFO', m, f),
    warn: (m, f) => log('WARNING', m, f),
    error: (m, f) => log('ERROR', m, f),
    child: (more, t) => createLogger(sink, { ...labels, ...more }, t ?? trace),
  };
}

/** `traceparent` (W3C) -> Cloud Logging trace name. */
export function traceFromHeader(
  traceparent: string | undefined,
  projectId: string | undefined,
): string | undefined {
  const m = traceparent ? /^[\da-f]{2}-([\da-f]{32})-/.exec(traceparent) : null;
  return m && projectId ? `projects/${projectId}/traces/${m[1]}` : undefined;
}
