// Beacon periodicity: the jitter (stddev/mean) of the intervals between sends to one destination.
// Heartbeats of RATs have a fixed size while command replies to the same C2 come in between
// (Spymax: a 232-byte beat every ~45 s among replies of other sizes), so sends are grouped both
// by destination and by destination + size, and the most regular group wins.
// Low jitter alone is a keepalive; it only counts as part of a chain.
import { destOf, type Send } from './app-context.js';

export interface Beacon { dest: string; sends: number; interval_s: number; jitter: number; span_s: number; bytes?: number }

const MIN_SENDS = 4;
/** a beacon is sustained check-ins, not a burst of keepalives inside one session: the regular
 *  series must span at least this long (half the default time window) */
export const MIN_BEACON_SPAN_MS = 5 * 60_000;

function jitterOf(ts: number[]): { mean: number; jitter: number } | undefined {
  let sum = 0;
  for (let i = 1; i < ts.length; i++) sum += ts[i] - ts[i - 1];
  const mean = sum / (ts.length - 1);
  if (mean <= 0) return undefined;
  let v = 0;
  for (let i = 1; i < ts.length; i++) v += (ts[i] - ts[i - 1] - mean) ** 2;
  return { mean, jitter: Math.sqrt(v / (ts.length - 1)) / mean };
}

/** the most regular group with at least 4 sends spanning 5 minutes, or undefined */
export function findBeacon(sends: Send[]): Beacon | undefined {
  if (sends.length < MIN_SENDS) return undefined;
  const groups = new Map<string, { dest: string; bytes?: number; ts: number[] }>();
  const put = (key: string, dest: string, ts: number, bytes?: number) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { dest, ts: [], ...(bytes !== undefined ? { bytes } : {}) }));
    g.ts.push(ts);
  };
  for (const s of sends) {
    const dest = destOf(s);
    put(dest, dest, s.ts);
    put(`${dest}\u0000${s.bytes}`, dest, s.ts, s.bytes);
  }
  let best: Beacon | undefined;
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key)!;
    if (g.ts.length < MIN_SENDS || g.ts[g.ts.length - 1] - g.ts[0] < MIN_BEACON_SPAN_MS) continue;
    const j = jitterOf(g.ts);
    if (!j) continue;
    const jitter = Math.round(j.jitter * 1000) / 1000;
    if (!best || jitter < best.jitter || (jitter === best.jitter && g.ts.length > best.sends)) {
      best = { dest: g.dest, sends: g.ts.length, interval_s: Math.round(j.mean / 100) / 10, jitter, span_s: Math.round((g.ts[g.ts.length - 1] - g.ts[0]) / 1000), ...(g.bytes !== undefined ? { bytes: g.bytes } : {}) };
    }
  }
  return best;
}
