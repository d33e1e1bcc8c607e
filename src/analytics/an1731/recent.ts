// A time-ordered list of recent entries, pruned to a horizon of event time. Capped so that a
// flooding app cannot grow memory without bound: past the cap the oldest entries go first.
// Pruning moves a start index and compacts now and then, instead of shifting on every event.
// (Reads and staged files, which are rare; encrypt ops, sends and decrypts are columns: rows.ts.)

export const RECENT_CAP = 512;

export class Recent<T extends { ts: number }> {
  private list: T[] = [];
  private start = 0;
  /** entries dropped by the cap (not by age): reported so that nothing is lost silently */
  overflow = 0;

  /** `cap` 0 makes the shared empty ring of an app context (see AppContext): read and pruned, never added to */
  constructor(readonly cap = RECENT_CAP) {}

  /** the live entries, oldest first (read at once: the same array changes as entries come and go) */
  get items(): T[] {
    // compacted in place: a fresh copy on every read after a prune was ~30 MB of arrays per
    // million events, each surviving a scavenge
    if (this.start > 0) {
      // (a plain loop: copyWithin on a JS array is several times slower)
      const a = this.list, k = this.start, n = a.length - k;
      for (let i = 0; i < n; i++) a[i] = a[i + k];
      a.length = n;
      this.start = 0;
    }
    return this.list;
  }

  /** a live entry whose `field` is `value` (newest first, without compacting and without a
   *  predicate closure) */
  hasWith<K extends keyof T>(field: K, value: T[K]): boolean {
    const a = this.list;
    for (let i = a.length - 1; i >= this.start; i--) if (a[i][field] === value) return true;
    return false;
  }

  add(x: T): void {
    if (this.cap === 0) throw new Error('a shared empty ring was added to');
    const a = this.list;
    // late events may arrive out of order: keep the list sorted by ts
    if (a.length === this.start || a[a.length - 1].ts <= x.ts) a.push(x);
    else {
      let i = a.length - 1;
      while (i > this.start && a[i - 1].ts > x.ts) i--;
      a.splice(i, 0, x);
    }
    if (a.length - this.start > this.cap) { this.drop(this.start); this.start++; this.overflow++; }
  }

  /** drops entries older than `cutoff` */
  prune(cutoff: number): void {
    const a = this.list;
    let n = this.start;
    while (n < a.length && a[n].ts < cutoff) this.drop(n++);
    this.start = n;
    // (an empty list stays: a new [] per prune of an empty ring was ~20 MB of garbage per million events)
    if (n === a.length) { if (n > 0) this.list = []; this.start = 0; }
    else if (n > 64 && n * 2 > a.length) { this.list = a.slice(n); this.start = 0; }
  }

  /** entries before `start` are let go at once: a record kept past its window would be promoted by the GC */
  private drop(i: number): void {
    (this.list as (T | undefined)[])[i] = undefined;
  }

  get length(): number { return this.list.length - this.start; }
}
