// Window records as columns instead of one object per record. A ring keeps each entry as a row:
// its numbers in one array of doubles (`ns` per row, the first is ts) and its strings and shared
// objects in another (`os` per row). Why: a record object per event, with its boxed timestamp,
// was what the young-generation GC copied (records live minutes of event time, past one
// scavenge, and are then promoted); the two arrays of a context are promoted once and reused,
// and a row adds no object of its own. A double-only JS array is stored unboxed by V8.
// Same behaviour as `Recent`: rows kept in ts order (a late entry is inserted), pruned to a
// horizon, capped (past the cap the oldest row goes first and is counted in `overflow`).

/** see `drop` */
const COMPACT_MIN = 8;

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
  /** rows inserted before a newer one (late input): readers keeping sums over rows rebuild them */
  lateRows = 0;

  /** `cap` 0 makes the shared empty ring of an app context (see AppContext): read and pruned, never added to */
  constructor(protected readonly ns: number, protected readonly os: number, readonly cap: number) {}

  get length(): number { return this.end - this.start; }

  ts(i: number): number { return this.nums[i * this.ns]; }

  /** index of the first live row with ts >= t (end when none); binary search */
  firstAtOrAfter(t: number): number {
    let lo = this.start, hi = this.end;
    while (lo < hi) { const m = (lo + hi) >>> 1; if (this.nums[m * this.ns] < t) lo = m + 1; else hi = m; }
    return lo;
  }

  /** the newest live row's ts (-Infinity when empty) */
  get newest(): number { return this.end > this.start ? this.nums[(this.end - 1) * this.ns] : -Infinity; }

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
      this.shiftUp(i);
      this.lateRows++;
    }
    this.end++;
    nums[i * ns] = ts;
    return i;
  }

  /** past the cap the oldest row goes (which may be the one just added, as in `Recent`) */
  protected capped(): void {
    if (this.end - this.start > this.cap) { this.overflow++; this.drop(this.start + 1); }
  }

  /** drops the oldest row */
  dropOldest(): void { if (this.end > this.start) this.drop(this.start + 1); }

  /** drops rows older than `cutoff` */
  prune(cutoff: number): void {
    const end = this.end, ns = this.ns, nums = this.nums;
    let n = this.start;
    while (n < end && nums[n * ns] < cutoff) n++;
    if (n > this.start) this.drop(n);
  }

  /** rows before `n` leave. They let go of their strings at once (kept, the strings would live on
   *  and be promoted). The live rows move down once the dead ones before them are at least
   *  COMPACT_MIN and as many: each row moves O(1) times on average, the arrays stay within twice
   *  the live rows, and a small ring is not moved on every prune. */
  private drop(n: number): void {
    const end = this.end, start = this.start;
    if (n === end) { this.clearRows(start, end); this.start = this.end = 0; return; }
    if (n < COMPACT_MIN || n * 2 < end) { this.clearRows(start, n); this.start = n; return; }
    const ns = this.ns, os = this.os, nums = this.nums, objs = this.objs, count = end - n;
    for (let k = 0, from = n * ns; k < count * ns; k++) nums[k] = nums[from + k];
    for (let k = 0, from = n * os; k < count * os; k++) objs[k] = objs[from + k];
    // left behind: stale copies of moved rows and dropped rows not overwritten ([0, start) was cleared before)
    this.clearRows(Math.max(count, start), end);
    this.start = 0;
    this.end = count;
  }

  /** rows [from, end) move up one, to make room at `from` for a late entry */
  private shiftUp(from: number): void {
    const ns = this.ns, os = this.os, nums = this.nums, objs = this.objs;
    for (let k = (this.end - from) * ns - 1; k >= 0; k--) nums[(from + 1) * ns + k] = nums[from * ns + k];
    for (let k = (this.end - from) * os - 1; k >= 0; k--) objs[(from + 1) * os + k] = objs[from * os + k];
  }

  private clearRows(from: number, to: number): void {
    // (a loop: most calls clear one row, where Array.prototype.fill costs more than the stores)
    const objs = this.objs;
    for (let k = from * this.os, e = to * this.os; k < e; k++) objs[k] = undefined;
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
