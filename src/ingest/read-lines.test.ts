import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readLines, type LineBatch, type ReadLinesOptions } from './read-lines.js';

const dir = mkdtempSync(join(tmpdir(), 'ct-read-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function put(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** All lines with their 1-based numbers, checking batch numbering is contiguous. */
async function collect(path: string, options?: ReadLinesOptions): Promise<{ lines: string[]; batches: LineBatch[]; bytes: number }> {
  const lines: string[] = [];
  const batches: LineBatch[] = [];
  let bytes = 0;
  for await (const b of readLines(path, options)) {
    expect(b.firstLine).toBe(lines.length + 1);
    lines.push(...b.lines);
    batches.push(b);
    bytes += b.bytes;
  }
  return { lines, batches, bytes };
}

describe('readLines', () => {
  it('splits lines, keeps a final line without newline', async () => {
    const p = put('plain.ndjson', 'a\nb\n\nc');
    const { lines, bytes } = await collect(p);
    expect(lines).toEqual(['a', 'b', '', 'c']);
    expect(bytes).toBe(6);
  });

  it('does not invent an empty line after a trailing newline', async () => {
    expect((await collect(put('trailing.ndjson', 'a\nb\n'))).lines).toEqual(['a', 'b']);
  });

  it('yields nothing for an empty file', async () => {
    const { lines, batches } = await collect(put('empty.ndjson', ''));
    expect(lines).toEqual([]);
    expect(batches).toEqual([]);
  });

  it('strips a BOM at the start only, and CR before LF', async () => {
    const p = put('bom-crlf.ndjson', '\ufeffa\r\nb\r\n\ufeffc\r');
    expect((await collect(p)).lines).toEqual(['a', 'b', '\ufeffc']);
  });

  it('strips a BOM split across chunks', async () => {
    const p = put('bom-split.ndjson', '\ufeffxy\nz\n');
    expect((await collect(p, { highWaterMark: 1 })).lines).toEqual(['xy', 'z']);
  });

  it('joins lines, CRLF and multi-byte characters split across chunks', async () => {
    const text = 'héllo wörld 🚀\r\nsecond ✓ line\r\n' + 'x'.repeat(50) + '\nlast';
    const p = put('split.ndjson', text);
    for (const hwm of [1, 2, 3, 5, 7, 64]) {
      const { lines, batches } = await collect(p, { highWaterMark: hwm });
      expect(lines).toEqual(['héllo wörld 🚀', 'second ✓ line', 'x'.repeat(50), 'last']);
      if (hwm < 10) expect(batches.length).toBeGreaterThan(1);
    }
  });

  it('yields one batch per chunk, not per line', async () => {
    const p = put('many.ndjson', 'line\n'.repeat(10_000));
    const { lines, batches } = await collect(p);
    expect(lines.length).toBe(10_000);
    expect(batches.length).toBe(1);
  });

  it('handles a 10 MB line across default 1 MiB chunks', async () => {
    const big = 'y'.repeat(10 * 1024 * 1024);
    const p = put('big.ndjson', `first\n${big}\nafter\n`);
    const { lines } = await collect(p);
    expect(lines.length).toBe(3);
    expect(lines[0]).toBe('first');
    expect(lines[1].length).toBe(big.length);
    expect(lines[1] === big).toBe(true);
    expect(lines[2]).toBe('after');
  });

  it('turns invalid UTF-8 into U+FFFD without failing', async () => {
    const p = put('garbage.bin', Buffer.from([0x61, 0xff, 0xfe, 0x0a, 0xc3, 0x28, 0x0a, 0x62]));
    expect((await collect(p)).lines).toEqual(['a\ufffd\ufffd', '\ufffd(', 'b']);
  });

  it('gunzips by magic bytes, whatever the extension', async () => {
    const text = '\ufeffone\r\ntwo\nthree';
    for (const name of ['c.ndjson.gz', 'c-renamed.ndjson']) {
      const p = put(name, gzipSync(text));
      expect((await collect(p)).lines).toEqual(['one', 'two', 'three']);
      expect((await collect(p, { highWaterMark: 1 })).lines).toEqual(['one', 'two', 'three']);
    }
  });

  it('reads concatenated gzip members', async () => {
    const p = put('multi.gz', Buffer.concat([gzipSync('a\nb\n'), gzipSync('c\n')]));
    expect((await collect(p)).lines).toEqual(['a', 'b', 'c']);
  });

  it('does not mistake a .gz name for gzip content', async () => {
    expect((await collect(put('not-really.gz', 'x\ny\n'))).lines).toEqual(['x', 'y']);
  });

  it('reads a one-byte file (shorter than the gzip magic)', async () => {
    expect((await collect(put('one-byte.ndjson', 'z'))).lines).toEqual(['z']);
  });

  it('reads "-" from stdin and names it <stdin>', async () => {
    const stdin = Readable.from([Buffer.from('\x1f'), Buffer.from([0x8b]), gzipSync('p\nq\n').subarray(2)]);
    const { lines, batches } = await collect('-', { stdin });
    expect(lines).toEqual(['p', 'q']);
    expect(batches[0].file).toBe('<stdin>');
  });

  it('throws read_error naming the file when it is missing', async () => {
    const p = join(dir, 'nope.ndjson');
    await expect(collect(p)).rejects.toMatchObject({ code: 'read_error', message: expect.stringContaining(p) });
  });

  it('throws read_error on a truncated gzip after yielding what it could', async () => {
    const gz = gzipSync('ok\n'.repeat(1000));
    const p = put('truncated.gz', gz.subarray(0, gz.length - 10));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const b of readLines(p)) seen.push(...b.lines);
      })(),
    ).rejects.toMatchObject({ code: 'read_error' });
    expect(seen.every((l) => l === 'ok')).toBe(true);
  });

  it('stops reading cleanly when the consumer breaks early', async () => {
    const p = put('early.ndjson.gz', gzipSync('l\n'.repeat(100_000)));
    for await (const b of readLines(p, { highWaterMark: 16 })) {
      expect(b.lines[0]).toBe('l');
      break;
    }
  });
});
