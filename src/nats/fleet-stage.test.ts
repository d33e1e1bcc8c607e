import { describe, it, expect } from 'vitest';
import { DEFAULT_POLICY } from '../model/index.js';
import { FleetStage } from './fleet-stage.js';
import { fleetPieces, keyShard, keySubject, type ControlPiece, type FleetPiece, type HeldPiece, type KeyPiece } from './fleet-messages.js';
import { accept, newOrderState, waiting } from './fleet-order.js';
import { FleetUses } from './fleet-uses.js';
import type { Note } from './partition-runner.js';

describe('fleet stage progress', () => {
  it('never goes backwards: an older progress arriving after a partition ended keeps it ended', () => {
    const stage = new FleetStage({ policy: DEFAULT_POLICY, lateness: 0, partitions: 2, onAlert: () => undefined });
    stage.progress(0, 1_000);
    stage.progress(1, 5_000);
    expect(stage.globalProgress).toBe(1_000);
    stage.progress(0, null);
    stage.progress(0, 900); // a retried publish that landed late
    expect(stage.globalProgress).toBe(5_000);
    stage.progress(1, null);
    expect(stage.globalProgress).toBe(Infinity);
    stage.progress(1, 4_000);
    expect(stage.globalProgress).toBe(Infinity);
  });
});

describe('fleet pieces', () => {
  it('notes travel on the subject of their (app, key_fp); held chains split under the size; control last', () => {
    const held = Array.from({ length: 50 }, (_, i) => new Uint8Array(30_000).fill(i));
    const notes = Array.from({ length: 40 }, (_, i) => [`app${i % 3}`, `fp${i % 7}`, `d${i}`, i, i + 1] as Note);
    const out = fleetPieces({ p: 2, seq: 17, prev: 9, notes, held, progress: 1234 }, 256 * 1024);
    const control = out.at(-1)!;
    expect(control).toMatchObject({ subject: 'ct.fleet.p.2', id: 'f2-17', piece: { kind: 'c', p: 2, seq: 17, prev: 9, progress: 1234 } });
    for (const x of out.slice(0, -1)) {
      if (x.piece.kind === 'k') {
        expect(x.subject).toBe(`ct.fleet.k.${x.piece.shard.toString(16)}`);
        for (const n of x.piece.notes) expect(keySubject(keyShard(n[0], n[1]))).toBe(x.subject);
      } else {
        expect(x.subject).toBe('ct.fleet.p.2');
        if (x.piece.kind === 'h') expect(x.piece.held.reduce((n, h) => n + h.length, 0)).toBeLessThanOrEqual(256 * 1024);
      }
    }
    // one key, one subject, whichever device or partition noted it
    const one = (p: number, dev: string) => fleetPieces({ p, seq: 1, prev: 0, notes: [['com.x', 'abcd', dev, 1, 1]], held: [] }, 1000)[0].subject;
    expect(new Set([one(0, 'a'), one(3, 'b'), one(1, 'c')]).size).toBe(1);
    const ks = out.filter((x) => x.piece.kind === 'k').map((x) => (x.piece as KeyPiece).notes).flat();
    expect(ks.sort()).toEqual([...notes].sort());
    expect(out.filter((x) => x.piece.kind === 'h').flatMap((x) => (x.piece as HeldPiece).held).map((h) => h[0])).toEqual(held.map((_, i) => i));
    expect(Object.values((control.piece as ControlPiece).parts).reduce((a, b) => a + b, 0)).toBe(out.length - 1);
    expect(new Set(out.map((x) => x.id)).size).toBe(out.length);
    expect(fleetPieces({ p: 0, seq: 5, prev: 3, notes: [], held: [] }, 1000)).toEqual([{ subject: 'ct.fleet.p.0', id: 'f0-5', piece: { kind: 'c', p: 0, seq: 5, prev: 3, parts: {} } }]);
  });
});

describe('fleet order', () => {
  /** three inputs of partition 0 and two of partition 1, in publish order */
  const publish = () => [
    ...fleetPieces({ p: 0, seq: 1, prev: 0, notes: [['a', 'k1', 'd0', 10, 10], ['b', 'k2', 'd0', 11, 11]], held: [], progress: 10 }, 150),
    ...fleetPieces({ p: 1, seq: 2, prev: 0, notes: [['a', 'k1', 'd1', 12, 12]], held: [new Uint8Array([1])], progress: 12 }, 150),
    ...fleetPieces({ p: 0, seq: 3, prev: 1, notes: [], held: [], progress: undefined }, 150), // a poison input
    ...fleetPieces({ p: 0, seq: 4, prev: 3, notes: [['a', 'k1', 'd0', 20, 20]], held: [new Uint8Array([2]), new Uint8Array([3])], progress: 20 }, 150),
    ...fleetPieces({ p: 1, seq: 6, prev: 2, notes: [], held: [], progress: null }, 150),
  ].map((x) => x.piece);
  const released = (pieces: FleetPiece[]) => { const s = newOrderState(2); return pieces.flatMap((x) => accept(s, x)); };

  it('in order: every input released once, in its partition order, notes before progress', () => {
    const r = released(publish());
    expect(r.map((x) => `${x.p}:${x.seq}`)).toEqual(['0:1', '1:2', '0:3', '0:4', '1:6']);
    expect(r[0].notes).toEqual([['a', 'k1', 'd0', 10, 10], ['b', 'k2', 'd0', 11, 11]].sort((x, y) => keyShard(x[0] as string, x[1] as string) - keyShard(y[0] as string, y[1] as string)));
    expect(r[2]).not.toHaveProperty('progress');
    expect(r[3].held.map((h) => h[0])).toEqual([2, 3]);
  });

  it('reversed, shuffled, duplicated: the same releases per partition', () => {
    const want = released(publish());
    const perPartition = (r: ReturnType<typeof released>, p: number) => r.filter((x) => x.p === p);
    const pieces = publish();
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const order of [[...pieces].reverse(), [...pieces].sort(() => rnd() - 0.5), [...pieces, ...pieces.slice(2, 6), ...pieces].sort(() => rnd() - 0.5)]) {
      const got = released(order);
      for (const p of [0, 1]) expect(perPartition(got, p)).toEqual(perPartition(want, p));
    }
    // nothing released before its earlier inputs: the end of partition 1 alone waits
    const s = newOrderState(2);
    expect(accept(s, pieces.at(-1)!)).toEqual([]);
    expect(waiting(s)).toBe(1);
  });

  it('a piece with more notes and held chains than a call takes arguments is released whole', () => {
    // (pieces are bounded by bytes, not by count: the release copies them with loops, never a spread)
    const n = 300_000;
    const notes = Array.from({ length: n }, (_, i) => ['a', 'k', `d${i}`, i, i] as Note);
    const held = Array.from({ length: n }, () => new Uint8Array(0));
    const s = newOrderState(1);
    accept(s, { kind: 'k', p: 0, seq: 1, shard: 0, i: 0, notes });
    accept(s, { kind: 'h', p: 0, seq: 1, i: 0, held });
    const [r0] = accept(s, { kind: 'c', p: 0, seq: 1, prev: 0, progress: 5, parts: { k0: 1, h: 1 } });
    expect(r0.notes.length).toBe(n);
    expect(r0.notes[n - 1][2]).toBe(`d${n - 1}`);
    expect(r0.held.length).toBe(n);
  });
});

describe('fleet uses', () => {
  const H = 3_600_000;
  it('a device that used the key in the range counts, however far its later uses went', () => {
    const u = new FleetUses(H);
    u.note('app', 'k', 'd1', 10 * H, 10 * H + 5);
    u.note('app', 'k', 'd2', 9 * H, 9 * H);
    u.note('app', 'k', 'd2', 20 * H, 20 * H); // a partition that ran far ahead
    expect(u.devices('app', 'k', 8 * H, 11 * H)).toEqual(['d1', 'd2']);
    expect(u.devices('app', 'k', 12 * H, 19 * H)).toEqual([]);
    expect(u.devices('app', 'other', 0, 30 * H)).toEqual([]);
  });
  it('merging spans less than two horizons apart answers every range of two horizons or more as the uses would', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const uses = Array.from({ length: 200 }, () => Math.floor(rnd() * 40 * H));
    const u = new FleetUses(H);
    for (const t of [...uses].sort(() => rnd() - 0.5)) u.note('a', 'k', 'd', t, t);
    for (let i = 0; i < 500; i++) {
      const from = Math.floor(rnd() * 40 * H), to = from + 2 * H + Math.floor(rnd() * 5 * H);
      expect(u.devices('a', 'k', from, to).length).toBe(uses.some((t) => t >= from && t <= to) ? 1 : 0);
    }
  });
});
