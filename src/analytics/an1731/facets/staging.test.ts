// Facet 3, staging, driven through a real Window: collected reads going into the cipher (volume
// match), staged files matching the ciphertext, blind writes next to an op, ciphertext sent without
// a file, staged files recalled from before the window, and the inference without crypto telemetry.
import { describe, expect, it } from 'vitest';
import { artifact, checkRow, del, file, HOUR, MIN, op, prune, read, Rig, send, type Row } from '../facet-rig.test-util.js';
import type { StagingFigures } from './staging.js';

const T = 10 * HOUR;
const OUT = '/data/data/com.example.app/files/out.bin';

const rows: Row<StagingFigures>[] = [
  { name: 'absent: an op and nothing collected', recs: [op(T), send(T + 1_000, 100)], strength: 0 },
  { name: 'absent: reads of a category that says nothing (other)', recs: [read(T, 'other', 5, 9_000), op(T + 1_000, { inB: 9_000, outB: 9_016 })], strength: 0 },
  {
    name: 'reads then encrypt, volume match: 0.6', recs: [read(T, 'contacts', 50, 8_000), op(T + 1_000, { inB: 8_000, outB: 8_016 })], strength: 0.6,
    figures: { categories: ['contacts'], items: 50, bytes_read: 8_000, bytes_encrypted: 8_000, volume_match: true, in_memory: false, staged_files: [], bytes_staged: 0 },
    why: ['read contacts (50 items, 7.8 KB) then encrypted 7.8 KB'], notWhy: ['far less', 'high-entropy', 'in memory'],
  },
  {
    name: 'reads, encrypt, staged file matching the ciphertext size: 1', recs: [read(T, 'contacts', 50, 8_000), read(T + 500, 'sms', 20, 2_000), op(T + 1_000, { inB: 10_000, outB: 10_016 }), file(T + 2_000, OUT, 10_100, 7.9)],
    strength: 1, figures: { categories: ['contacts', 'sms'], items: 70, staged_files: [{ path: OUT, bytes: 10_100, entropy: 7.9 }], bytes_staged: 10_100, volume_match: true },
    why: ['read contacts, sms (70 items, 9.8 KB) then encrypted 9.8 KB', `1 high-entropy file write(s) matching the ciphertext size, e.g. ${OUT} (9.9 KB, 7.90 bits/byte ≥ EntropyThreshold 7.2)`],
  },
  {
    name: 'staged file matching the sum of two ops: 1', recs: [read(T, 'contacts', 5, 8_000), op(T + 1_000, { inB: 4_000, outB: 4_016 }), op(T + 1_500, { inB: 4_000, outB: 4_016 }), file(T + 2_000, OUT, 8_032, 7.5)],
    strength: 1, figures: { bytes_encrypted: 8_000, bytes_staged: 8_032 },
  },
  { name: 'a staged file deleted afterwards is said', recs: [read(T, 'sms', 5, 1_000), op(T + 1_000, { inB: 1_000, outB: 1_016 }), file(T + 2_000, OUT, 1_016, 7.9), del(T + 3_000, OUT)], strength: 1, why: ['1 staged file(s) deleted afterwards'] },
  { name: 'entropy under the threshold: not kept, 0.6', recs: [read(T, 'contacts', 50, 8_000), op(T + 1_000, { inB: 8_000, outB: 8_016 }), file(T + 2_000, OUT, 8_016, 6.5)], strength: 0.6, figures: { staged_files: [] } },
  { name: 'entropy threshold tuned under the write: staged, 1', tune: { thresholds: { entropy_threshold: 6 } }, recs: [read(T, 'contacts', 50, 8_000), op(T + 1_000, { inB: 8_000, outB: 8_016 }), file(T + 2_000, OUT, 8_016, 6.5)], strength: 1, why: ['≥ EntropyThreshold 6'] },
  { name: 'high entropy of another size: not staged, 0.6', recs: [read(T, 'contacts', 50, 8_000), op(T + 1_000, { inB: 8_000, outB: 8_016 }), file(T + 2_000, OUT, 90_000, 7.9)], strength: 0.6 },
  { name: 'a staged write without collected reads: 0.4', recs: [op(T, { inB: 8_000, outB: 8_016 }), file(T + 2_000, OUT, 8_016, 7.9)], strength: 0.4, figures: { categories: [], bytes_encrypted: 8_000, volume_match: true } },
  { name: 'reads after the last encrypt do not count', recs: [op(T, { inB: 8_000, outB: 8_016 }), read(T + 1_000, 'contacts', 50, 8_000)], strength: 0 },
  {
    name: 'only the reads before the last encrypt count', recs: [read(T, 'contacts', 10, 4_000), op(T + 1_000, { inB: 4_000, outB: 4_016 }), read(T + 2_000, 'sms', 99, 99_000)],
    strength: 0.6, figures: { categories: ['contacts'], items: 10, bytes_read: 4_000 },
  },
  {
    name: 'bytes encrypted from the first collected read on only: far less, 0.2', recs: [op(T, { inB: 100_000, outB: 100_016 }), read(T + 1_000, 'contacts', 50, 8_000), op(T + 2_000, { inB: 100, outB: 116 })],
    strength: 0.2, figures: { bytes_encrypted: 100, volume_match: false }, why: ['then encrypted 100 B (far less than was read)'],
  },
  { name: 'encrypt far less than read: 0.2', recs: [read(T, 'contacts', 500, 100_000), op(T + 1_000, { inB: 200, outB: 216 })], strength: 0.2, figures: { volume_match: false }, why: ['(far less than was read)'] },
  { name: 'a large read needs 16 KB through the cipher: 0.6', recs: [read(T, 'photos', 3, 1_000_000), op(T + 1_000, { inB: 16_384, outB: 16_400 })], strength: 0.6, figures: { volume_match: true } },
  { name: 'reads with no byte count need 1 KB through the cipher: 0.6', recs: [read(T, 'location', 1, 0), op(T + 1_000, { inB: 1_024, outB: 1_040 })], strength: 0.6 },
  { name: 'reads with no byte count, 1023 bytes through the cipher: 0.2', recs: [read(T, 'location', 1, 0), op(T + 1_000, { inB: 1_023, outB: 1_039 })], strength: 0.2 },
  {
    name: 'blind write within 5 s after an op: 0.25', recs: [op(T), file(T + 3_000, '/data/data/com.example.app/cache/tmp.dat', 5_000)],
    strength: 0.25, figures: { unseen_writes: ['/data/data/com.example.app/cache/tmp.dat'] },
    why: ['1 file write(s) within 5 s of the encryption whose content the sensor could not see, e.g. /data/data/com.example.app/cache/tmp.dat'], notWhy: ['hidden path'],
  },
  { name: 'blind write within 5 s before an op: 0.25', recs: [file(T, '/data/data/com.example.app/cache/tmp.dat', 5_000), op(T + 4_000)], strength: 0.25 },
  {
    name: 'blind write to a hidden path: 0.4', recs: [op(T), file(T + 1_000, '/sdcard/.sys/cfg.bin', 5_000)], strength: 0.4,
    figures: { unseen_writes: ['/sdcard/.sys/cfg.bin'], unseen_hidden: 1 }, why: [', 1 to a hidden path, e.g. /sdcard/.sys/cfg.bin'],
  },
  { name: 'unseen write 6 s after the op: not blind, absent', recs: [op(T), file(T + 6_000, '/sdcard/.sys/cfg.bin', 5_000)], strength: 0 },
  { name: 'reads with volume match and a blind write: 0.85', recs: [read(T, 'contacts', 5, 2_000), op(T + 1_000, { inB: 2_000, outB: 2_016 }), file(T + 2_000, '/data/x/y.tmp', 2_016)], strength: 0.85 },
  { name: 'a staged file outweighs a blind write: 1', recs: [read(T, 'contacts', 5, 2_000), op(T + 1_000, { inB: 2_000, outB: 2_016 }), file(T + 2_000, '/sdcard/.a/y.tmp', 9), file(T + 2_500, OUT, 2_016, 7.9)], strength: 1, figures: { staged_files: [{ path: OUT, bytes: 2_016, entropy: 7.9 }] }, notWhy: ['could not see'] },
  {
    name: 'in memory: ciphertext sent without a file, with reads: 0.8', recs: [read(T, 'contacts', 50, 4_000), op(T + 1_000, { inB: 4_000, outB: 4_112 }), send(T + 2_000, 2_000), send(T + 3_000, 1_000)],
    strength: 0.8, figures: { in_memory: true, enc_out: 4_112, sent_after: 3_000 }, why: ['staged in memory: 4.0 KB of ciphertext sent without a file (2.9 KB out)'],
  },
  { name: 'in memory with reads far above the ciphertext: 0.4', recs: [read(T, 'contacts', 50, 400_000), op(T + 1_000, { inB: 4_000, outB: 4_112 }), send(T + 2_000, 2_100)], strength: 0.4, figures: { in_memory: true, volume_match: false } },
  { name: 'less than half the ciphertext sent: not in memory, 0.6', recs: [read(T, 'contacts', 50, 4_000), op(T + 1_000, { inB: 4_000, outB: 4_112 }), send(T + 2_000, 2_000)], strength: 0.6, figures: { in_memory: false } },
  { name: 'sends before the encryption are not ciphertext: 0.6', recs: [read(T, 'contacts', 50, 4_000), send(T + 500, 9_000), op(T + 1_000, { inB: 4_000, outB: 4_112 })], strength: 0.6, figures: { in_memory: false } },
  { name: 'sends before the newest op are not its ciphertext: 0.6', recs: [read(T, 'contacts', 50, 4_000), op(T + 1_000, { inB: 4_000, outB: 4_112 }), send(T + 2_000, 9_000), op(T + 3_000, { inB: 10, outB: 26 })], strength: 0.6 },
  { name: 'in memory alone (nothing collected read, no file) is absent', recs: [op(T, { inB: 4_000, outB: 4_112 }), send(T + 2_000, 4_112)], strength: 0 },
  {
    name: 'a staged file recalled from before the window: 1, with its waited time', recs: [
      artifact({ ts: T - 2 * HOUR, path: '/data/data/com.example.app/files/.cache.bin', bytes: 50_000, categories: ['contacts'], items: 50, readBytes: 8_000, inBytes: 49_984, outBytes: 50_000 }),
      send(T, 50_500),
    ],
    strength: 1,
    figures: { categories: ['contacts'], items: 50, bytes_read: 8_000, bytes_encrypted: 49_984, volume_match: true, bytes_staged: 50_000, staged_earlier: [{ path: '/data/data/com.example.app/files/.cache.bin', bytes: 50_000, waited_s: 7_200 }] },
    why: ['1 encrypted file(s) staged before the window and sent now, e.g. /data/data/com.example.app/files/.cache.bin (48.8 KB) after waiting 2.0 h', 'read contacts (50 items, 7.8 KB)'],
  },
  {
    name: 'a recalled artifact with nothing collected: 0.4', recs: [artifact({ ts: T - 30 * MIN, path: '/sdcard/Android/data/x/blob', bytes: 3_000, categories: [], items: 0, readBytes: 0 }), send(T, 3_100)],
    strength: 0.4, figures: { staged_earlier: [{ path: '/sdcard/Android/data/x/blob', bytes: 3_000, waited_s: 1_800 }] }, why: ['after waiting 30 min'],
  },
  { name: 'an artifact past the staging horizon is not recalled', recs: [artifact({ ts: T - 5 * HOUR, path: '/data/data/com.example.app/files/.cache.bin', bytes: 50_000 }), send(T, 50_500)], strength: 0 },
  { name: 'an artifact within a tuned staging horizon of 6 h is recalled', tune: { thresholds: { staging_horizon: 6 * HOUR } }, recs: [artifact({ ts: T - 5 * HOUR, path: '/data/data/com.example.app/files/.cache.bin', bytes: 50_000 }), send(T, 50_500)], strength: 1, why: ['after waiting 5.0 h'] },
  { name: 'a send too small for the artifact does not recall it', recs: [artifact({ ts: T - 2 * HOUR, path: '/data/data/com.example.app/files/.cache.bin', bytes: 50_000 }), send(T, 1_000)], strength: 0 },
  { name: 'a deleted artifact is not recalled', recs: [artifact({ ts: T - 2 * HOUR, path: '/data/data/com.example.app/files/.cache.bin', bytes: 50_000 }), del(T - HOUR, '/data/data/com.example.app/files/.cache.bin'), send(T, 50_500)], strength: 0 },
  {
    name: 'no crypto telemetry: reads and a high-entropy file whose size was sent: 0.7', recs: [read(T, 'contacts', 10, 3_000), file(T + 1_000, '/sdcard/x.bin', 10_000, 7.9), send(T + 2_000, 10_000)],
    strength: 0.7, figures: { categories: ['contacts'], items: 10, bytes_read: 3_000, bytes_encrypted: 0, volume_match: false, staged_files: [{ path: '/sdcard/x.bin', bytes: 10_000, entropy: 7.9 }], bytes_staged: 10_000, without_crypto: { files: 1, example: '/sdcard/x.bin', entropy: 7.9 } },
    why: ['read contacts (10 items), then 1 high-entropy file(s) (9.8 KB, e.g. /sdcard/x.bin at 7.90 bits/byte) whose size was sent; the cipher itself was not visible'],
  },
  { name: 'no crypto telemetry, sent over several sends: 0.7', recs: [read(T, 'sms', 10, 3_000), file(T + 1_000, '/sdcard/x.bin', 10_000, 7.9), send(T + 2_000, 5_000), send(T + 3_000, 4_000)], strength: 0.7 },
  { name: 'no crypto telemetry, less than 90% of the file sent: absent', recs: [read(T, 'contacts', 10, 3_000), file(T + 1_000, '/sdcard/x.bin', 10_000, 7.9), send(T + 2_000, 8_999)], strength: 0 },
  { name: 'no crypto telemetry, the file written after the first send: absent', recs: [read(T, 'contacts', 10, 3_000), send(T + 1_000, 100), file(T + 2_000, '/sdcard/x.bin', 10_000, 7.9), send(T + 3_000, 10_000)], strength: 0 },
  { name: 'no crypto telemetry, the read after the first send: absent', recs: [file(T, '/sdcard/x.bin', 10_000, 7.9), send(T + 1_000, 10_000), read(T + 2_000, 'contacts', 10, 3_000)], strength: 0 },
  { name: 'no crypto telemetry, an unseen write: absent', recs: [read(T, 'contacts', 10, 3_000), file(T + 1_000, '/sdcard/x.bin', 10_000), send(T + 2_000, 10_000)], strength: 0 },
  { name: 'a staged file pruned out of the window: back to 0.6', recs: [read(T, 'contacts', 5, 2_000), op(T + 1_000, { inB: 2_000, outB: 2_016 }), file(T + 2_000, OUT, 2_016, 7.9), read(T + 4 * MIN, 'sms', 5, 1_000), op(T + 5 * MIN, { inB: 1_000, outB: 1_016 }), prune(T + 3 * MIN)], strength: 0.6, figures: { categories: ['sms'], staged_files: [], bytes_staged: 0 } },
  { name: 'the reads pruned, the op left: absent', recs: [read(T, 'contacts', 5, 2_000), op(T + 2 * MIN, { inB: 2_000, outB: 2_016 }), prune(T + MIN)], strength: 0 },
];

describe('staging facet', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_n, row) => { checkRow('staging', row); });

  it('follows reads being committed by an op and leaving again', () => {
    const rig = new Rig();
    rig.feed([read(T, 'contacts', 5, 2_000)]);
    expect(rig.say('staging').strength).toBe(0);
    rig.feed([op(T + 1_000, { inB: 2_000, outB: 2_016 })]);
    expect(rig.say('staging').strength).toBe(0.6);
    rig.feed([read(T + 2_000, 'sms', 5, 2_000), op(T + 3_000, { inB: 500, outB: 516 })]);
    // 4 000 bytes read, 2 500 encrypted from the first read on: still ≥ half
    expect(rig.say<StagingFigures>('staging').figures).toMatchObject({ categories: ['contacts', 'sms'], bytes_read: 4_000, bytes_encrypted: 2_500, volume_match: true });
    rig.feed([prune(T + 1_500)]);
    // contacts and the first op left: 2 000 read (sms), 500 encrypted from it on
    expect(rig.say<StagingFigures>('staging').figures).toMatchObject({ categories: ['sms'], bytes_read: 2_000, bytes_encrypted: 500, volume_match: false });
    expect(rig.say('staging').strength).toBeCloseTo(0.2, 9);
  });

  // Regression (was a bug): `sentAfter` (bytes sent since the newest op) only grows while sends enter; a send
  // pushed out of the window by the sends ring's cap (128) while the op stays is not taken off, so
  // the incremental state says more than the records left (and than a rebuild). Here 130 sends of
  // 10 bytes follow an op with 2 600 bytes of ciphertext: 128 are left (1 280 bytes, under half of
  // it: 0.6), the facet counts 1 300 (in memory: 0.8).
  it('sends pushed out by the sends ring cap still count as sent after the op', () => {
    const rig = new Rig();
    rig.feed([read(T, 'contacts', 5, 2_000), op(T + 1_000, { inB: 2_000, outB: 2_600 })]);
    for (let i = 0; i < 130; i++) rig.feed([send(T + 2_000 + i * 100, 10)]);
    expect(rig.w.sends.length).toBe(128);
    expect(rig.say<StagingFigures>('staging').figures).toMatchObject({ in_memory: false });
  });
});
