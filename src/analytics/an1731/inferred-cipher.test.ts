// Encryption inferred where the sensor shows no crypto, driven through a real Window: collected
// text read, then ciphertext-shaped payloads (encoded fields decoding to near-random bytes, or a raw
// high-entropy body, or a high-entropy file) whose size tracks what was read. The crypto facet
// infers the cipher (0.4, 0.3 when the read had no size), staging the in-memory staging (0.6);
// neither infers anything on a device whose sensor shows crypto, nor from photos.
import { describe, expect, it } from 'vitest';
import { checkRow, feedWindow, file, MIN, op, prune, read, Rig, sayOf, send, type Row } from './facet-rig.test-util.js';
import type { CryptoFigures } from './facets/crypto.js';
import type { StagingFigures } from './facets/staging.js';
import { sizeTracks } from './inferred-cipher.js';

const T = 10 * 3_600_000;
/** a JSON post whose hex field decodes to `enc` near-random bytes */
const hexPost = (ts: number, enc: number, encEntropy = 7.95) =>
  send(ts, enc * 2 + 180, { payload: { format: 'json', entropy: 4, b64_fields: 0, hex_fields: 1, enc_entropy: encEntropy, enc_bytes: enc } });
const b64Post = (ts: number, enc: number) => send(ts, Math.ceil(enc / 3) * 4 + 200, { payload: { format: 'json', entropy: 5.9, b64_fields: 1, enc_entropy: 7.9, enc_bytes: enc } });
const jpeg = (ts: number, bytes: number) => send(ts, bytes + 900, { payload: { format: 'multipart', entropy: 7.9, size: bytes } });

const crypto: Row<CryptoFigures>[] = [
  {
    name: 'contacts read, then hex fields of near-random bytes of that size: inferred 0.4',
    recs: [read(T, 'contacts', 300, 40_000), hexPost(T + 5_000, 40_032)], strength: 0.4,
    figures: { ops: 0, inferred: { strength: 0.4, categories: ['contacts'], reads: 1, bytes_read: 40_000, carrier: 'send', payloads: 1, cipher_bytes: 40_032, encoded_payloads: 1, block_sized: 1, size_tracks: true } },
    why: ['inferred, not seen (no crypto telemetry on this device)', 'read contacts (1 read(s), 39.1 KB)', 'base64/hex fields decode to near-random bytes', 'their size tracks what was read', '1 of a whole number of 16-byte blocks'],
  },
  { name: 'base64 fields count as hex ones do: 0.4', recs: [read(T, 'sms', 100, 9_000), b64Post(T + 2_000, 9_016)], strength: 0.4, figures: { inferred: { encoded_payloads: 1, block_sized: 0 } as never } },
  { name: 'chunks whose sum tracks the reads: 0.4', recs: [read(T, 'contacts', 10, 20_000), read(T + 1, 'call_log', 10, 10_000), hexPost(T + 2_000, 15_016), hexPost(T + 3_000, 15_016)], strength: 0.4, figures: { inferred: { payloads: 2, cipher_bytes: 30_032 } as never } },
  { name: 'a raw high-entropy body of the read size: 0.4', recs: [read(T, 'keystrokes', 10, 5_000), send(T + 1_000, 5_016, { payload: { format: 'binary', entropy: 7.8 } })], strength: 0.4, figures: { inferred: { encoded_payloads: 0 } as never }, why: ['whose bytes are near-random'] },
  { name: 'a high-entropy file of the read size: 0.4', recs: [read(T, 'sms', 10, 5_000), file(T + 1_000, '/data/x/.q', 5_024, 7.9)], strength: 0.4, figures: { inferred: { carrier: 'file', payloads: 1, cipher_bytes: 5_024 } as never }, why: ['1 high-entropy file write(s)'] },
  { name: 'the read had no size: encoded random fields alone, 0.3', recs: [read(T, 'contacts', 10, 0), hexPost(T + 1_000, 4_096)], strength: 0.3, figures: { inferred: { bytes_read: null, size_tracks: false } as never }, why: ['of unknown size', 'could not be compared'] },
  { name: 'the read had no size, a raw body only: absent', recs: [read(T, 'contacts', 10, 0), send(T + 1_000, 4_096, { payload: { format: 'binary', entropy: 7.9 } })], strength: 0 },
  { name: 'size far above what was read: absent', recs: [read(T, 'contacts', 10, 4_000), hexPost(T + 1_000, 40_000)], strength: 0 },
  { name: 'size far below what was read: absent', recs: [read(T, 'contacts', 10, 40_000), hexPost(T + 1_000, 4_000)], strength: 0 },
  { name: 'decoded bytes not random (hex of text): absent', recs: [read(T, 'contacts', 10, 4_000), hexPost(T + 1_000, 4_000, 4.6)], strength: 0 },
  { name: 'hex fields without a decoded entropy: absent (unknown, not ciphertext)', recs: [read(T, 'contacts', 10, 4_000), send(T + 1_000, 8_200, { payload: { format: 'json', hex_fields: 1, enc_bytes: 4_016 } })], strength: 0 },
  { name: 'the payload before the read: absent', recs: [hexPost(T, 4_016), read(T + 1_000, 'contacts', 10, 4_000)], strength: 0 },
  { name: 'photos read, JPEGs of their size uploaded: absent (already compressed, not text)', recs: [read(T, 'photos', 3, 6_000_000), jpeg(T + 1_000, 6_000_000)], strength: 0 },
  { name: 'a few contacts read, megabytes of JPEG uploaded: absent', recs: [read(T, 'contacts', 12, 1_800), jpeg(T + 1_000, 2_400_000), jpeg(T + 9_000, 3_100_000)], strength: 0 },
  { name: 'a short random field: the entropy a 24-byte sample can show counts', recs: [read(T, 'device_info', 1, 16), hexPost(T + 1_000, 32, 4.6)], strength: 0.4 },
  { name: 'the device shows crypto (an op in the window): no inference, the op is judged', recs: [op(T - 1_000), read(T, 'contacts', 10, 4_000), hexPost(T + 1_000, 4_016)], strength: 0.7, figures: { ops: 1 }, notWhy: ['inferred'] },
];

describe('inferred cipher: crypto facet', () => {
  for (const row of crypto) it(row.name, () => { checkRow('crypto', row); });

  it('a device that showed crypto once infers nothing, even with no op in the window', () => {
    const rig = new Rig();
    rig.feed([op(T - 20 * MIN), prune(T - MIN), read(T, 'contacts', 10, 4_000), hexPost(T + 1_000, 4_016)]);
    expect(rig.say('crypto').strength).toBe(0);
  });

  it('follows records out of the window: the state equals a fresh window fed what is left', () => {
    const rig = new Rig();
    rig.feed([read(T, 'contacts', 10, 4_000), hexPost(T + 1_000, 4_016), read(T + 3 * MIN, 'sms', 5, 2_000), hexPost(T + 4 * MIN, 2_016)]);
    expect(rig.say<CryptoFigures>('crypto').figures?.inferred?.payloads).toBe(2);
    rig.feed([prune(T + 2 * MIN)]);
    const fresh = feedWindow(rig, rig.log.filter((a) => (a.k === 'read' ? a.r.ts : a.k === 'send' ? a.ts : 0) >= T + 2 * MIN));
    expect(rig.say('crypto')).toEqual(sayOf(rig, fresh, 'crypto'));
    expect(rig.say<CryptoFigures>('crypto').figures?.inferred).toMatchObject({ categories: ['sms'], payloads: 1, bytes_read: 2_000 });
    rig.feed([prune(T + 5 * MIN)]);
    expect(rig.say('crypto').strength).toBe(0);
  });
});

const staging: Row<StagingFigures>[] = [
  {
    name: 'in-memory staging of an inferred cipher: 0.6', recs: [read(T, 'contacts', 300, 40_000), hexPost(T + 5_000, 40_032)], strength: 0.6,
    figures: { categories: ['contacts'], bytes_read: 40_000, in_memory: true, inferred_in_memory: { payloads: 1, cipher_bytes: 40_032 } },
    why: ['then sent 1 ciphertext-shaped payload(s) of about that size', 'the cipher itself was not visible'],
  },
  { name: 'no size to compare: not staging', recs: [read(T, 'contacts', 10, 0), hexPost(T + 1_000, 4_096)], strength: 0 },
  { name: 'photos and JPEGs: not staging', recs: [read(T, 'photos', 3, 6_000_000), jpeg(T + 1_000, 6_000_000)], strength: 0 },
];

describe('inferred cipher: staging facet', () => {
  for (const row of staging) it(row.name, () => { checkRow('staging', row); });
});

describe('sizeTracks', () => {
  it('takes the plaintext plus padding, IV and tag per payload, and not a tenfold', () => {
    expect(sizeTracks(40_000, 40_032, 1)).toBe(true);
    expect(sizeTracks(40_000, 40_000 + 4 * 48, 4)).toBe(true);
    expect(sizeTracks(40_000, 40_000 * 1.25 + 49, 1)).toBe(false);
    expect(sizeTracks(40_000, 31_999, 1)).toBe(false);
    expect(sizeTracks(0, 10, 1)).toBe(false);
  });
});
