// Beacon periodicity kept incrementally: the most regular group (by destination, and by
// destination + size) of four sends or more spanning five minutes; sends entering and leaving in
// time order must give what a count from scratch over the remaining sends gives.
import { describe, expect, it } from 'vitest';
import { beaconSend, bestBeacon, findBeacon, MIN_BEACON_SPAN_MS, newBeaconGroups, type Beacon } from './beacon.js';
import { Rng } from '../../simulate/prng.js';

interface S { ts: number; dest: string; bytes?: number }
/** sends to `dest` at the given offsets in seconds */
const at = (dest: string, secs: number[], bytes?: number): S[] => secs.map((s) => ({ ts: 1_000_000 + s * 1_000, dest, ...(bytes !== undefined ? { bytes } : {}) }));
const byTime = (xs: S[]) => [...xs].sort((p, q) => p.ts - q.ts);

const rows: { name: string; sends: S[]; want: Beacon | undefined }[] = [
  { name: 'a regular series: jitter 0', sends: at('c2:443', [0, 60, 120, 180, 240, 300]), want: { dest: 'c2:443', sends: 6, interval_s: 60, jitter: 0, span_s: 300 } },
  { name: 'a jittery series (30 s / 90 s): jitter 0.5', sends: at('c2:443', [0, 30, 120, 150, 240, 270, 360]), want: { dest: 'c2:443', sends: 7, interval_s: 60, jitter: 0.5, span_s: 360 } },
  { name: '60 s / 90 s alternating: jitter 0.2', sends: at('c2:443', [0, 60, 150, 210, 300]), want: { dest: 'c2:443', sends: 5, interval_s: 75, jitter: 0.2, span_s: 300 } },
  { name: 'three sends: none', sends: at('c2:443', [0, 150, 300]), want: undefined },
  { name: 'four sends spanning 299 s: none', sends: at('c2:443', [0, 100, 200, 299]), want: undefined },
  { name: 'four sends spanning exactly 5 min', sends: at('c2:443', [0, 100, 200, 300]), want: { dest: 'c2:443', sends: 4, interval_s: 100, jitter: 0, span_s: 300 } },
  { name: 'all at the same moment: none', sends: at('c2:443', [0, 0, 0, 0, 0]), want: undefined },
  {
    name: 'the more regular of two destinations wins', sends: byTime([...at('a:443', [0, 40, 130, 170, 260, 300]), ...at('b:443', [5, 80, 155, 230, 305])]),
    want: { dest: 'b:443', sends: 5, interval_s: 75, jitter: 0, span_s: 300 },
  },
  {
    name: 'a tie in jitter goes to more sends', sends: byTime([...at('a:443', [0, 100, 200, 300]), ...at('b:443', [1, 61, 121, 181, 241, 301])]),
    want: { dest: 'b:443', sends: 6, interval_s: 60, jitter: 0, span_s: 300 },
  },
  {
    name: 'a tie in jitter and sends goes to the smaller key', sends: byTime([...at('b:443', [0, 100, 200, 300]), ...at('a:443', [1, 101, 201, 301])]),
    want: { dest: 'a:443', sends: 4, interval_s: 100, jitter: 0, span_s: 300 },
  },
  {
    name: 'one size every time: the destination group (smaller key) wins the tie with its sized group', sends: at('c2:443', [0, 60, 120, 180, 240, 300], 232),
    want: { dest: 'c2:443', sends: 6, interval_s: 60, jitter: 0, span_s: 300 },
  },
  {
    name: 'a fixed-size heartbeat among replies of other sizes: the sized group', sends: byTime([...at('c2:443', [0, 45, 90, 135, 180, 225, 270, 315], 232), ...at('c2:443', [10, 12, 100, 101], 5_000), ...at('c2:443', [200], 77)]),
    want: { dest: 'c2:443', sends: 8, interval_s: 45, jitter: 0, span_s: 315, bytes: 232 },
  },
  {
    name: 'groups are by destination: the same size to two hosts is two groups', sends: byTime([...at('a:443', [0, 100, 200], 100), ...at('b:443', [300], 100)]),
    want: undefined,
  },
];

describe('beacon', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_n, row) => {
    expect(findBeacon(row.sends)).toEqual(row.want);
    // the same sends entered one by one
    const b = newBeaconGroups();
    for (const s of row.sends) if (s.bytes !== undefined) beaconSend(b, s.dest, s.bytes, s.ts, 1);
    if (row.sends.every((s) => s.bytes !== undefined)) expect(bestBeacon(b)).toEqual(row.want);
  });

  it('sends leaving a group: the beacon goes when the group falls under four sends or five minutes', () => {
    const b = newBeaconGroups();
    const sends = at('c2:443', [0, 60, 120, 180, 240, 300], 232);
    for (const s of sends) beaconSend(b, s.dest, s.bytes!, s.ts, 1);
    expect(bestBeacon(b)?.sends).toBe(6);
    beaconSend(b, 'c2:443', 232, sends[0].ts, -1);
    // five sends left, spanning 240 s
    expect(bestBeacon(b)).toBeUndefined();
    beaconSend(b, 'c2:443', 232, 1_000_000 + 360_000, 1);
    expect(bestBeacon(b)).toEqual({ dest: 'c2:443', sends: 6, interval_s: 60, jitter: 0, span_s: 300 });
    for (let i = 1; i < 6; i++) beaconSend(b, 'c2:443', 232, sends[i].ts, -1);
    expect(bestBeacon(b)).toBeUndefined();
    beaconSend(b, 'c2:443', 232, 1_000_000 + 360_000, -1);
    expect(bestBeacon(b)).toBeUndefined();
    // a group emptied and entered again starts afresh
    for (const s of at('c2:443', [1000, 1100, 1200, 1300], 232)) beaconSend(b, s.dest, s.bytes!, s.ts, 1);
    expect(bestBeacon(b)).toEqual({ dest: 'c2:443', sends: 4, interval_s: 100, jitter: 0, span_s: 300 });
  });

  it('incremental enter/leave equals the beacon of the remaining sends, over random series', () => {
    const DESTS = ['a:443', 'b:443', 'c:8080'], SIZES = [64, 232, 1_000];
    let checked = 0, found = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const g = new Rng('beacon-test', seed), r = () => g.next();
      const b = newBeaconGroups();
      const live: S[] = [];
      let t = 0;
      // a regular heartbeat per seed, with noise around it, through a sliding window
      const period = 20_000 + Math.floor(r() * 60_000), win = MIN_BEACON_SPAN_MS * (1 + r());
      let nextBeat = 0;
      for (let step = 0; step < 600; step++) {
        let s: S;
        if (t >= nextBeat) {
          // (jitter of a few seconds at most, sometimes none)
          s = { ts: nextBeat + (r() < 0.5 ? 0 : Math.floor(r() * 4_000)), dest: DESTS[0], bytes: 232 };
          nextBeat += period;
        } else {
          s = { ts: t + Math.floor(r() * 5_000), dest: DESTS[Math.floor(r() * DESTS.length)], bytes: SIZES[Math.floor(r() * SIZES.length)] };
        }
        if (live.length > 0 && s.ts < live[live.length - 1].ts) s.ts = live[live.length - 1].ts; // in time order (equal times allowed)
        t = s.ts;
        beaconSend(b, s.dest, s.bytes!, s.ts, 1);
        live.push(s);
        // the oldest leave, in time order: past the window, or now and then a random few
        let drop = 0;
        while (drop < live.length && live[drop].ts < t - win) drop++;
        if (r() < 0.05) drop = Math.min(live.length, drop + Math.floor(r() * 5));
        for (const o of live.splice(0, drop)) beaconSend(b, o.dest, o.bytes!, o.ts, -1);
        const want = findBeacon(live);
        expect(bestBeacon(b), `seed ${seed} step ${step}`).toEqual(want);
        checked++;
        if (want) found++;
      }
    }
    expect(checked).toBe(4_800);
    // the series must hold beacons often enough to test something
    expect(found).toBeGreaterThan(1_000);
  });
});
