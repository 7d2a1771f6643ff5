/**
 * Slack incoming-webhook alerts, shared by both runtimes, posted with @slack/webhook. It sends what it
 * is given: "one message per alert key" is decided across instances by core/alerting.ts (a
 * create-only claim per key, keys naming ledger episodes), not by this process's memory, which
 * neither sees the other instances nor knows that a failure was followed by a recovery. The webhook
 * URL is a secret: it never appears in logs or errors.
 *
 * An alert is never lost to its own size or to Slack:
 * - the payload is fitted to Block Kit's limits (a section's text <= 3,000 characters, <= 10 fields of
 *   <= 2,000); what is cut is replaced by a pointer to the log entry that carries the whole alert;
 * - 429 and 5xx are retried, waiting what Retry-After says (@slack/webhook retries 5xx and network
 *   errors itself but fails a 429 at once, so the fetch it is given handles Retry-After);
 * - a delivery that still fails is printed at severity ERROR, which the log-based failure metric
 *   (terraform/modules/alerting: severity>=ERROR) turns into a Cloud Monitoring alert.
 */
import { IncomingWebhook, type FetchFunction } from '@slack/webhook';

type FetchResponse = Awaited<ReturnType<FetchFunction>>;
import type { Alert, Alerts } from '../core/ports.js';

const ICON: Record<Alert['severity'], string> = {
  info: ':information_source:',
  warning: ':warning:',
  error: ':rotating_light:',
  recovery: ':white_check_mark:',
};

/** Block Kit limits (api.slack.com/reference/block-kit/blocks#section). */
export const SLACK_LIMITS = {
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  /** The notification text; Slack allows far more, a notification shows a line. */
  fallbackText: 300,
} as const;

/** Cuts `text` to at most `max` characters (whole code points), ending with `marker` when it cut. */
export function truncate(text: string, max: number, marker: string): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - marker.length);
  let cut = '';
  for (const ch of text) {
    if (cut.length + ch.length > room) break;
    cut += ch;
  }
  return cut + marker;
}

/** Where the whole alert is when Slack shows only part of it. */
export function logPointer(alert: Alert): string {
  return `see the log entry "[slack] full alert" with key ${alert.key.slice(0, 200)}`;
}

export interface FittedPayload {
  text: string;
  blocks: {
    type: 'section';
    text?: { type: 'mrkdwn'; text: string };
    fields?: { type: 'mrkdwn'; text: string }[];
  }[];
  /** True when something was cut to fit (the full alert must then be logged). */
  truncated: boolean;
}

export function slackPayload(alert: Alert): FittedPayload {
  let truncated = false;
  const fit = (text: string, max: number) => {
    const out = truncate(text, max, `… (truncated; ${logPointer(alert)})`);
    if (out !== text) truncated = true;
    return out;
  };
  const icon = ICON[alert.severity];
  let entries = Object.entries(alert.fields ?? {});
  if (entries.length > SLACK_LIMITS.fields) {
    const rest = entries.slice(SLACK_LIMITS.fields - 1);
    entries = [
      ...entries.slice(0, SLACK_LIMITS.fields - 1),
      [`+${rest.length} more fields`, rest.map(([k]) => k).join(', ')],
    ];
    truncated = true;
  }
  const fields = entries.map(([k, v]) => ({
    type: 'mrkdwn' as const,
    text: fit(`*${k}*\n${v}`, SLACK_LIMITS.fieldText),
  }));
  return {
    text: truncate(`${icon} ${alert.title}`, SLACK_LIMITS.fallbackText, '…'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: fit(`${icon} *${alert.title}*\n${alert.text}`, SLACK_LIMITS.sectionText),
        },
      },
      ...(fields.length ? [{ type: 'section' as const, fields }] : []),
    ],
    truncated,
  };
}

export interface SlackDeliveryOptions {
  /** Extra attempts after a 429 / 5xx / network failure. */
  retries?: number;
  /** Longest Retry-After honoured; a longer one gives up (a function must not sleep for minutes). */
  maxRetryAfterMs?: number;
  /** Wait before a retry when the answer names none (doubles each time). */
  backoffMs?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Retry-After: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.round(Number(header) * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The fetch @slack/webhook posts with: a per-request timeout; 429 / 5xx answers retried after their
 * Retry-After (or a doubling backoff), network errors after the backoff. The last answer is returned
 * as is, for the client to fail on.
 */
export function retryingFetch(
  fetchImpl: typeof fetch,
  o: Required<SlackDeliveryOptions>,
): FetchFunction {
  return async (url, init) => {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(o.timeoutMs) });
      } catch (error) {
        if (attempt >= o.retries) throw error;
        await o.sleep(o.backoffMs * 2 ** attempt);
        continue;
      }
      if (res.status !== 429 && res.status < 500) return res as unknown as FetchResponse;
      const wait = retryAfterMs(res.headers.get('retry-after')) ?? o.backoffMs * 2 ** attempt;
      if (attempt >= o.retries || wait > o.maxRetryAfterMs) return res as unknown as FetchResponse;
      await res.arrayBuffer().catch(() => undefined);
      await o.sleep(wait);
    }
  };
}

/** `print(line, 'ERROR')` marks a line a log-based alert policy must catch (GCP: log severity). */
export type AlertPrinter = (line: string, severity?: 'ERROR') => void;

export class SlackAlerts implements Alerts {
  readonly history: Alert[] = [];
  private readonly delivery: Required<SlackDeliveryOptions>;

  constructor(
    private readonly webhookUrl: () => Promise<string | undefined>,
    private readonly print: AlertPrinter | undefined,
    private readonly fetchImpl: typeof fetch = fetch,
    options: SlackDeliveryOptions = {},
  ) {
    this.delivery = {
      retries: options.retries ?? 3,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
      backoffMs: options.backoffMs ?? 1000,
      timeoutMs: options.timeoutMs ?? 10_000,
      sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    };
  }

  async send(alert: Alert): Promise<void> {
    this.history.push(alert);
    this.print?.(`[slack] ${ICON[alert.severity]} ${alert.title} — ${alert.text.split('\n')[0]}`);
    const url = await this.webhookUrl();
    if (!url) return;
    const { truncated, ...payload } = slackPayload(alert);
    if (truncated) this.print?.(`[slack] full alert (key ${alert.key}): ${JSON.stringify(alert)}`);
    // The fetch above does every retry (the client's own policy would skip 429s and ignore Retry-After);
    // the client's stays off so attempts do not multiply.
    const webhook = new IncomingWebhook(url, {
      fetch: retryingFetch(this.fetchImpl, this.delivery),
      retryConfig: { retries: 0 },
    });
    try {
      await webhook.send(payload);
    } catch (error) {
      // An alerting outage must not fail the pipeline; this ERROR line is what a log-based policy catches.
      const status = (error as { statusCode?: number }).statusCode;
      const body = (error as { body?: string }).body;
      this.print?.(
        `[slack] alert NOT delivered (key ${alert.key}, ${status ? `HTTP ${status}${body ? ` ${body.slice(0, 200)}` : ''}` : 'webhook unreachable'}): ${JSON.stringify(alert)}`,
        'ERROR',
      );
    }
  }
}
