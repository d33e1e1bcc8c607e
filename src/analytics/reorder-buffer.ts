// Holds events for `lateness` ms of event time so that input shuffled within that bound is
// released in one canonical order: (ts, device, app, type, id). Identical order => identical
// state => identical alerts and ids, whatever order the lines arrived in.
import type { Accepted } from '../model/index.js';

export function compareAccepted(a: Accepted, b: Accepted): number {
  if (a.ts !== b.ts) return a.ts - b.ts;
  const x = a.event, y = b.event;
  if (x.device !== y.device) return x.device < y.device ? -1 : 1;
  const xa = x.app ?? '', ya = y.app ?? '';
  if (xa !== ya) return xa < ya ? -1 : 1;
  if (x.type !== y.type) return x.type < y.type ? -1 : 1;
  const xi = x.id ?? '', yi = y.id ?? '';
  if (xi !== yi) return xi < yi ? -1 : 1;
  return 0;
}

/** Two parts: a FIFO for events that arrive in canonical order (nearly all of them: O(1), no
 *  allocation; a ring that doubles when full, so its storage is not re-made as events pass) and a
 *  binary heap for the rest; release merges the two. Exact ties (same ts, device, app, type and
 *  id, which sensor ids prevent) have no canonical order. */
export class ReorderBuffer {
  private heap: Accepted[] = [];
  private ring: (Accepted | undefined)[] = new Array<Accepted | undefined>(1024).fill(undefined);
  private mask = 1023;
  private head = 0;
  private count = 0;
  /** highest event time seen so far */
  maxTs = -Infinity;
  /** everything at or before this time has been released */
  watermark = -Infinity;

  constructor(readonly lateness: number) {}

  get size(): number { return this.heap.length + this.count; }

  /** true when the event arrived after its time was already released (later than lateness) */
  isLate(a: Accepted): boolean { return a.ts < this.watermark; }

  push(a: Accepted): void {
    if (a.ts > this.maxTs) this.maxTs = a.ts;
    if (this.count === 0 || compareAccepted(this.ring[(this.head + this.count - 1) & this.mask]!, a) <= 0) {
      if (this.count > this.mask) this.grow();
      this.ring[(this.head + this.count) & this.mask] = a;
      this.count++;
      return;
    }
    const h = this.heap;
    h.push(a);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (compareAccepted(h[p], h[i]) <= 0) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  private grow(): void {
    const old = this.ring, n = old.length;
    const ring = new Array<Accepted | undefined>(n * 2).fill(undefined);
    for (let i = 0; i < this.count; i++) ring[i] = old[(this.head + i) & this.mask];
    this.ring = ring;
    this.mask = n * 2 - 1;
    this.head = 0;
  }

  /** Releases, in canonical order, every event at or before maxTs - lateness. */
  drain(out: (a: Accepted) => void): void {
    const upTo = this.maxTs - this.lateness;
    // cheap exit: nothing is due yet
    const h = this.heap;
    if ((this.count === 0 || this.ring[this.head]!.ts > upTo) && (h.length === 0 || h[0].ts > upTo)) {
      if (upTo > this.watermark) this.watermark = upTo;
      return;
    }
    this.release(upTo, out);
  }

  /** Event time has reached `ts` without an event: releases every event at or before ts - lateness. */
  advanceTo(ts: number, out: (a: Accepted) => void): void {
    if (ts > this.maxTs) this.maxTs = ts;
    this.release(this.maxTs - this.lateness, out);
  }

  /** End of input: release everything. */
  flush(out: (a: Accepted) => void): void {
    this.release(Infinity, out);
  }

  private release(upTo: number, out: (a: Accepted) => void): void {
    const h = this.heap;
    for (;;) {
      const fromFifo = this.count > 0 ? this.ring[this.head] : undefined;
      const fromHeap = h.length > 0 ? h[0] : undefined;
      let top: Accepted;
      if (fromFifo && (!fromHeap || compareAccepted(fromFifo, fromHeap) <= 0)) {
        if (fromFifo.ts > upTo) break;
        top = fromFifo;
        this.ring[this.head] = undefined;
        this.head = (this.head + 1) & this.mask;
        this.count--;
      } else if (fromHeap) {
        if (fromHeap.ts > upTo) break;
        top = fromHeap;
        const last = h.pop()!;
        if (h.length > 0) { h[0] = last; this.siftDown(); }
      } else break;
      if (top.ts > this.watermark) this.watermark = top.ts;
      out(top);
    }
    if (upTo !== Infinity && upTo > this.watermark) this.watermark = upTo;
  }

  private siftDown(): void {
    const h = this.heap;
    const n = h.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < n && compareAccepted(h[l], h[m]) < 0) m = l;
      if (r < n && compareAccepted(h[r], h[m]) < 0) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
}
