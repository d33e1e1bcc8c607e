// Exact cross-partition key counts, worker side: the key uses of every device (from CT_USES,
// see key-uses.ts), read in stream order and shared by the worker's partitions. A partition's
// key index adds, to its own devices' uses, the devices of other partitions that used the key in
// [from, to). Uses later than the moment asked about may already be here (the stream runs ahead
// of a partition): spans are merged only across gaps shorter than a window, so "a use in the
// window" is answered exactly whatever else is known.
import { partitionOf } from './partitioner.js';
import type { UseSpan } from './key-uses.js';

interface DeviceUses { partition: number; spans: number[] }

export class ForeignUses {
  /** app \0 key_fp -> device -> its spans, [first, last, first, last, ...] sorted */
  private readonly byKey = new Map<string, Map<string, DeviceUses>>();
  /** the CT_USES stream sequence read so far */
  consumed = 0;
  private waiters: { seq: number; resolve: () => void }[] = [];

  constructor(private readonly partitions: number, private readonly horizon: number) {}

  /** everything known, for a copy in another thread (the checkpoint replica) */
  dump(): { partitions: number; horizon: number; consumed: number; byKey: Map<string, Map<string, DeviceUses>> } {
    return { partitions: this.partitions, horizon: this.horizon, consumed: this.consumed, byKey: this.byKey };
  }

  static from(d: ReturnType<ForeignUses['dump']>): ForeignUses {
    const u = new ForeignUses(d.partitions, d.horizon);
    for (const [k, v] of d.byKey) u.byKey.set(k, v);
    u.consumed = d.consumed;
    return u;
  }

  add(spans: UseSpan[]): void {
    for (const [app, fp, device, first, last] of spans) {
      const key = `${app}\u0000${fp}`;
      let devices = this.byKey.get(key);
      if (!devices) this.byKey.set(key, (devices = new Map()));
      let d = devices.get(device);
      if (!d) devices.set(device, (d = { partition: partitionOf(device, this.partitions), spans: [] }));
      insertSpan(d.spans, first, last, this.horizon);
    }
  }

  /** devices outside `partition` with a use in [from, to), counted up to `enough` */
  count(app: string, fp: string, from: number, to: number, partition: number, enough: number): number {
    const devices = this.byKey.get(`${app}\u0000${fp}`);
    if (!devices) return 0;
    let n = 0;
    for (const d of devices.values()) {
      if (d.partition === partition) continue;
      const s = d.spans;
      for (let i = 0; i < s.length; i += 2) {
        if (s[i] >= to) break;
        if (s[i + 1] >= from) { if (++n >= enough) return n; break; }
      }
    }
    return n;
  }

  /** forget spans that ended before `before` (no partition of this worker will ask about them) */
  evict(before: number): void {
    for (const [key, devices] of this.byKey) {
      for (const [device, d] of devices) {
        let k = 0;
        while (k < d.spans.length && d.spans[k + 1] < before) k += 2;
        if (k > 0) d.spans.splice(0, k);
        if (d.spans.length === 0) devices.delete(device);
      }
      if (devices.size === 0) this.byKey.delete(key);
    }
  }

  /** the stream has been read up to `seq` */
  advance(seq: number): void {
    if (seq > this.consumed) this.consumed = seq;
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) (w.seq <= this.consumed ? w.resolve() : still.push(w));
    this.waiters = still;
  }

  /** resolves once the stream has been read up to `seq` */
  until(seq: number): Promise<void> {
    if (seq <= this.consumed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }
}

/** adds [first, last] to sorted disjoint spans, merging spans whose gap is at most `gap` */
export function insertSpan(s: number[], first: number, last: number, gap: number): void {
  // the common case: at or after the newest span
  const n = s.length;
  if (n === 0 || first > s[n - 1] + gap) { s.push(first, last); return; }
  let i = 0;
  while (i < n && s[i + 1] + gap < first) i += 2;
  let j = i;
  let lo = first, hi = last;
  while (j < n && s[j] <= hi + gap) { lo = Math.min(lo, s[j]); hi = Math.max(hi, s[j + 1]); j += 2; }
  s.splice(i, j - i, lo, hi);
}
