import { describe, it, expect } from 'vitest';
import { KeyUseExtractor, SPAN_GAP_MS } from './key-uses.js';
import { ForeignUses, insertSpan } from './foreign-uses.js';
import { partitionOf } from './partitioner.js';
import { keyHorizonsOf } from '../analytics/index.js';
import { DEFAULT_POLICY } from '../model/index.js';

const H = { ...keyHorizonsOf(DEFAULT_POLICY, 30_000), lateness: 30_000 };

const op = (ts: number, device: string, key_fp: string | undefined, dir = 'encrypt', app = 'com.x') =>
  JSON.stringify({ v: 1, ts, device, app, type: 'crypto.op', alg: 'AES', dir, in_bytes: 10, ...(key_fp ? { key_fp } : {}) });
const key = (ts: number, device: string, key_fp: string, origin: string, app = 'com.x') =>
  JSON.stringify({ v: 1, ts, device, app, type: 'crypto.key', key_fp, alg: 'AES', origin });

describe('KeyUseExtractor (publish side)', () => {
  it('notes the encrypt ops the engine notes: with a key, not a decrypt, not a key born on the device', () => {
    const x = new KeyUseExtractor(H);
    const lines = [
      op(1000, 'd1', 'k1'), op(2000, 'd1', 'k1'), op(2500, 'd1', 'k1', 'decrypt'), op(3000, 'd1', undefined),
      key(500, 'd2', 'k2', 'keystore'), op(1500, 'd2', 'k2'),
      key(500, 'd3', 'k1', 'literal'), op(1600, 'd3', 'k1'),
      '{"ts":1,"device":"d4","type":"crypto.op","key_fp":"k1"}', // rejected by validation: adds nothing
      '{"ts":1,"device":"d5","app":"com.x","type":"net.send"}',
    ];
    lines.forEach((l, i) => x.line(l, 'f', i + 1));
    expect(x.take(true).sort()).toEqual([['com.x', 'k1', 'd1', 1000, 2000], ['com.x', 'k1', 'd3', 1600, 1600]]);
    expect(x.take(true)).toEqual([]);
  });

  it('reads crypto events in the engines\' canonical order: an op read before the announcement of its key (within the lateness) is a use of a key born on the device', () => {
    const x = new KeyUseExtractor(H);
    [op(2_000, 'd1', 'k9'), key(1_000, 'd1', 'k9', 'generated'), op(3_000, 'd1', 'k9'), op(70_000, 'd2', 'k9')].forEach((l, i) => x.line(l, 'f', i + 1));
    // uses wait for the lateness to put them in order: only what is 30 s behind the newest goes now
    expect(x.take()).toEqual([]);
    expect(x.take(true)).toEqual([['com.x', 'k9', 'd2', 70_000, 70_000]]);
  });

  it('splits a device\'s uses into spans at gaps longer than SPAN_GAP_MS, whatever their arrival order', () => {
    const x = new KeyUseExtractor(H);
    const t = [0, SPAN_GAP_MS, 3 * SPAN_GAP_MS, 3 * SPAN_GAP_MS + 5, 2 * SPAN_GAP_MS + SPAN_GAP_MS / 2];
    t.forEach((ts, i) => x.line(op(1_000_000 + ts, 'd1', 'k'), 'f', i + 1));
    expect(x.take(true).map((s) => [s[3] - 1_000_000, s[4] - 1_000_000])).toEqual([[0, SPAN_GAP_MS], [2.5 * SPAN_GAP_MS, 3 * SPAN_GAP_MS + 5]]);
  });
});

describe('ForeignUses (worker side)', () => {
  it('insertSpan keeps sorted spans, merging those at most `gap` apart', () => {
    const s: number[] = [];
    insertSpan(s, 100, 110, 10);
    insertSpan(s, 200, 210, 10);
    insertSpan(s, 50, 60, 10);
    expect(s).toEqual([50, 60, 100, 110, 200, 210]);
    insertSpan(s, 118, 190, 10); // within 10 of both neighbours: one span
    expect(s).toEqual([50, 60, 100, 210]);
    insertSpan(s, 61, 70, 10);
    expect(s).toEqual([50, 70, 100, 210]);
  });

  it('counts the devices of other partitions with a use in [from, to): a later use, already known, does not count', () => {
    const n = 4, h = 1000;
    const devs = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const mine = partitionOf('a', n);
    const u = new ForeignUses(n, h);
    u.add(devs.map((d, i) => ['app', 'k', d, 5000 + i * 100, 5000 + i * 100] as [string, string, string, number, number]));
    const others = (from: number, to: number) => devs.filter((d, i) => partitionOf(d, n) !== mine && 5000 + i * 100 >= from && 5000 + i * 100 < to).length;
    for (const [from, to] of [[4000, 5000], [4000, 5001], [5000, 5400], [5150, 6000], [5700, 5800], [6000, 7000]]) expect(u.count('app', 'k', from, to, mine, Infinity)).toBe(others(from, to));
    expect(u.count('app', 'k', 0, 1e9, mine, 2)).toBe(2);
    expect(u.count('app', 'other', 0, 1e9, mine, Infinity)).toBe(0);
    // a long span is a use in every window of the horizon it covers (uses at most `horizon` apart)
    u.add([['app', 'k2', 'b', 0, 10_000]]);
    expect(u.count('app', 'k2', 4000, 5000, partitionOf('b', n) === 0 ? 1 : 0, Infinity)).toBe(1);
    u.evict(10_001);
    expect(u.count('app', 'k2', 0, 1e9, -1, Infinity)).toBe(0);
  });

  it('until() resolves once the stream has been read that far', async () => {
    const u = new ForeignUses(2, 1000);
    let done = false;
    const p = u.until(3).then(() => { done = true; });
    u.advance(2);
    await Promise.resolve();
    expect(done).toBe(false);
    u.advance(3);
    await p;
    expect(done).toBe(true);
  });
});
