/**
 * Alerts are sent once per key across every instance and process, not once per process: before a
 * message goes out its key is claimed create-only (`_alerts/<severity>/<key>` in the quarantine
 * bucket; Cloud Storage refuses a second create, so two function instances handling duplicates of
 * one event cannot both send). Keys name an episode decided from the run ledger — a unit's failure
 * since its last success, the recovery of that failure, one day's "no data" digest — so a second
 * failure after a recovery has a new key and is never swallowed.
 */
import { createHash } from 'node:crypto';
import type { Alert, Alerts, ObjectStore } from './ports.js';

/** Object name of an alert key's claim: readable, bounded (GCS names are <= 1024 bytes). */
export function alertClaimName(alert: Pick<Alert, 'severity' | 'key'>): string {
  const readable = alert.key.replace(/[^\w.=+-]+/g, '_').slice(0, 200);
  const hash = createHash('sha256').update(alert.key).digest('hex').slice(0, 12);
  return `_alerts/${alert.severity}/${readable}~${hash}`;
}

export class OnceAlerts implements Alerts {
  constructor(
    private readonly inner: Alerts,
    private readonly store: ObjectStore,
  ) {}

  async send(alert: Alert): Promise<void> {
    const claim = await this.store.write(
      this.store.bucket('quarantine'),
      alertClaimName(alert),
      JSON.stringify({ title: alert.title, key: alert.key }),
      { contentType: 'application/json', ifAbsent: true },
    );
    if (!claim.written) return;
    await this.inner.send(alert);
  }
}
