// A mergeable set of device ids: the k smallest 52-bit hashes (a "k minimum values" sketch).
// Exact while fewer than k devices were seen; past k, the count is estimated as (k-1)/h_k.
// Union then keep-k-smallest is associative and commutative, so merges are exact byte for byte.
import { createHash } from 'node:crypto';

/** sorted ascending, unique, 13 lowercase hex digits each (52 bits: exact in a double) */
export type Sketch = string[];

export const hashId = (id: string): string => createHash('sha256').update(id).digest('hex').slice(0, 13);

/** add one hash in place, keeping the k smallest */
export function sketchAdd(s: Sketch, h: string, k: number): void {
  let lo = 0, hi = s.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (s[mid] < h) lo = mid + 1; else hi = mid; }
  if (s[lo] === h) return;
  if (s.length >= k && lo >= k) return;
  s.splice(lo, 0, h);
  if (s.length > k) s.length = k;
}

export function sketchMerge(a: Sketch, b: Sketch, k: number): Sketch {
  const out: string[] = [];
  let i = 0, j = 0;
  while (out.length < k && (i < a.length || j < b.length)) {
    const x = a[i], y = b[j];
    if (j >= b.length || (i < a.length && x < y)) { out.push(x); i++; }
    else if (i >= a.length || y < x) { out.push(y); j++; }
    else { out.push(x); i++; j++; }
  }
  return out;
}

/** distinct ids: exact below k, estimated at k */
export function sketchCount(s: Sketch, k: number): number {
  if (s.length < k) return s.length;
  const kth = parseInt(s[k - 1], 16) / 2 ** 52;
  return Math.max(k, Math.round((k - 1) / kth));
}

/** whether the sketch shows an id other than `h` (a full sketch always has others) */
export function sketchHasOther(s: Sketch, h: string, k: number): boolean {
  return s.length >= k || s.some((x) => x !== h);
}
