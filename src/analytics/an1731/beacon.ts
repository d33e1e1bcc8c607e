// Beacon periodicity: the jitter (stddev/mean) of the intervals between sends to one destination.
// Heartbeats of RATs have a fixed size while command replies to the same C2 come in between
// (Spymax: a 232-byte beat every ~45 s among replies of other sizes), so sends are grouped both
// by destination and by destination + size, and the most regular group wins.
// Low jitter alone is a keepalive; it only counts as part of a chain.
// Kept incrementally: each group holds its send times and the running sum and sum of squares of
// its intervals (integer milliseconds: exact in doubles), so a send entering or leaving costs O(1)
// and the best group is looked for among the groups of four sends or more only.

export interface Beacon { dest: string; sends: number; interval_s: number; jitter: number; span_s: number; bytes?: number }

const MIN_SENDS = 4;
/** a beacon is sustained check-ins, not a burst of keepalives inside one session: the regular
 *  series must span at least this long (half the default time window) */
export const MIN_BEACON_SPAN_MS = 5 * 60_000;

interface Group { key: string; dest: string; bytes: number | undefined; ts: number[]; head: number; sum: number; sq: number }

export interface BeaconGroups {
  groups: Map<string, Group>;
  /** groups with at least MIN_SENDS sends */
  eligible: Set<string>;
}

export const newBeaconGroups = (): BeaconGroups => ({ groups: new Map(), eligible: new Set() });

function enter(b: BeaconGroups, key: string, dest: string, bytes: number | undefined, ts: number): void {
  let g = b.groups.get(key);
  if (!g) b.groups.set(key, (g = { key, dest, bytes, ts: [], head: 0, sum: 0, sq: 0 }));
  const n = g.ts.length - g.head;
  if (n > 0) { const d = ts - g.ts[g.ts.length - 1]; g.sum += d; g.sq += d * d; }
  g.ts.push(ts);
  if (n + 1 === MIN_SENDS) b.eligible.add(key);
}

/** the group's oldest send leaves (sends leave in time order) */
function leave(b: BeaconGroups, key: string): void {
  const g = b.groups.get(key);
  if (!g) return;
  const n = g.ts.length - g.head;
  if (n > 1) { const d = g.ts[g.head + 1] - g.ts[g.head]; g.sum -= d; g.sq -= d * d; }
  g.head++;
  if (n - 1 < MIN_SENDS) b.eligible.delete(key);
  if (n === 1) { b.groups.delete(key); return; }
  if (g.head > 32 && g.head * 2 > g.ts.length) { g.ts = g.ts.slice(g.head); g.head = 0; }
}

export function beaconSend(b: BeaconGroups, dest: string, bytes: number, ts: number, sign: 1 | -1): void {
  const sized = dest + '\u0000' + bytes;
  if (sign > 0) { enter(b, dest, dest, undefined, ts); enter(b, sized, dest, bytes, ts); }
  else { leave(b, dest); leave(b, sized); }
}

/** the most regular group with at least 4 sends spanning 5 minutes, or undefined */
export function bestBeacon(b: BeaconGroups): Beacon | undefined {
  let best: Beacon | undefined, bestKey = '';
  for (const key of b.eligible) {
    const g = b.groups.get(key)!;
    const n = g.ts.length - g.head;
    const span = g.ts[g.ts.length - 1] - g.ts[g.head];
    if (span < MIN_BEACON_SPAN_MS) continue;
    const k = n - 1, mean = g.sum / k;
    if (mean <= 0) continue;
    const v = Math.max(0, g.sq - (g.sum * g.sum) / k);
    const jitter = Math.round((Math.sqrt(v / k) / mean) * 1000) / 1000;
    // (groups are looked at in no order: ties go to more sends, then to the smaller key)
    if (!best || jitter < best.jitter || (jitter === best.jitter && (n > best.sends || (n === best.sends && key < bestKey)))) {
      best = { dest: g.dest, sends: n, interval_s: Math.round(mean / 100) / 10, jitter, span_s: Math.round(span / 1000), ...(g.bytes !== undefined ? { bytes: g.bytes } : {}) };
      bestKey = key;
    }
  }
  return best;
}

/** the cheap question: could any group be a beacon (four sends spanning five minutes)? */
export function mayBeacon(b: BeaconGroups): boolean {
  for (const key of b.eligible) {
    const g = b.groups.get(key)!;
    if (g.ts[g.ts.length - 1] - g.ts[g.head] >= MIN_BEACON_SPAN_MS) return true;
  }
  return false;
}

/** the beacon of a list of sends in time order (captures, tests) */
export function findBeacon(sends: { ts: number; dest?: string; host?: string; ip?: string; port?: number; bytes?: number }[]): Beacon | undefined {
  const b = newBeaconGroups();
  for (const s of sends) {
    const dest = s.dest ?? (s.host ?? s.ip ?? '?') + (s.port !== undefined ? ':' + s.port : '');
    if (s.bytes === undefined) enter(b, dest, dest, undefined, s.ts);
    else beaconSend(b, dest, s.bytes, s.ts, 1);
  }
  return bestBeacon(b);
}
