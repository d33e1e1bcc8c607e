// The queue a forwarder drains: alert versions in the order they were made, and a position per
// output. The server keeps it in SQLite (src/store/forward-store.ts), a worker in a JetStream
// durable consumer, `detect` in memory (below).
import type { Alert } from '../model/index.js';

export interface QueueItem { key: number; alert: Alert; final: boolean }

export interface ForwardQueue {
  /** up to `n` items after the acknowledged ones, oldest first */
  peek(n: number): Promise<QueueItem[]> | QueueItem[];
  /** moves the position past `items` (delivered or filtered out); `dead` is one of them that
   *  goes to the dead letters with its reason and attempts instead */
  ack(items: QueueItem[], dead?: { item: QueueItem; reason: string; attempts: number }): Promise<void> | void;
  /** resolves when new items may have arrived, or when `signal` aborts */
  changed(signal: AbortSignal): Promise<void>;
  /** items not acknowledged yet */
  pending(): number;
  /** versions in the dead letters (kept across restarts where the queue is durable) */
  deadCount(): number;
  /** the forwarder stopped (timers of the queue end) */
  close?(): void;
}

/** `detect`'s queue: the run's versions, in memory; delivered ones are let go */
export class MemoryQueue implements ForwardQueue {
  private items: QueueItem[] = [];
  /** key of items[0] */
  private base = 0;
  private waiters: (() => void)[] = [];
  readonly dead: { item: QueueItem; reason: string; attempts: number }[] = [];

  push(alert: Alert, final: boolean): void {
    this.items.push({ key: this.base + this.items.length, alert, final });
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  peek(n: number): QueueItem[] { return this.items.slice(0, n); }
  ack(items: QueueItem[], dead?: { item: QueueItem; reason: string; attempts: number }): void {
    if (dead) this.dead.push(dead);
    const last = items[items.length - 1];
    if (!last || last.key < this.base) return;
    this.items = this.items.slice(last.key + 1 - this.base);
    this.base = last.key + 1;
  }
  changed(signal: AbortSignal): Promise<void> {
    if (this.items.length > 0 || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { signal.removeEventListener('abort', done); resolve(); };
      this.waiters.push(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
  pending(): number { return this.items.length; }
  deadCount(): number { return this.dead.length; }
}
