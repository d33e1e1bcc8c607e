// The fleet stage on a real nats-server: key notes on subjects keyed by (app, key_fp), the fleet
// stage robust to pieces that arrive late, out of order or twice, and what a key shared by
// devices of different partitions changes against `detect` (docs/scale-out.md: cross-device keys).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import { DeliverPolicy } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/transport-node';
import { ct, tmp, checkAlerts } from './helpers.js';
import { NatsServer, ctRun, sortedLines, status, needNats } from './nats-helpers.js';
import { openBus, type Bus } from '../src/nats/connection.js';
import { keyShard, type FleetPiece } from '../src/nats/fleet-messages.js';
import { partitionOf } from '../src/nats/partitioner.js';

const SKIP = !needNats();

interface Stored { seq: number; subject: string; data: Uint8Array; headers?: MsgHdrs }

/** every message of a stream, in stream order */
async function readStream(bus: Bus, stream: string): Promise<Stored[]> {
  const last = (await bus.jsm.streams.info(stream)).state.last_seq;
  const out: Stored[] = [];
  if (last === 0) return out;
  const c = await bus.js.consumers.get(stream, { deliver_policy: DeliverPolicy.All });
  const it = await c.consume({ max_messages: 512 });
  for await (const m of it) {
    out.push({ seq: m.seq, subject: m.subject, data: m.data, ...(m.headers ? { headers: m.headers } : {}) });
    if (m.seq >= last) break;
  }
  it.stop();
  return out;
}

/** field paths whose values differ (arrays by index) */
function differingFields(a: unknown, b: unknown, path = ''): string[] {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b ? [] : [path];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) => differingFields((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`));
}

const SHARED = { app: 'com.wallpaper.hd.live', devices: ['sim-shared-key-fleet-d1', 'sim-shared-key-fleet-d2', 'sim-shared-key-fleet-d3'] };

let dir: string, file: string, policy: string;
beforeAll(() => {
  dir = tmp('ct-natsk-');
  expect(ct(['simulate', '--out', join(dir, 'sc'), '--scenario', 'all', '--seed', '1']).status).toBe(0);
  file = join(dir, 'sc/all.ndjson');
  policy = join(dir, 'sc/policy.yaml');
}, 60_000);

describe.skipIf(SKIP)('fleet stage on four partitions', () => {
  let a: NatsServer, b: NatsServer | undefined;
  let busA: Bus;
  /** CT_FLEET and the partitions' alert versions, before any fleet stage ran */
  let fleet: Stored[], partitionAlerts: Stored[];
  let alertsA: string;
  beforeAll(async () => {
    a = await NatsServer.start();
    // (no key uses: this file is about what the fleet stage alone gives)
    expect(ctRun(['publish', file, '--nats', a.url, '--partitions', '4', '--batch-lines', '100', '--approximate-keys', '--end']).status).toBe(0);
    // the partitions alone first: the fleet stream is complete before the fleet stage reads it
    const w = ctRun(['worker', '--nats', a.url, '--policy', policy, '--no-fleet', '--until-end']);
    expect(w.status, w.stderr).toBe(0);
    busA = await openBus(a.url, 'test');
    fleet = await readStream(busA, 'CT_FLEET');
    partitionAlerts = await readStream(busA, 'CT_ALERTS');
    const f = ctRun(['worker', '--nats', a.url, '--policy', policy, '--partitions', 'none', '--fleet', '--until-end']);
    expect(f.status, f.stderr).toBe(0);
    alertsA = ctRun(['alerts', '--nats', a.url]).stdout;
  }, 120_000);
  afterAll(async () => { await busA?.nc.close(); await a?.stop(); await b?.stop(); });

  it('key notes travel on ct.fleet.k.<shard of (app, key_fp)>; held chains and progress on ct.fleet.p.<partition>', () => {
    const subjectsOfShared = new Set<string>(), partitionsOfShared = new Set<number>(), devicesOfShared = new Set<string>();
    let notes = 0;
    for (const m of fleet) {
      const x = deserialize(m.data) as FleetPiece;
      if (x.kind === 'k') {
        expect(m.subject).toBe(`ct.fleet.k.${x.shard.toString(16)}`);
        for (const [app, fp, device] of x.notes) {
          notes++;
          expect(keyShard(app, fp)).toBe(x.shard);
          expect(partitionOf(device, 4)).toBe(x.p);
          if (app === SHARED.app) { subjectsOfShared.add(m.subject); partitionsOfShared.add(x.p); devicesOfShared.add(device); }
        }
      } else expect(m.subject).toBe(`ct.fleet.p.${x.p}`);
    }
    expect(notes).toBeGreaterThan(10);
    // one hard-coded key, three devices in three partitions: one subject
    expect([...devicesOfShared].sort()).toEqual(SHARED.devices);
    expect(partitionsOfShared.size).toBe(3);
    expect(subjectsOfShared.size).toBe(1);
    expect(new Set(fleet.map((m) => m.subject.split('.').slice(0, 3).join('.')))).toEqual(new Set(['ct.fleet.k', 'ct.fleet.p']));
    // every fleet stage output passes the contract check
    const out = join(dir, 'fleet-alerts.ndjson');
    writeFileSync(out, alertsA);
    expect(checkAlerts(out).status).toBe(0);
  });

  it('fleet pieces republished reversed, held back and doubled: the fleet stage gives the same alerts', async () => {
    b = await NatsServer.start();
    const busB = await openBus(b.url, 'test', 4);
    try {
      for (const m of partitionAlerts) await busB.js.publish(m.subject, m.data, { msgID: `a${m.seq}`, ...(m.headers ? { headers: m.headers } : {}) });
      // worst orders the old stage could not survive: every partition's end of input and progress
      // first (newest first), then the held chains, then the notes; a third of the pieces twice, with
      // new ids (the duplicate window does not catch them, as after a redelivery past it)
      const piece = (m: Stored) => deserialize(m.data) as FleetPiece;
      const rank = (m: Stored) => { const x = piece(m); return x.kind === 'c' ? 0 : x.kind === 'h' ? 1 : 2; };
      // partition 0's end of input comes last of all, so the stage reads every duplicate before it can finish
      const last = fleet.find((m) => { const x = piece(m); return x.kind === 'c' && x.p === 0 && x.progress === null; })!;
      const order = fleet.filter((m) => m !== last).reverse().sort((x, y) => rank(x) - rank(y));
      const again = fleet.filter((m, i) => i % 3 === 0 && m !== last);
      const half = Math.floor(order.length / 2);
      for (const [i, m] of [...order.slice(0, half), ...again, ...order.slice(half), last].entries()) await busB.js.publish(m.subject, m.data, { msgID: `f${i}` });
      const f = ctRun(['worker', '--nats', b.url, '--policy', policy, '--partitions', 'none', '--fleet', '--until-end']);
      expect(f.status, f.stderr).toBe(0);
      expect(sortedLines(ctRun(['alerts', '--nats', b.url]).stdout)).toEqual(sortedLines(alertsA));
      const s = status(b.url).fleet as { dropped: number; waiting: number; held: number };
      expect(s.dropped).toBe(again.length);
      expect(s.waiting).toBe(0);
      expect(s.held).toBe(0);
    } finally {
      await busB.nc.close();
    }
  });

  it('a key on devices of different partitions: every other alert byte-equal to detect; the three differ only in rev and the key texts', () => {
    const want = ct(['detect', file, '--policy', policy]).stdout;
    const got = new Map(sortedLines(alertsA).map((l) => [JSON.parse(l).id as string, l]));
    const wantLines = sortedLines(want);
    expect(got.size).toBe(wantLines.length);
    const differ = wantLines.filter((l) => got.get(JSON.parse(l).id) !== l);
    expect(differ.map((l) => JSON.parse(l).device).sort()).toEqual(SHARED.devices);
    for (const l of differ) {
      const fields = differingFields(JSON.parse(l), JSON.parse(got.get(JSON.parse(l).id)!));
      expect(fields).toContain('.rev');
      for (const f of fields) expect(f).toMatch(/^\.rev$|^\.facets\.key_reuse\.why$|^\.facets\.key_reuse\.keys\.\d+\.devices$/);
    }
  });
});
