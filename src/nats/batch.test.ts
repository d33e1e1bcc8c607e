// Batches on the wire: deflate-raw (header Ct-Enc) or plain, both back to the same lines; what is
// not a batch fails with the reason the worker dead-letters it with.
import { describe, it, expect } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { packBatch, unpackBatch, encodeBatch, BatchError, DEFLATE_RAW, type Batch } from './batch.js';

const batch: Batch = {
  file: 'fleet.ndjson',
  lineNos: [3, 4, 7],
  lines: [0, 1, 2].map((i) => JSON.stringify({ v: 1, type: 'crypto.op', ts: 1767603977276 + i, device: 'd1', app: 'com.example', op: 'encrypt', alg: 'AES/GCM', key_fp: 'b386b8007d1e516c7b796cc30130e60f', bytes_in: 140 })),
};

describe('batch encoding', () => {
  it('non-ASCII text (UTF-8 names, a stray invalid byte) decodes as the file reader does; ASCII takes the fast path', () => {
    const utf: Batch = { file: 'flotte-é.ndjson', lineNos: [1, 2], lines: ['{"app":"com.exämple.çà","device":"日本"}', batch.lines[0]] };
    for (const compress of [true, false]) {
      const pk = packBatch(utf, compress);
      expect(unpackBatch(pk.data, pk.encoding)).toEqual(utf);
    }
    // invalid UTF-8 becomes U+FFFD (then fails parsing downstream, as a line of a file would)
    const bad = encodeBatch({ file: 'f', lineNos: [1], lines: ['x'] });
    const withFF = new Uint8Array([...bad.slice(0, -1), 0xff]);
    expect(unpackBatch(withFF, undefined).lines).toEqual(['\ufffd']);
  });

  it('a compressed batch round-trips and is smaller than the plain one', () => {
    const big: Batch = { file: batch.file, lineNos: [], lines: [] };
    for (let i = 0; i < 500; i++) { big.lineNos.push(i + 1); big.lines.push(batch.lines[i % 3].replace('"d1"', `"d${i % 40}"`)); }
    const c = packBatch(big, true), p = packBatch(big, false);
    expect(c.encoding).toBe(DEFLATE_RAW);
    expect(p.encoding).toBeUndefined();
    expect(p.data).toEqual(encodeBatch(big));
    expect(c.data.length * 4).toBeLessThan(p.data.length);
    expect(unpackBatch(c.data, c.encoding)).toEqual(big);
    expect(unpackBatch(p.data, undefined)).toEqual(big);
    // a missing header reads as '' from the client: plain
    expect(unpackBatch(p.data, '')).toEqual(big);
  });

  it('corrupt compressed data, an unknown encoding, or compressed garbage is a BatchError with its reason', () => {
    const c = packBatch(batch, true);
    const cut = c.data.slice(0, c.data.length - 5);
    expect(() => unpackBatch(cut, DEFLATE_RAW)).toThrow(BatchError);
    expect(() => unpackBatch(cut, DEFLATE_RAW)).toThrow(/^batch is not valid deflate-raw data: /);
    expect(() => unpackBatch(new TextEncoder().encode('not deflate at all'), DEFLATE_RAW)).toThrow(/^batch is not valid deflate-raw data: /);
    expect(() => unpackBatch(c.data, 'gzip')).toThrow(/^batch encoding "gzip" is not deflate-raw$/);
    // valid deflate-raw of something that is not a batch: the batch format's own reason
    expect(() => unpackBatch(deflateRawSync(Buffer.from('this is not a batch')), DEFLATE_RAW)).toThrow(/^batch header is not JSON$/);
    // the plain reading of compressed bytes (header lost) does not pass for a batch either
    expect(() => unpackBatch(c.data, undefined)).toThrow(BatchError);
  });

  it('a decompression bomb is refused, not inflated', () => {
    const bomb = deflateRawSync(Buffer.alloc(8 << 20, 0x61));
    expect(() => unpackBatch(bomb, DEFLATE_RAW, 1 << 20)).toThrow(/^batch is not valid deflate-raw data: .*/);
  });
});
