/**
 * In-process event delivery with Pub/Sub / Eventarc semantics: at least once, retried with backoff
 * while the handler throws, handlers run concurrently. `chaos` mode delivers every event twice and
 * shuffles the queue, which is how the tests prove the stages are idempotent and order-insensitive.
 */
import { randomUUID } from 'node:crypto';
import { pubsubPublishedEvent, type CloudEventLike } from '../../core/events.js';
import type { Delivery } from '../../core/policy.js';
import type { Publisher } from '../../core/ports.js';

export type Handler = (event: CloudEventLike, delivery: Delivery) => Promise<void>;

export interface BusOptions {
  /** Deliver every event twice and out of order. */
  chaos?: boolean;
  concurrency?: number;
  /** Delivery attempts before the bus itself gives up (the error policy dead-letters earlier). */
  maxDeliveries?: number;
  retryDelayMs?: number;
  random?: () => number;
  /** Publish times come from it (a pinned clock replays a snapshot source's schedule). */
  clock?: { now(): number };
}

interface Pending {
  key: string;
  event: CloudEventLike;
  attempt: number;
  notBefore: number;
}

export class LocalBus implements Publisher {
  private readonly handlers = new Map<string, Handler>();
  private queue: Pending[] = [];
  private running = 0;
  private idle: (() => void)[] = [];
  private readonly failures: { key: string; eventId: string; error: unknown }[] = [];
  private readonly opts: Required<BusOptions>;
  private stopped = false;
  private dropped = 0;

  constructor(options: BusOptions = {}) {
    this.opts = {
      chaos: options.chaos ?? false,
      concurrency: options.concurrency ?? 4,
      maxDeliveries: options.maxDeliveries ?? 10,
      retryDelayMs: options.retryDelayMs ?? 50,
      random: options.random ?? Math.random,
      clock: options.clock ?? { now: () => Date.now() },
    };
  }

  /** Subscribes a handler to `topic:<name>` or `bucket:<name>`. */
  subscribe(key: string, handler: Handler): void {
    this.handlers.set(key, handler);
  }

  async publish(
    topic: string,
    body: Record<string, unknown>,
    attributes: Record<string, string>,
  ): Promise<string> {
    const messageId = randomUUID();
    this.emit(
      `topic:${topic}`,
      pubsubPublishedEvent({
        topic,
        messageId,
        body,
        attributes,
        publishTime: new Date(this.opts.clock.now()).toISOString(),
      }),
    );
    return messageId;
  }

  emit(key: string, event: CloudEventLike): void {
    if (!this.handlers.has(key)) return;
    if (this.stopped) {
      this.dropped++;
      return;
    }
    const copies = this.opts.chaos ? 2 : 1;
    for (let i = 0; i < copies; i++) this.queue.push({ key, event, attempt: 1, notBefore: 0 });
    if (this.opts.chaos) this.shuffle();
    this.pump();
  }

  private shuffle(): void {
    for (let i = this.queue.length - 1; i > 0; i--) {
      const j = Math.floor(this.opts.random() * (i + 1));
      [this.queue[i], this.queue[j]] = [this.queue[j]!, this.queue[i]!];
    }
  }

  private pump(): void {
    while (this.running < this.opts.concurrency && !this.stopped) {
      const now = Date.now();
      const index = this.queue.findIndex((p) => p.notBefore <= now);
      if (index === -1) {
        if (this.queue.length > 0 && this.running === 0) {
          const wait = Math.max(1, Math.min(...this.queue.map((p) => p.notBefore)) - now);
          setTimeout(() => this.pump(), wait);
        }
        break;
      }
      const [item] = this.queue.splice(index, 1);
      this.running++;
      void this.deliver(item!).finally(() => {
        this.running--;
        this.pump();
        if (this.running === 0 && this.queue.length === 0)
          for (const resolve of this.idle.splice(0)) resolve();
      });
    }
  }

  private async deliver(item: Pending): Promise<void> {
    const handler = this.handlers.get(item.key)!;
    try {
      await handler(item.event, { attempt: item.attempt });
    } catch (error) {
      if (this.stopped) {
        this.dropped++;
        return;
      }
      if (item.attempt >= this.opts.maxDeliveries) {
        this.failures.push({ key: item.key, eventId: item.event.id, error });
        return;
      }
      const delay = this.opts.retryDelayMs * 2 ** (item.attempt - 1);
      this.queue.push({ ...item, attempt: item.attempt + 1, notBefore: Date.now() + delay });
    }
  }

  /**
   * Interrupt: start no more deliveries and drop every queued event and every event emitted from now
   * on (a process that is going away loses them all the same; the ledger shows those units
   * unfinished, and a rerun resumes them). Handlers already running finish; drain() waits for them.
   * Returns how many queued events were dropped.
   */
  stop(): number {
    this.stopped = true;
    this.dropped += this.queue.length;
    this.queue = [];
    if (this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
    return this.dropped;
  }

  /** Events dropped since stop(). */
  droppedCount(): number {
    return this.dropped;
  }

  /** Resolves once every event, including the ones it caused, has been handled. */
  drain(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Events the bus gave up on after maxDeliveries (should stay empty: the policy acks first). */
  undelivered(): readonly { key: string; eventId: string; error: unknown }[] {
    return this.failures;
  }
}
