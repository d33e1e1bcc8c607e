// Capped value sets: keep the `cap` smallest values (by string order), sketch them all. Keeping
// the smallest is what makes merge associative: a value among the smallest of a union is among
// the smallest of every part holding it, so its counters are complete wherever it is kept.
import { hashId, sketchAdd, sketchCount, sketchMerge, type Sketch } from './sketch.js';
import { VALUE_DEVICES_K, type CappedField, type ValueStats } from './types.js';

/** the `all` sketch counts distinct values exactly up to twice the cap */
export const allK = (cap: number): number => Math.max(16, cap * 2);

export const emptyField = (): CappedField => ({ values: {}, all: [], truncated: 0 });

/** Note one observation of `value` on the device whose hash is `dev`; returns the stats to bump,
 *  or undefined when the value is past the cap (then only counted as truncated). */
export function observe(f: CappedField, cap: number, value: string, dev: string): ValueStats | undefined {
  let s = f.values[value];
  if (s) {
    // a kept value's hash went into `all` when it was first seen (adding it again changes nothing)
    sketchAdd(s.devices, dev, VALUE_DEVICES_K);
    return s;
  }
  sketchAdd(f.all, hashId(value), allK(cap));
  const keys = Object.keys(f.values);
  if (keys.length >= cap) {
    let max = keys[0];
    for (const k of keys) if (k > max) max = k;
    if (value > max) { f.truncated = truncatedOf(f, cap); return undefined; }
    delete f.values[max];
  }
  s = f.values[value] = { devices: [], count: 0 };
  sketchAdd(s.devices, dev, VALUE_DEVICES_K);
  f.truncated = truncatedOf(f, cap);
  return s;
}

const truncatedOf = (f: CappedField, cap: number): number => Math.max(0, sketchCount(f.all, allK(cap)) - Object.keys(f.values).length);

function mergeStats(a: ValueStats, b: ValueStats): ValueStats {
  const out: ValueStats = { devices: sketchMerge(a.devices, b.devices, VALUE_DEVICES_K), count: 0 };
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (k === 'devices') continue;
    out[k] = ((a[k] as number | undefined) ?? 0) + ((b[k] as number | undefined) ?? 0);
  }
  return out;
}

export function mergeField(a: CappedField, b: CappedField, cap: number): CappedField {
  const keys = [...new Set([...Object.keys(a.values), ...Object.keys(b.values)])].sort().slice(0, cap);
  const values: Record<string, ValueStats> = {};
  for (const k of keys) {
    const x = a.values[k], y = b.values[k];
    values[k] = x && y ? mergeStats(x, y) : structuredClone((x ?? y)!);
  }
  const f: CappedField = { values, all: sketchMerge(a.all, b.all, allK(cap)), truncated: 0 };
  f.truncated = truncatedOf(f, cap);
  return f;
}

/** whether `value` is known to the field: kept, or possibly dropped past the cap */
export function fieldKnows(f: CappedField, value: string): 'kept' | 'maybe' | 'never' {
  if (f.values[value]) return 'kept';
  if (f.truncated > 0) {
    let max = '';
    for (const k of Object.keys(f.values)) if (k > max) max = k;
    if (value > max) return 'maybe';
  }
  return 'never';
}

export type { Sketch };
