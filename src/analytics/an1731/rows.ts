// Window records as columns instead of one object per record. A ring keeps each entry as a row:
// its numbers in one array of doubles (`ns` per row, the first is ts) and its strings and shared
// objects in another (`os` per row). Why: a record object per event, with its boxed timestamp,
// was what the young-generation GC copied (records live minutes of event time, past one
// scavenge, and are then promoted); the two arrays of a context are promoted once and reused,
// and a row adds no object of its own. A double-only JS array is stored unboxed by V8.
// Same behaviour as `Recent`: rows kept in ts order (a late entry is inserted), pruned to a
// horizon, capped (past the cap the oldest row goes first and is counted in `overflow`).

export class Rows {
  /** row r's numbers are nums[r*ns .. r*ns+ns-1]; nums[r*ns] is its ts. Only numbers go in (NaN
   *  for "none"): one undefined would turn the array into boxed elements */
  protected readonly nums: number[] = [];
  /** row r's strings and objects are objs[r*os .. r*os+os-1] */
  protected readonly objs: unknown[] = [];
  /** live rows are start .. end-1 (readers index rows directly: no copy on read) */
  start = 0;
  end = 0;
  /** rows dropped by the cap (not by age) */
  overflow = 0;

  /** `cap` 0 makes the shared empty ring of an app context (see AppContext): read and pruned, never added to */
  constructor(protected readonly ns: number, protected readonly os: number, readonly cap: number) {}

  get length(): number { return this.end - this.start; }

  ts(i: number): number { return this.nums[i * this.ns]; }

  /** index of the first live row with ts >= t (end when none) */
  firstAtOrAfter(t: number): number {
    let i = this.start;
    while (i < this.end && this.nums[i * this.ns] < t) i++;
    return i;
  }

  /** index after the last live row with ts <= t (start when none) */
  endAtOrBefore(t: number): number {
    let i = this.end;
    while (i > this.start && this.nums[(i - 1) * this.ns] > t) i--;
    return i;
  }

  /** a new row for an entry at `ts`, in ts order; the caller fills its other columns, then calls
   *  `capped()`. Returns the row's index. */
  protected row(ts: number): number {
    if (this.cap === 0) throw new Error('a shared empty ring was added to');
    const ns = this.ns, nums = this.nums;
    let i = this.end;
    // room for one more row, without holes (a holey array is slower to read)
    while (nums.length < (i + 1) * ns) nums.push(0);
    while (this.objs.length < (i + 1) * this.os) this.objs.push(undefined);
    if (i > this.start && nums[(i - 1) * ns] > ts) {
      // late entry: rows after it move up one
      while (i > this.start && nums[(i - 1) * ns] > ts) i--;
      this.moveRows(i, this.end, i + 1);
    }
    this.end++;
    nums[i * ns] = ts;
    return i;
  }

  /** past the cap the oldest row goes (which may be the one just added, as in `Recent`) */
  protected capped(): void {
    if (this.end - this.start > this.cap) { this.clear(this.start); this.start++; this.overflow++; this.compact(); }
  }

  /** drops rows older than `cutoff` */
  prune(cutoff: number): void {
    let n = this.start;
    const end = this.end, ns = this.ns, nums = this.nums;
    while (n < end && nums[n * ns] < cutoff) this.clear(n++);
    if (n === end) { this.start = this.end = 0; return; }
    this.start = n;
    this.compact();
  }

  /** live rows move down once the dead ones before them are as many: each row moves O(1) times
   *  on average, and the arrays stay within twice the live rows */
  private compact(): void {
    const n = this.start, end = this.end;
    if (n > 0 && n * 2 >= end) { this.moveRows(n, end, 0); this.start = 0; this.end = end - n; }
  }

  /** rows [from, to) to index `at` (overlapping ranges allowed); rows left behind are cleared */
  private moveRows(from: number, to: number, at: number): void {
    const ns = this.ns, os = this.os, nums = this.nums, objs = this.objs;
    const count = to - from;
    if (at > from) {
      for (let k = count * ns - 1; k >= 0; k--) nums[at * ns + k] = nums[from * ns + k];
      for (let k = count * os - 1; k >= 0; k--) objs[at * os + k] = objs[from * os + k];
    } else {
      for (let k = 0; k < count * ns; k++) nums[at * ns + k] = nums[from * ns + k];
      for (let k = 0; k < count * os; k++) objs[at * os + k] = objs[from * os + k];
      for (let r = at + count; r < to; r++) this.clear(r);
    }
  }

  /** a row that leaves lets go of its strings at once (they would be kept alive, then promoted) */
  private clear(i: number): void {
    const os = this.os;
    for (let k = i * os; k < i * os + os; k++) this.objs[k] = undefined;
  }
}

/** Entries with nothing but a time (decrypt ops: counted, not scored). */
export class TimeRows extends Rows {
  constructor(cap: number) { super(1, 0, cap); }

  add(ts: number): void {
    this.row(ts);
    this.capped();
  }
}
