// Beacon periodicity: the jitter (stddev/mean) of the intervals between sends to one destination.
// Low jitter alone is a keepalive; it only counts as part of a chain.
import type { Send } from './app-context.js';

export interface Beacon { dest: string; sends: number; interval_s: number; jitter: number }

/** the most regular destination with at least 4 sends (3 intervals), or undefined */
export function findBeacon(sends: Send[]): Beacon | undefined {
  const byDest = new Map<string, number[]>();
  for (const s of sends) {
    let ts = byDest.get(s.dest);
    if (!ts) byDest.set(s.dest, (ts = []));
    ts.push(s.ts);
  }
  let best: Beacon | undefined;
  for (const [dest, ts] of [...byDest].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (ts.length < 4) continue;
    let sum = 0;
    const gaps: number[] = [];
    for (let i = 1; i < ts.length; i++) { gaps.push(ts[i] - ts[i - 1]); sum += ts[i] - ts[i - 1]; }
    const mean = sum / gaps.length;
    if (mean <= 0) continue;
    let v = 0;
    for (const g of gaps) v += (g - mean) ** 2;
    const jitter = Math.sqrt(v / gaps.length) / mean;
    if (!best || jitter < best.jitter) best = { dest, sends: ts.length, interval_s: Math.round(mean / 100) / 10, jitter: Math.round(jitter * 1000) / 1000 };
  }
  return best;
}
