// Groups bursts of small observations (socket writes, file writes, cipher updates, location
// reads) into one event: an entry is flushed after `idleMs` without activity, after `maxMs` in
// all, or explicitly (close, doFinal). PURE: the clock and timers are injected.

export interface Scheduler {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

interface Entry<A> {
  acc: A;
  first: number;
  timer: unknown;
}

export class Coalescer<K, A> {
  private readonly entries = new Map<K, Entry<A>>();

  constructor(
    private readonly sched: Scheduler,
    private readonly opts: { idleMs: number; maxMs: number; maxEntries?: number },
    private readonly onFlush: (key: K, acc: A, firstTs: number) => void,
  ) {}

  /** Adds to the entry of `key` (created with `init`), then re-arms its idle timer. */
  add(key: K, init: () => A, update: (acc: A) => void): void {
    let e = this.entries.get(key);
    if (!e) {
      if (this.opts.maxEntries !== undefined && this.entries.size >= this.opts.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.flush(oldest);
      }
      e = { acc: init(), first: this.sched.now(), timer: undefined };
      this.entries.set(key, e);
    }
    update(e.acc);
    if (e.timer !== undefined) this.sched.clearTimeout(e.timer);
    const age = this.sched.now() - e.first;
    const wait = Math.max(0, Math.min(this.opts.idleMs, this.opts.maxMs - age));
    e.timer = this.sched.setTimeout(() => this.flush(key), wait);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Flushes `key` now, if it has an entry. */
  flush(key: K): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    if (e.timer !== undefined) this.sched.clearTimeout(e.timer);
    this.onFlush(key, e.acc, e.first);
  }

  flushAll(): void {
    for (const key of [...this.entries.keys()]) this.flush(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
