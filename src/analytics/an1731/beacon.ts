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

/** one destination's group, and its groups by size (a size seen once is only its send's time:
 *  most sizes never repeat, and a group per send was what the collector spent its time on) */
interface Dest { all: Group; sized: Map<number, Group | number> }

export interface BeaconGroups {
  dests: Map<string, Dest>;
  /** groups with at least MIN_SENDS sends */
  eligible: Set<Group>;
  /** the destination last looked up (sends to one destination come in runs) */
  lk: string | undefined; ld: Dest | undefined;
}

export const newBeaconGroups = (): BeaconGroups => ({ dests: new Map(), eligible: new Set(), lk: undefined, ld: undefined });

const group = (key: string, dest: string, bytes: number | undefined): Group => ({ key, dest, bytes, ts: [], head: 0, sum: 0, sq: 0 });

function enter(b: BeaconGroups, g: Group, ts: number): void {
  const n = g.ts.length - g.head;
  if (n > 0) { const d = ts - g.ts[g.ts.length - 1]; g.sum += d; g.sq += d * d; }
  g.ts.push(ts);
  if (n + 1 === MIN_SENDS) b.eligible.add(g);
}

/** the group's oldest send leaves (sends leave in time order); false when the group is empty */
function leave(b: BeaconGroups, g: Group): boolean {
  const n = g.ts.length - g.head;
  if (n > 1) { const d = g.ts[g.head + 1] - g.ts[g.head]; g.sum -= d; g.sq -= d * d; }
  g.head++;
  if (n - 1 < MIN_SENDS) b.eligible.delete(g);
  if (n <= 1) return false;
  if (g.head > 32 && g.head * 2 > g.ts.length) { g.ts = g.ts.slice(g.head); g.head = 0; }
  return true;
}

export function beaconSend(b: BeaconGroups, dest: string, bytes: number, ts: number, sign: 1 | -1): void {
  let d = b.lk === dest ? b.ld : b.dests.get(dest);
  if (sign > 0) {
    if (!d) b.dests.set(dest, (d = { all: group(dest, dest, undefined), sized: new Map() }));
    b.lk = dest; b.ld = d;
    enter(b, d.all, ts);
    const g = d.sized.get(bytes);
    if (g === undefined) { d.sized.set(bytes, ts); return; }
    if (typeof g === 'number') {
      const made = group(dest + '\u0000' + bytes, dest, bytes);
      enter(b, made, g);
      enter(b, made, ts);
      d.sized.set(bytes, made);
    } else enter(b, g, ts);
    return;
  }
  if (!d) return;
  const g = d.sized.get(bytes);
  if (typeof g === 'number') d.sized.delete(bytes);
  else if (g && !leave(b, g)) d.sized.delete(bytes);
  if (!leave(b, d.all)) { b.dests.delete(dest); if (b.ld === d) { b.lk = undefined; b.ld = undefined; } }
}

function jitterOf(g: Group): number {
  const n = g.ts.length - g.head, k = n - 1, mean = g.sum / k;
  if (mean <= 0) return Infinity;
  const v = Math.max(0, g.sq - (g.sum * g.sum) / k);
  return Math.round((Math.sqrt(v / k) / mean) * 1000) / 1000;
}

const spanOf = (g: Group): number => g.ts[g.ts.length - 1] - g.ts[g.head];

/** the most regular group with at least 4 sends spanning 5 minutes, or undefined */
export function bestBeacon(b: BeaconGroups): Beacon | undefined {
  let best: Group | undefined, bestJ = Infinity, bestN = 0;
  for (const g of b.eligible) {
    if (spanOf(g) < MIN_BEACON_SPAN_MS) continue;
    const j = jitterOf(g);
    if (j === Infinity) continue;
    const n = g.ts.length - g.head;
    // (groups are looked at in no order: ties go to more sends, then to the smaller key)
    if (!best || j < bestJ || (j === bestJ && (n > bestN || (n === bestN && g.key < best.key)))) { best = g; bestJ = j; bestN = n; }
  }
  if (!best) return undefined;
  const mean = best.sum / (bestN - 1);
  return { dest: best.dest, sends: bestN, interval_s: Math.round(mean / 100) / 10, jitter: bestJ, span_s: Math.round(spanOf(best) / 1000), ...(best.bytes !== undefined ? { bytes: best.bytes } : {}) };
}

/** a beacon more regular than `variance` (the best group's jitter is under it): no allocation */
export function periodicUnder(b: BeaconGroups, variance: number): boolean {
  for (const g of b.eligible) if (spanOf(g) >= MIN_BEACON_SPAN_MS && jitterOf(g) < variance) return true;
  return false;
}

/** the beacon of a list of sends in time order (captures, tests) */
export function findBeacon(sends: { ts: number; dest?: string; host?: string; ip?: string; port?: number; bytes?: number }[]): Beacon | undefined {
  const b = newBeaconGroups();
  for (const s of sends) {
    const dest = s.dest ?? (s.host ?? s.ip ?? '?') + (s.port !== undefined ? ':' + s.port : '');
    if (s.bytes !== undefined) { beaconSend(b, dest, s.bytes, s.ts, 1); continue; }
    let d = b.dests.get(dest);
    if (!d) b.dests.set(dest, (d = { all: group(dest, dest, undefined), sized: new Map() }));
    enter(b, d.all, s.ts);
  }
  return bestBeacon(b);
}
