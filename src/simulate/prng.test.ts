import { describe, expect, it } from 'vitest';
import { Rng, hash32 } from './prng.js';
import { cipherOut, keyFp, signerOf, BASE_EPOCH } from './material.js';

describe('Rng', () => {
  it('is a pure function of its seed', () => {
    const a = new Rng(7, 'x'), b = new Rng(7, 'x'), c = new Rng(8, 'x');
    const xs = Array.from({ length: 50 }, () => a.u32());
    expect(Array.from({ length: 50 }, () => b.u32())).toEqual(xs);
    expect(Array.from({ length: 50 }, () => c.u32())).not.toEqual(xs);
  });

  it('stays in range', () => {
    const r = new Rng(1);
    for (let i = 0; i < 10_000; i++) {
      const f = r.next();
      expect(f >= 0 && f < 1).toBe(true);
      const n = r.int(-3, 5);
      expect(Number.isInteger(n) && n >= -3 && n <= 5).toBe(true);
    }
    expect(r.hex(40)).toMatch(/^[0-9a-f]{40}$/);
  });

  it('spreads ints evenly enough', () => {
    const r = new Rng(3);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[r.int(0, 9)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(600);
  });

  it('hash32 is stable', () => {
    expect(hash32('a', 1)).toBe(hash32('a', 1));
    expect(hash32('a', 1)).not.toBe(hash32('a', 2));
  });
});

describe('material', () => {
  it('fingerprints like the contract says', () => {
    expect(keyFp('k')).toMatch(/^[0-9a-f]{32}$/);
    expect(keyFp('k')).toBe(keyFp('k'));
    expect(signerOf('c')).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(BASE_EPOCH).toISOString()).toBe('2026-01-05T08:00:00.000Z');
  });

  it.each([
    ['CBC', 0, 16], ['CBC', 16, 32], ['CBC', 17, 32], ['ECB', 100, 112], ['GCM', 100, 116],
    ['Poly1305', 0, 16], ['stream', 100, 100], ['CTR', 7, 7], [undefined, 9, 9],
  ] as const)('cipherOut(%s, %i) = %i', (mode, n, out) => {
    expect(cipherOut(mode, n)).toBe(out);
  });
});
