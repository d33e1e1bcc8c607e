// The checkpoint replica thread (src/nats/snapshot-replica.ts), built (a worker thread runs the
// compiled JS): started from a partition's snapshot and fed the same messages (compressed
// batches, a message that is not a batch, the end marker), its snapshot at a stream sequence
// restores into an engine that continues exactly as the worker's own engine does.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ct, tmp, ROOT } from './helpers.js';

const dist = (p: string) => import(join(ROOT, 'dist', p)) as Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

let lines: string[], policy: unknown;
beforeAll(async () => {
  const dir = tmp('ct-replica-');
  expect(ct(['simulate', '--out', dir, '--scenario', 'all', '--seed', '2']).status).toBe(0);
  lines = readFileSync(join(dir, 'all.ndjson'), 'utf8').split('\n').filter((l) => l);
  policy = (await (await dist('policy/load-policy.js')).loadPolicy(join(dir, 'policy.yaml'))).value;
}, 60_000);

/** the replica of partition 7 against the worker's engine; `withUses`: both count the devices
 *  of a key-use index (every device is another partition's: 4 partitions) */
async function check(withUses: boolean): Promise<void> {
    const { PartitionRunner: Runner } = await dist('nats/partition-runner.js');
    const { KeyUseExtractor } = await dist('nats/key-uses.js');
    const { ForeignUses } = await dist('nats/foreign-uses.js');
    const { fleetHorizonOf, keyHorizonsOf } = await dist('analytics/index.js');
    const uses = new ForeignUses(4, fleetHorizonOf({ policy, lateness: 30_000 }));
    const x = new KeyUseExtractor({ ...keyHorizonsOf(policy, 30_000), lateness: 30_000 });
    lines.forEach((l, i) => x.line(l, 'all.ndjson', i + 1));
    const spans = x.take();
    if (withUses) uses.add(spans);
    const foreign = withUses ? { foreign: { uses, partition: 7 } } : {};
    // (a runner as the worker makes it: with the index of key uses when there is one)
    const PartitionRunner = class extends Runner { constructor(o: Record<string, unknown>, state?: Uint8Array) { super({ ...o, ...foreign }, state); } } as typeof Runner;
    const { packBatch, unpackBatch, BatchError } = await dist('nats/batch.js');
    const { SnapshotReplica } = await dist('nats/snapshot-replica.js');
    const { unpackObject } = await dist('analytics/snapshot.js');
    // held chains compared as objects: a restored engine's chains pack to other bytes (object
    // layout), the same chain (the fleet message id, partition + sequence, is what dedupes them)
    type Out = { fleet?: { held: Uint8Array[] } };
    const view = (o: Out) => (o.fleet ? { ...o, fleet: { ...o.fleet, held: o.fleet.held.map((h) => unpackObject(h)) } } : o);
    // the worker marks a fleet output sent with its message's sequence once published
    const sent = (r: InstanceType<typeof PartitionRunner>, seq: number, o: Out) => { if (o.fleet) r.fleetSent(seq); return o; };
    const opts = { policy, lateness: 30_000 };
    // messages of one partition: compressed batches of 40 lines, one that is not a batch, the end
    const msgs: { data: Uint8Array; enc?: string; end?: boolean; tick?: boolean }[] = [];
    for (let i = 0; i < lines.length; i += 40) {
      const b = { file: 'all.ndjson', lineNos: lines.slice(i, i + 40).map((_, j) => i + j + 1), lines: lines.slice(i, i + 40) };
      const pk = packBatch(b, true) as { data: Uint8Array; encoding: string };
      msgs.push({ data: pk.data, enc: pk.encoding });
      if (msgs.length === 5) msgs.push({ data: new TextEncoder().encode('not a batch'), enc: 'deflate-raw' });
      // an idle tick of a live feed: releases the reorder buffer with a clock event
      if (msgs.length === 8) msgs.push({ data: new Uint8Array(0), tick: true });
    }
    msgs.push({ data: new Uint8Array(0), end: true });
    const outputs = (r: InstanceType<typeof PartitionRunner>, from: number) => {
      const out: unknown[] = [];
      msgs.slice(from).forEach((m, i) => {
        const seq = from + i + 1;
        if (m.end) { out.push(view(sent(r, seq, r.end()))); return; }
        if (m.tick) { out.push(view(sent(r, seq, r.tick()))); return; }
        try { out.push(view(sent(r, seq, r.push(unpackBatch(m.data, m.enc))))); } catch (e) { if (!(e instanceof BatchError)) throw e; out.push('not a batch'); }
      });
      return out;
    };
    const whole = outputs(new PartitionRunner(opts), 0);
    const parsed = whole.filter((o) => o !== 'not a batch') as { alerts: unknown[]; fleet?: { held: unknown[]; prev: number }; events: number }[];
    expect(parsed.reduce((k, o) => k + o.events, 0)).toBe(lines.length);
    expect(parsed.reduce((k, o) => k + o.alerts.length + (o.fleet?.held.length ?? 0), 0)).toBeGreaterThan(10);
    // fleet outputs link to the previous one (what the fleet stage orders by): several, chained
    const prevs = parsed.flatMap((o) => (o.fleet ? [o.fleet.prev] : []));
    expect(prevs.length).toBeGreaterThan(2);
    expect(prevs.slice(1).every((p) => p > 0)).toBe(true);

    if (withUses) {
      // the index counts: without it the same messages give other outputs
      expect(outputs(new Runner(opts), 0)).not.toEqual(whole);
    }
    const replica = new SnapshotReplica(opts);
    // as the worker does: the index as it is when the replica starts (here still empty), then
    // every addition, queued in order with the batches
    if (withUses) { replica.initUses(new ForeignUses(4, fleetHorizonOf({ policy, lateness: 30_000 }))); replica.feedUses(1, spans); }
    try {
      const worker = new PartitionRunner(opts);
      const initAt = 2, cuts = [4, 9, 10, Math.floor(msgs.length / 2), msgs.length - 2];
      for (let s = 0; s < msgs.length - 1; s++) {
        const m = msgs[s];
        const seq = s + 1;
        if (m.tick) sent(worker, seq, worker.tick());
        else try { sent(worker, seq, worker.push(unpackBatch(m.data, m.enc))); } catch (e) { if (!(e instanceof BatchError)) throw e; }
        if (seq === initAt) replica.init(7, seq, worker.snapshot());
        else if (seq > initAt) replica.feed(7, seq, m);
        if (cuts.includes(seq)) {
          const state: Uint8Array = await replica.snapshot(7, seq);
          // restored from the replica's bytes, fed the rest: what the uninterrupted engine produced
          expect(outputs(new PartitionRunner(opts, state), seq)).toEqual(whole.slice(seq));
        }
      }
      await expect(replica.snapshot(7, 3)).rejects.toThrow(/replica at stream sequence \d+, asked for 3/);
      await expect(replica.snapshot(8, 3)).rejects.toThrow(/partition 8: no replica/);
      expect(replica.ok).toBe(true);
    } finally { await replica.close(); }
}

describe('snapshot replica thread', () => {
  it('its snapshot at sequence S continues exactly as the worker engine from S; a wrong S is refused', async () => {
    await check(false);
  }, 60_000);

  it('with a key-use index (exact-keys input): the replica counts the same devices, its snapshots continue exactly', async () => {
    await check(true);
  }, 60_000);
});
