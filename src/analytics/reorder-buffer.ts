// Holds events for `lateness` ms of event time so that input shuffled within that bound is
// released in one canonical order: (ts, device, app, type, id). Identical order => identical
// state => identical alerts and ids, whatever order the lines arrived in.
import type { Accepted } from '../model/index.js';

export function compareAccepted(a: Accepted, b: Accepted): number {
  const x = a.event, y = b.event;
  if (x.ts !== y.ts) return x.ts - y.ts;
  if (x.device !== y.device) return x.device < y.device ? -1 : 1;
  const xa = x.app ?? '', ya = y.app ?? '';
  if (xa !== ya) return xa < ya ? -1 : 1;
  if (x.type !== y.type) return x.type < y.type ? -1 : 1;
  const xi = x.id ?? '', yi = y.id ?? '';
  if (xi !== yi) return xi < yi ? -1 : 1;
  return 0;
}

interface Slot { item: Accepted; seq: number }

/** Two parts: a FIFO for events that arrive in canonical order (nearly all of them, O(1)) and a
 *  heap for the rest; release merges the two. */
export class ReorderBuffer {
  private heap: Slot[] = [];
  private fifo: Slot[] = [];
  private head = 0;
  private seq = 0;
  /** highest event time seen so far */
  maxTs = -Infinity;
  /** everything at or before this time has been released */
  watermark = -Infinity;

  constructor(readonly lateness: number) {}

  get size(): number { return this.heap.length + this.fifo.length - this.head; }

  /** true when the event arrived after its time was already released (later than lateness) */
  isLate(a: Accepted): boolean { return a.event.ts < this.watermark; }

  push(a: Accepted): void {
    if (a.event.ts > this.maxTs) this.maxTs = a.event.ts;
    const slot = { item: a, seq: this.seq++ };
    const f = this.fifo;
    if (f.length === this.head || compareAccepted(f[f.length - 1].item, a) <= 0) { f.push(slot); return; }
    const h = this.heap;
    h.push(slot);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(h[p], h[i])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  /** Releases, in canonical order, every event at or before maxTs - lateness. */
  drain(out: (a: Accepted) => void): void {
    this.release(this.maxTs - this.lateness, out);
  }

  /** End of input: release everything. */
  flush(out: (a: Accepted) => void): void {
    this.release(Infinity, out);
  }

  private release(upTo: number, out: (a: Accepted) => void): void {
    const h = this.heap, f = this.fifo;
    for (;;) {
      const fromFifo = this.head < f.length ? f[this.head] : undefined;
      const fromHeap = h.length > 0 ? h[0] : undefined;
      let top: Slot;
      if (fromFifo && (!fromHeap || this.less(fromFifo, fromHeap))) {
        if (fromFifo.item.event.ts > upTo) break;
        top = fromFifo;
        f[this.head++] = undefined as unknown as Slot;
      } else if (fromHeap) {
        if (fromHeap.item.event.ts > upTo) break;
        top = fromHeap;
        const last = h.pop()!;
        if (h.length > 0) { h[0] = last; this.siftDown(); }
      } else break;
      if (top.item.event.ts > this.watermark) this.watermark = top.item.event.ts;
      out(top.item);
    }
    // compact the FIFO now and then instead of shifting on every release
    if (this.head > 4096 && this.head * 2 > f.length) { this.fifo = f.slice(this.head); this.head = 0; }
    if (upTo !== Infinity && upTo > this.watermark) this.watermark = upTo;
  }

  private less(a: Slot, b: Slot): boolean {
    const c = compareAccepted(a.item, b.item);
    return c !== 0 ? c < 0 : a.seq < b.seq;
  }

  private siftDown(): void {
    const h = this.heap;
    const n = h.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < n && this.less(h[l], h[m])) m = l;
      if (r < n && this.less(h[r], h[m])) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
}
