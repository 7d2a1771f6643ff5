/**
 * Slack incoming-webhook alerts, shared by both runtimes (plain HTTPS, no SDK). Quiet by design: one
 * message per alert key per process (a redelivered failure does not page twice). The webhook URL is
 * a secret: it never appears in logs or errors.
 */
import type { Alert, Alerts } from '../core/ports.js';

const ICON: Record<Alert['severity'], string> = {
  info: ':information_source:',
  warning: ':warning:',
  error: ':rotating_light:',
  recovery: ':white_check_mark:',
};

export function slackPayload(alert: Alert): { text: string; blocks: unknown[] } {
  const fields = Object.entries(alert.fields ?? {}).map(([k, v]) => ({
    type: 'mrkdwn',
    text: `*${k}*\n${v}`,
  }));
  return {
    text: `${ICON[alert.severity]} ${alert.title}`,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${ICON[alert.severity]} *${alert.title}*\n${alert.text}` },
      },
      ...(fields.length ? [{ type: 'section', fields }] : []),
    ],
  };
}

export class SlackAlerts implements Alerts {
  private readonly sent = new Set<string>();
  readonly history: Alert[] = [];

  constructor(
    private readonly webhookUrl: () => Promise<string | undefined>,
    private readonly print: ((line: string) => void) | undefined,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async send(alert: Alert): Promise<void> {
    const key = `${alert.severity}:${alert.key}`;
    if (this.sent.has(key)) return;
    this.sent.add(key);
    this.history.push(alert);
    this.print?.(`[slack] ${ICON[alert.severity]} ${alert.title} — ${alert.text.split('\n')[0]}`);
    const url = await this.webhookUrl();
    if (!url) return;
    try {
      const res = await this.fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(slackPayload(alert)),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) this.print?.(`[slack] webhook answered HTTP ${res.status}`);
    } catch {
      // An alerting outage must not fail the pipeline; the structured log line still carries the event.
      this.print?.('[slack] webhook unreachable');
    }
  }
}
