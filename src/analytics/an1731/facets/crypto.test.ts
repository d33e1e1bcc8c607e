// Facet 1, crypto, driven through a real Window: strength by cipher and allow-list, decrypt ops in
// the figures only, and running figures that follow ops out of the window.
import { describe, expect, it } from 'vitest';
import { APP, artifact, checkRow, dec, feedWindow, MIN, op, prune, read, Rig, sayOf, send, type Row } from '../facet-rig.test-util.js';
import { FACET_INDEX } from '../registry.js';
import { cryptoFacet, type CryptoFigures, type CryptoState } from './crypto.js';
import { sortedKeys } from '../facet.js';
import { Window } from '../window.js';

const T = 10 * 3_600_000;

const rows: Row<CryptoFigures>[] = [
  { name: 'absent with no ops (reads and sends only)', recs: [read(T, 'contacts'), send(T + 1_000, 500)], strength: 0 },
  { name: 'absent with decrypt ops only', recs: [dec(T), dec(T + 1), send(T + 2, 10)], strength: 0 },
  {
    name: 'AES-GCM: modern cipher 0.7', recs: [op(T, { alg: 'AES', mode: 'GCM', inB: 4096, outB: 4112 })], strength: 0.7,
    figures: { ops: 1, algorithms: ['AES'], modes: ['GCM'], bytes_in: 4096, bytes_out: 4112, legacy_ops: 0, decrypt_ops: 0, allowed_crypto_app: false },
    why: ['1 encrypt op(s) with AES (GCM), 4.0 KB in'], notWhy: ['legacy', 'AllowedCryptoApps', 'decrypt'],
  },
  { name: 'ChaCha20 without a mode: 0.7', recs: [op(T, { alg: 'ChaCha20', mode: undefined, inB: 100, outB: 116 })], strength: 0.7, figures: { modes: [], algorithms: ['ChaCha20'] }, why: ['1 encrypt op(s) with ChaCha20, 100 B in'] },
  { name: 'RC4: legacy 1', recs: [op(T, { alg: 'RC4', mode: undefined })], strength: 1, figures: { legacy_ops: 1 }, why: ['1 with a legacy cipher or ECB mode'] },
  { name: 'DES: legacy 1', recs: [op(T, { alg: 'DES', mode: 'CBC' })], strength: 1, figures: { legacy_ops: 1, algorithms: ['DES'], modes: ['CBC'] } },
  { name: 'DESede (lower case): legacy 1', recs: [op(T, { alg: 'desede', mode: 'CBC' })], strength: 1, figures: { legacy_ops: 1 } },
  { name: 'XOR: legacy 1', recs: [op(T, { alg: 'XOR', mode: undefined })], strength: 1 },
  { name: 'AES in ECB mode (lower case mode): legacy 1', recs: [op(T, { alg: 'AES', mode: 'ecb' })], strength: 1, figures: { modes: ['ECB'], legacy_ops: 1 } },
  {
    name: 'one legacy op among modern ones: 1', recs: [op(T), op(T + 1_000), op(T + 2_000, { alg: 'RC4', mode: undefined }), op(T + 3_000, { alg: 'AES', mode: 'CBC' })],
    strength: 1, figures: { ops: 4, legacy_ops: 1, algorithms: ['AES', 'RC4'], modes: ['CBC', 'GCM'] },
    why: ['4 encrypt op(s) with AES/RC4 (CBC/GCM)', '1 with a legacy cipher or ECB mode'],
  },
  {
    name: 'allowed crypto app: 0.3, even with RC4', tune: { allowed_crypto_apps: [APP] }, recs: [op(T, { alg: 'RC4', mode: undefined })],
    strength: 0.3, figures: { allowed_crypto_app: true, legacy_ops: 1 }, why: ['app is in AllowedCryptoApps'],
  },
  { name: 'another app allowed: not this one', tune: { allowed_crypto_apps: ['com.other'] }, recs: [op(T)], strength: 0.7, figures: { allowed_crypto_app: false } },
  {
    name: 'decrypt ops in the figures, not the strength', recs: [dec(T), dec(T + 1), dec(T + 2), op(T + 3)], strength: 0.7,
    figures: { ops: 1, decrypt_ops: 3 }, why: ['3 decrypt op(s) not scored (obfuscation, not exfiltration)'],
  },
  { name: 'processes named', recs: [op(T, { proc: 'com.example.app:svc' }), op(T + 1, { proc: 'com.example.app' })], strength: 0.7, figures: { processes: ['com.example.app', 'com.example.app:svc'] } },
  {
    name: 'bytes summed over ops', recs: [op(T, { inB: 1000, outB: 1016 }), op(T + 1, { inB: 3000, outB: 3016 })], strength: 0.7,
    figures: { ops: 2, bytes_in: 4000, bytes_out: 4032 }, why: ['2 encrypt op(s) with AES (GCM), 3.9 KB in'],
  },
  {
    name: 'a legacy op pruned out of the window: back to 0.7', recs: [op(T, { alg: 'RC4', mode: undefined, inB: 999, outB: 999 }), op(T + 5 * MIN, { inB: 100, outB: 116 }), prune(T + 3 * MIN)],
    strength: 0.7, figures: { ops: 1, legacy_ops: 0, algorithms: ['AES'], modes: ['GCM'], bytes_in: 100, bytes_out: 116 },
  },
  {
    name: 'every op pruned by a later one past the window: only the newest', recs: [op(T, { alg: 'DES' }), op(T + 1_000, { alg: 'DES' }), op(T + 11 * MIN, { inB: 7, outB: 23 })],
    strength: 0.7, figures: { ops: 1, legacy_ops: 0, bytes_in: 7 },
  },
  { name: 'every op pruned: absent', recs: [op(T, { alg: 'RC4' }), send(T + 1_000, 10), prune(T + 2_000)], strength: 0 },
  {
    name: 'an op of a staged file recalled from before the window counts', recs: [
      artifact({ ts: T - 2 * 3_600_000, path: '/data/data/com.example.app/files/.cache.bin', bytes: 50_000, alg: 'RC4', mode: undefined, legacy: true, inBytes: 49_000, outBytes: 50_000 }),
      send(T, 50_500),
    ],
    strength: 1, figures: { ops: 1, recalled_ops: 1, legacy_ops: 1, algorithms: ['RC4'], bytes_in: 49_000 },
    why: ['1 of them before the window, into a staged file sent now', '1 with a legacy cipher or ECB mode'],
  },
];

describe('crypto facet', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_n, row) => { checkRow('crypto', row); });

  it('ops entering then leaving leave the state of the remaining ops (prune)', () => {
    const rig = new Rig();
    rig.feed([op(T, { alg: 'RC4', mode: undefined, proc: 'p1', inB: 10, outB: 10 }), op(T + 1_000, { alg: 'AES', mode: 'ECB', proc: 'p2', inB: 20, outB: 32 }),
      op(T + 4 * MIN, { alg: 'AES', mode: 'GCM', proc: 'p3', inB: 30, outB: 46 }), op(T + 5 * MIN, { alg: 'ChaCha20', mode: undefined, inB: 40, outB: 56 })]);
    rig.feed([prune(T + 2 * MIN)]);
    const remaining = rig.log.filter((a) => a.k === 'op' && a.ts >= T + 2 * MIN);
    expect(remaining).toHaveLength(2);
    const fresh = feedWindow(rig, remaining);
    // (the state as its figures read it: the multisets' inner layout is the facet's own business)
    const view = (w: Window) => {
      const st = (w.states[FACET_INDEX.crypto] ?? cryptoFacet.init()) as CryptoState;
      return { ops: st.ops, inBytes: st.inBytes, outBytes: st.outBytes, legacy: st.legacy, recalled: st.recalled, algs: sortedKeys(st.algs), modes: sortedKeys(st.modes), procs: sortedKeys(st.procs) };
    };
    expect(view(rig.w)).toEqual(view(fresh));
    expect(view(rig.w)).toEqual({ ops: 2, inBytes: 70, outBytes: 102, legacy: 0, recalled: 0, algs: ['AES', 'ChaCha20'], modes: ['GCM'], procs: ['p3'] });
    expect(rig.say('crypto')).toEqual(sayOf(rig, fresh, 'crypto'));
    expect(rig.say('crypto').strength).toBe(0.7);
    // and once all leave, the state is the initial one
    rig.feed([prune(T + 6 * MIN)]);
    expect(view(rig.w)).toEqual(view(new Window()));
  });
});
