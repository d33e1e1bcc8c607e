import { describe, it, expect } from 'vitest';
import { keySafe, liveMembers, planPartitions, quotaOf, viewOf, type Entry, type LeaseValue, type LeaseView } from './lease-plan.js';

const me = { id: 'w2', instance: 'i2' };
const lease = (owner: string | null, epoch: number, createdMs: number, instance = 'x'): Entry<LeaseValue> => ({ value: { owner, instance, epoch }, revision: 7, createdMs });
const free: LeaseView = { kind: 'free', epoch: 0, revision: undefined };
const heldBy = (owner: string): LeaseView => ({ kind: 'held', owner, instance: 'x', epoch: 1, revision: 1, ageMs: 0 });

describe('lease plan', () => {
  it.each([
    ['absent', undefined, 'free', 0],
    ['released: the epoch stays', lease(null, 4, 0), 'free', 4],
    ['renewed within the TTL', lease('w1', 3, 9_000), 'held', 3],
    ['not renewed for longer than the TTL', lease('w1', 3, 4_999), 'free', 3],
    ['an earlier run of this worker (same id, other instance)', lease('w2', 5, 9_000, 'old'), 'free', 5],
    ['this very run', lease('w2', 5, 9_000, 'i2'), 'held', 5],
  ])('a lease %s is %s', (_, e, kind, epoch) => {
    const v = viewOf(e, 10_000, 5_000, me);
    expect(v.kind).toBe(kind);
    expect(v.epoch).toBe(epoch);
  });

  it('live members: heartbeats younger than the TTL, sorted, each id once', () => {
    const m = (id: string, createdMs: number) => ({ value: { id, instance: 'i', fleet: true }, revision: 1, createdMs });
    expect(liveMembers([m('w3', 9_000), m('w1', 4_000), m('w2', 8_000), m('w3', 9_500)], 10_000, 5_000)).toEqual(['w2', 'w3']);
  });

  it.each([
    [8, ['a', 'b', 'c'], [3, 3, 2]],
    [8, ['a', 'b', 'c', 'd', 'e'], [2, 2, 2, 1, 1]],
    [8, ['a'], [8]],
    [2, ['a', 'b', 'c'], [1, 1, 0]],
  ])('%i partitions over %j: quotas %j, summing to the partitions', (n, live, want) => {
    expect(live.map((id) => quotaOf(id, live, n))).toEqual(want);
  });

  it('a member not yet seen alive counts itself in', () => {
    expect(quotaOf('b', ['a', 'c'], 8)).toBe(3);
  });

  it('over the quota: releases the highest partitions it holds; under it: takes free ones, lowest first, never one held by another', () => {
    expect(planPartitions(3, [0, 5, 2, 7, 1], [])).toEqual({ acquire: [], release: [7, 5] });
    const views = [heldBy('w1'), free, heldBy('w3'), free, free, free];
    expect(planPartitions(3, [4], views)).toEqual({ acquire: [1, 3], release: [] });
    expect(planPartitions(2, [1, 3], views)).toEqual({ acquire: [], release: [] });
  });

  it('members applying the plan one after another converge on the fair split (3/3/2), whatever the order', () => {
    for (const order of [['a', 'b', 'c'], ['c', 'b', 'a'], ['b', 'a', 'c']]) {
      const owner: (string | null)[] = Array(8).fill(null);
      owner.fill('a'); // a started alone and took everything
      for (let round = 0; round < 4; round++) for (const id of order) {
        const quota = quotaOf(id, ['a', 'b', 'c'], 8);
        const mine = owner.flatMap((o, p) => (o === id ? [p] : []));
        const plan = planPartitions(quota, mine, owner.map((o) => (o === null ? free : heldBy(o))));
        for (const p of plan.release) owner[p] = null;
        for (const p of plan.acquire) owner[p] = id;
      }
      const counts = ['a', 'b', 'c'].map((id) => owner.filter((o) => o === id).length);
      expect(counts).toEqual([3, 3, 2]);
    }
  });

  it('worker ids become KV-safe keys, distinct ids staying distinct', () => {
    expect(keySafe('host-1:1234')).toBe('host-1=3a1234');
    expect(keySafe('a b')).not.toBe(keySafe('a_b'));
  });
});
