// Facet 2, key reuse, driven through a real Window and AppContext: the key's origin and uses on
// this device, hardware-backed keys, the fleet index (the same key on another device), key records
// arriving after the op, and key records past their horizon.
import { describe, expect, it } from 'vitest';
import { APP, artifact, checkRow, fleet, HOUR, key, MIN, op, prune, Rig, send, type Row } from '../facet-rig.test-util.js';
import type { KeyFigures } from './key-reuse.js';

const T = 10 * HOUR;
const uses = (n: number, fp: string, from = T, step = 10_000) => Array.from({ length: n }, (_, i) => op(from + i * step, { key: fp }));

const rows: Row<KeyFigures>[] = [
  { name: 'absent: ops without a key fingerprint', recs: [op(T), op(T + 1), op(T + 2)], strength: 0 },
  {
    name: 'literal key used once: 0.6', recs: [key(T - 1_000, 'k-literal-1', 'literal'), ...uses(1, 'k-literal-1')], strength: 0.6,
    flags: { keystoreOnly: false, fleetKey: false },
    figures: { key_fp: 'k-literal-1', uses: 1, threshold: 3, origin: 'literal', locally_accessible: true, devices_with_key: 1, hw_backed: false },
    why: ['key k-litera… (AES, origin literal) used 1× within the window (KeyReuseThreshold 3)', 'locally accessible key: recoverable from the APK or device'],
    notWhy: ['hard-coded', 'not suspicious'],
  },
  { name: 'literal key reused 3× (threshold 3): 1', recs: [key(T - 1_000, 'k1', 'literal'), ...uses(3, 'k1')], strength: 1, figures: { uses: 3 }, why: ['used 3×'] },
  { name: 'literal key used 2× (threshold 3): 0.6', recs: [key(T - 1_000, 'k1', 'literal'), ...uses(2, 'k1')], strength: 0.6 },
  { name: 'literal key used 2× (threshold tuned to 2): 1', tune: { thresholds: { key_reuse_threshold: 2 } }, recs: [key(T - 1_000, 'k1', 'literal'), ...uses(2, 'k1')], strength: 1, figures: { threshold: 2 }, why: ['KeyReuseThreshold 2'] },
  { name: 'derived key once: 0.6', recs: [key(T - 1_000, 'k1', 'derived', { kdf: 'PBKDF2' }), ...uses(1, 'k1')], strength: 0.6, figures: { origin: 'derived', kdf: 'PBKDF2' } as Partial<KeyFigures>, why: ['origin derived, PBKDF2'] },
  { name: 'stored key reused: 1', recs: [key(T - 1_000, 'k1', 'stored'), ...uses(4, 'k1')], strength: 1 },
  { name: 'generated key once: absent', recs: [key(T - 1_000, 'k1', 'generated'), ...uses(1, 'k1')], strength: 0 },
  {
    name: 'generated key reused: 0.4', recs: [key(T - 1_000, 'k1', 'generated'), ...uses(3, 'k1')], strength: 0.4,
    figures: { origin: 'generated', locally_accessible: false, uses: 3 }, notWhy: ['locally accessible'],
  },
  { name: 'generated key reused by an allowed crypto app: 0', tune: { allowed_crypto_apps: [APP] }, recs: [key(T - 1_000, 'k1', 'generated'), ...uses(5, 'k1')], strength: 0 },
  { name: 'literal key of an allowed crypto app: still 0.6', tune: { allowed_crypto_apps: [APP] }, recs: [key(T - 1_000, 'k1', 'literal'), ...uses(1, 'k1')], strength: 0.6 },
  { name: 'no key record, reused: unknown origin 0.4', recs: uses(3, 'k-anon'), strength: 0.4, figures: { origin: 'unknown', alg: 'AES' }, why: ['origin unknown'] },
  { name: 'keystore key reused: 0 and keystoreOnly', recs: [key(T - 1_000, 'k1', 'keystore'), ...uses(5, 'k1')], strength: 0, flags: { keystoreOnly: true, fleetKey: false } },
  { name: 'hardware-backed key (literal origin said): 0 and keystoreOnly', recs: [key(T - 1_000, 'k1', 'literal', { hw: true }), ...uses(5, 'k1')], strength: 0, flags: { keystoreOnly: true } },
  {
    name: 'a keystore key and a literal one: 0.6, not keystoreOnly', recs: [key(T - 2_000, 'k-hw', 'keystore'), key(T - 1_000, 'k-lit', 'literal'), ...uses(3, 'k-hw'), op(T + 60_000, { key: 'k-lit' })],
    strength: 0.6, flags: { keystoreOnly: false },
    figures: { key_fp: 'k-lit', keys: [{ key_fp: 'k-lit', alg: 'AES', origin: 'literal', uses: 1, devices: 1 }, { key_fp: 'k-hw', alg: 'AES', origin: 'keystore', uses: 3, devices: 1 }] },
  },
  {
    name: 'the same key on a second device: 1 and fleetKey', recs: [fleet(T - 10 * MIN, 'dev-2', 'k1'), key(T - 1_000, 'k1', 'literal'), ...uses(1, 'k1')],
    strength: 1, flags: { fleetKey: true }, figures: { devices_with_key: 2 }, why: ['same key used by this package on 2 devices: hard-coded'],
  },
  {
    name: 'the same unknown-origin key on a second device: 1 and fleetKey', recs: [fleet(T - 10 * MIN, 'dev-2', 'k1'), ...uses(1, 'k1')],
    strength: 1, flags: { fleetKey: true }, figures: { devices_with_key: 2, origin: 'unknown' },
  },
  { name: 'the other device used it past the fleet horizon: not counted', recs: [fleet(T - 2 * HOUR, 'dev-2', 'k1'), key(T - 1_000, 'k1', 'literal'), ...uses(1, 'k1')], strength: 0.6, flags: { fleetKey: false }, figures: { devices_with_key: 1 } },
  { name: 'a keystore key on two devices is not hard-coded', recs: [fleet(T - 10 * MIN, 'dev-2', 'k1'), fleet(T - 9 * MIN, 'dev-3', 'k1'), key(T - 1_000, 'k1', 'keystore'), ...uses(2, 'k1')], strength: 0, flags: { fleetKey: false, keystoreOnly: true } },
  {
    name: 'a fleet key that is not the top key: 1 without fleetKey', recs: [fleet(T - 10 * MIN, 'dev-2', 'k-fleet'), key(T - 1_000, 'k-top', 'literal'), ...uses(3, 'k-top'), op(T + 60_000, { key: 'k-fleet' })],
    strength: 1, flags: { fleetKey: false }, figures: { key_fp: 'k-top', devices_with_key: 1 },
  },
  { name: 'origin arriving after the op re-judges the key (unknown 0 → literal 0.6)', recs: [...uses(1, 'k1'), key(T + 1_000, 'k1', 'literal')], strength: 0.6, figures: { origin: 'literal' } },
  { name: 'origin arriving after the op re-judges the key (literal 1 → keystore 0)', recs: [key(T - 1_000, 'k1', 'literal'), ...uses(3, 'k1'), key(T + 60_000, 'k1', 'keystore')], strength: 0, flags: { keystoreOnly: true } },
  { name: 'key record past its horizon (announced 5 h before, never used) reads as unknown', recs: [key(T - 5 * HOUR, 'k1', 'literal'), ...uses(1, 'k1')], strength: 0 },
  { name: 'key record past its horizon, reused: unknown reused 0.4', recs: [key(T - 5 * HOUR, 'k1', 'literal'), ...uses(3, 'k1')], strength: 0.4, figures: { origin: 'unknown', locally_accessible: false } },
  { name: 'key record within its horizon (announced 3 h before): literal', recs: [key(T - 3 * HOUR, 'k1', 'literal'), ...uses(1, 'k1')], strength: 0.6 },
  { name: 'a use pruned out of the window lowers a reused key (3 → 2 uses: 1 → 0.6)', recs: [key(T - 1_000, 'k1', 'literal'), ...uses(3, 'k1', T, 2 * MIN), prune(T + MIN)], strength: 0.6, figures: { uses: 2 } },
  { name: 'every use pruned: absent', recs: [key(T - 1_000, 'k1', 'literal'), ...uses(3, 'k1'), send(T + 1, 10), prune(T + 5 * MIN)], strength: 0 },
  {
    name: 'the key of a staged file recalled from before the window counts as a use', recs: [
      key(T - 2 * HOUR - 5_000, 'k-art', 'literal'), artifact({ ts: T - 2 * HOUR, path: '/sdcard/.x/blob.dat', bytes: 20_000, keyFp: 'k-art' }), send(T, 20_000),
    ],
    strength: 0.6, figures: { key_fp: 'k-art', uses: 1, origin: 'literal' },
  },
];

describe('key_reuse facet', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_n, row) => { checkRow('key_reuse', row); });

  it('strength follows a key judged at each step (origin, uses, a second device)', () => {
    const rig = new Rig();
    rig.feed([op(T, { key: 'k1' })]);
    expect(rig.say('key_reuse').strength).toBe(0);
    rig.feed([op(T + 1_000, { key: 'k1' }), op(T + 2_000, { key: 'k1' })]);
    expect(rig.say('key_reuse').strength).toBe(0.4);
    rig.feed([key(T + 3_000, 'k1', 'stored')]);
    expect(rig.say('key_reuse').strength).toBe(1);
    rig.feed([prune(T + 500)]);
    expect(rig.say('key_reuse').strength).toBe(0.6);
    expect(rig.say('key_reuse').flags.fleetKey).toBe(false);
    rig.feed([fleet(T + 2_500, 'dev-9', 'k1')]);
    const s = rig.say<KeyFigures>('key_reuse');
    expect([s.strength, s.flags.fleetKey, s.figures?.devices_with_key]).toEqual([1, true, 2]);
  });

  // Regression (was a bug): a key's cipher is kept from the first op that used it (KeyUse.alg) and not updated
  // as ops leave, so with no key record the figures (and the sentence) name the cipher of an op no
  // longer in the window; a rebuild over the records left names AES.
  it('a key without a record keeps the cipher of an op that left the window', () => {
    const rig = new Rig();
    rig.feed([op(T, { alg: 'RC4', mode: undefined, key: 'k1' }), ...uses(3, 'k1', T + 5 * MIN), prune(T + MIN)]);
    const s = rig.say<KeyFigures>('key_reuse');
    expect(s.strength).toBe(0.4);
    expect(s.figures?.alg).toBe('AES');
  });
});
