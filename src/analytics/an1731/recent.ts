// A time-ordered list of recent entries, pruned to a horizon of event time. Capped so that a
// flooding app cannot grow memory without bound: past the cap the oldest entries go first.

export const RECENT_CAP = 512;

export class Recent<T extends { ts: number }> {
  items: T[] = [];
  /** entries dropped by the cap (not by age): reported so that nothing is lost silently */
  overflow = 0;

  add(x: T): void {
    const a = this.items;
    // late events may arrive out of order: keep the list sorted by ts
    if (a.length === 0 || a[a.length - 1].ts <= x.ts) a.push(x);
    else {
      let i = a.length - 1;
      while (i > 0 && a[i - 1].ts > x.ts) i--;
      a.splice(i, 0, x);
    }
    if (a.length > RECENT_CAP) { a.shift(); this.overflow++; }
  }

  /** drops entries older than `cutoff` */
  prune(cutoff: number): void {
    const a = this.items;
    let n = 0;
    while (n < a.length && a[n].ts < cutoff) n++;
    if (n > 0) a.splice(0, n);
  }

  get length(): number { return this.items.length; }
}
