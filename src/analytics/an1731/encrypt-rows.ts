// The encrypt ops of an app context's window as columns (see rows.ts): a quarter of all events
// are crypto ops. The score gates and the quiet-key question read the columns; an `EncryptOp`
// object is made only for the rare evaluation that builds an explanation.
import type { EncryptOp, ExecState } from './types.js';
import { isLegacyCipher } from './ciphers.js';
import { MomentRows, MOMENT_NS, MOMENT_OS } from './moment-rows.js';

// numbers after the moment's: in_bytes, out_bytes, flags, and the running sums of in and out bytes
// up to and including the row (range sums in O(1): the staging facet asks for the bytes encrypted
// since the first collected read)
const N_IN = MOMENT_NS, N_OUT = N_IN + 1, N_FLAGS = N_IN + 2, N_SUM_IN = N_IN + 3, N_SUM_OUT = N_IN + 4, NS = N_IN + 5;
// objects after the moment's: alg, mode, key_fp, proc, the row's record once made (see `op`)
const O_ALG = MOMENT_OS, O_MODE = O_ALG + 1, O_KEY = O_ALG + 2, O_PROC = O_ALG + 3, O_RECORD = O_ALG + 4, OS = O_ALG + 5;

/** a legacy cipher or ECB mode (judged once, when the op arrives) */
const LEGACY = 1;

export class EncryptRows extends MomentRows {
  constructor(cap: number) { super(NS, OS, cap); }

  add(ts: number, ref: string, alg: string, inBytes: number, outBytes: number, exec: ExecState,
    mode: string | undefined, keyFp: string | undefined, proc: string | undefined): void {
    const i = this.moment(ts, ref, exec);
    const n = i * NS, o = i * OS, nums = this.nums, objs = this.objs;
    // the previous row's equal strings are kept, so that the parsed event's copies die young
    let flags = -1;
    if (i > this.start) {
      const p = (i - 1) * OS;
      const sameAlg = objs[p + O_ALG] === alg, sameMode = objs[p + O_MODE] === mode;
      if (sameAlg) alg = objs[p + O_ALG] as string;
      if (sameMode) mode = objs[p + O_MODE] as string | undefined;
      if (objs[p + O_PROC] === proc) proc = objs[p + O_PROC] as string | undefined;
      // (the cipher of the op before, judged already: toUpperCase makes strings)
      if (sameAlg && sameMode) flags = nums[(i - 1) * NS + N_FLAGS];
    }
    nums[n + N_IN] = inBytes;
    nums[n + N_OUT] = outBytes;
    nums[n + N_FLAGS] = flags >= 0 ? flags : isLegacyCipher(alg, mode) ? LEGACY : 0;
    objs[o + O_ALG] = alg;
    objs[o + O_MODE] = mode;
    objs[o + O_KEY] = keyFp;
    objs[o + O_PROC] = proc;
    objs[o + O_RECORD] = undefined;
    this.resum(i);
    this.capped();
  }

  /** running sums from row i on (a late row moves the rows after it) */
  private resum(i: number): void {
    const nums = this.nums;
    for (let r = i; r < this.end; r++) {
      const n = r * NS, p = (r - 1) * NS;
      nums[n + N_SUM_IN] = (r > this.start ? nums[p + N_SUM_IN] : 0) + nums[n + N_IN];
      nums[n + N_SUM_OUT] = (r > this.start ? nums[p + N_SUM_OUT] : 0) + nums[n + N_OUT];
    }
  }

  /** in bytes of rows [from, end) */
  inFrom(from: number): number {
    if (from >= this.end) return 0;
    const nums = this.nums;
    return nums[(this.end - 1) * NS + N_SUM_IN] - nums[from * NS + N_SUM_IN] + nums[from * NS + N_IN];
  }

  /** out bytes of rows [from, end) */
  outFrom(from: number): number {
    if (from >= this.end) return 0;
    const nums = this.nums;
    return nums[(this.end - 1) * NS + N_SUM_OUT] - nums[from * NS + N_SUM_OUT] + nums[from * NS + N_OUT];
  }

  alg(i: number): string { return this.objs[i * OS + O_ALG] as string; }
  mode(i: number): string | undefined { return this.objs[i * OS + O_MODE] as string | undefined; }
  proc(i: number): string | undefined { return this.objs[i * OS + O_PROC] as string | undefined; }
  inBytes(i: number): number { return this.nums[i * NS + N_IN]; }
  outBytes(i: number): number { return this.nums[i * NS + N_OUT]; }

  keyFp(i: number): string | undefined { return this.objs[i * OS + O_KEY] as string | undefined; }
  legacy(i: number): boolean { return (this.nums[i * NS + N_FLAGS] & LEGACY) !== 0; }

  /** the newest live row, or -1 */
  lastRow(): number { return this.end > this.start ? this.end - 1 : -1; }

  /** a live op has this key (undefined: an op without a key); newest first, no allocation */
  hasKey(fp: string | undefined): boolean {
    const objs = this.objs;
    for (let i = this.end - 1; i >= this.start; i--) if (objs[i * OS + O_KEY] === fp) return true;
    return false;
  }

  /** row i as the record the facets read, made on demand (explanations only) and kept with the
   *  row (an open chain's context is explained at each send, over the same rows) */
  op(i: number): EncryptOp {
    const n = i * NS, o = i * OS, nums = this.nums, objs = this.objs;
    const made = objs[o + O_RECORD] as EncryptOp | undefined;
    if (made !== undefined) return made;
    const op: EncryptOp = {
      ts: nums[n], ref: this.ref(i), alg: objs[o + O_ALG] as string, in_bytes: nums[n + N_IN], out_bytes: nums[n + N_OUT],
      exec: this.exec(i), mode: objs[o + O_MODE] as string | undefined, key_fp: objs[o + O_KEY] as string | undefined,
      proc: objs[o + O_PROC] as string | undefined,
    };
    objs[o + O_RECORD] = op;
    return op;
  }

  /** rows [from, to) as records */
  ops(from: number, to: number): EncryptOp[] {
    const out: EncryptOp[] = [];
    for (let i = from; i < to; i++) out.push(this.op(i));
    return out;
  }
}
