import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Accepted } from '../model/event.js';
import { createIngestCounters, readEvents, type IngestCounters, type Rejected } from './read-events.js';
import type { ReadLinesOptions } from './read-lines.js';

const dir = mkdtempSync(join(tmpdir(), 'ct-read-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function put(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const ev = (ts: number, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ ts, device: 'd-01', app: 'com.flash.tools', type: 'app.state', state: 'service', ...extra });

async function run(paths: string[], options?: ReadLinesOptions) {
  const accepted: Accepted[] = [];
  const rejected: Rejected[] = [];
  const counters: IngestCounters = createIngestCounters();
  for await (const batch of readEvents(paths, (r) => rejected.push(r), counters, options)) {
    expect(batch.length).toBeGreaterThan(0);
    accepted.push(...batch);
  }
  return { accepted, rejected, counters };
}

/** Valid lines with the given 1-based numbers, the rest as given. */
const VALID_AROUND = [
  ev(1), // 1
  '{"ts":2,"device":', // 2: invalid JSON
  ev(3), // 3
  JSON.stringify({ ts: 4, device: 'd-01', type: 'app.state', state: 'service' }), // 4: missing app
  ev(5), // 5
  ev(6, { state: 7 }), // 6: wrong type
  '', // 7: blank
  ev(8, { type: 'crypto.hash' }), // 8: unknown type
  '   ', // 9: blank
  ev(10, { ts: '2024-11-24T06:33:20' }), // 10: ts without offset
  '[1,2,3]', // 11: not an object
  ev(12), // 12
].join('\n');

describe('readEvents', () => {
  it('invalid-mixed: rejects bad lines with line and field, keeps every valid one', async () => {
    const { accepted, rejected, counters } = await run([put('invalid-mixed.ndjson', VALID_AROUND)]);
    expect(accepted.map((a) => a.source.line)).toEqual([1, 3, 5, 12]);
    expect(accepted.map((a) => a.ref)).toEqual(['invalid-mixed.ndjson:1', 'invalid-mixed.ndjson:3', 'invalid-mixed.ndjson:5', 'invalid-mixed.ndjson:12']);
    expect(rejected.map((r) => [r.issue.line, r.issue.code, r.issue.field])).toEqual([
      [2, 'not_json', undefined],
      [4, 'missing_field', 'app'],
      [6, 'wrong_type', 'state'],
      [8, 'unknown_type', 'type'],
      [10, 'bad_value', 'ts'],
      [11, 'not_object', undefined],
    ]);
    expect(rejected[0].raw).toBe('{"ts":2,"device":');
    expect(rejected[0].issue.file).toContain('invalid-mixed.ndjson');
    expect(counters).toMatchObject({ lines: 12, accepted: 4, rejected: 6, blank: 2 });
  });

  it('gives the same result whatever the chunk size', async () => {
    const p = put('invalid-mixed-small.ndjson', VALID_AROUND);
    const whole = await run([p]);
    for (const highWaterMark of [1, 7, 33]) {
      const split = await run([p], { highWaterMark });
      expect(split.accepted).toEqual(whole.accepted);
      expect(split.rejected).toEqual(whole.rejected);
      expect(split.counters).toEqual(whole.counters);
    }
  });

  it('valid-bom-crlf: BOM and CRLF are invisible', async () => {
    const text = '\ufeff' + [ev(1), ev(2), '', ev(3)].join('\r\n') + '\r\n';
    const { accepted, rejected, counters } = await run([put('valid-bom-crlf.ndjson', text)]);
    expect(rejected).toEqual([]);
    expect(accepted.map((a) => a.event.ts)).toEqual([1, 2, 3]);
    expect(counters).toMatchObject({ lines: 4, blank: 1 });
  });

  it('valid-gzip: same events as the plain file', async () => {
    const text = VALID_AROUND + '\n';
    const plain = await run([put('plain.ndjson', text)]);
    const gz = await run([put('plain.ndjson.gz', gzipSync(text))]);
    const strip = (a: Accepted) => ({ event: a.event, line: a.source.line });
    expect(gz.accepted.map(strip)).toEqual(plain.accepted.map(strip));
    expect(gz.rejected.map((r) => r.raw)).toEqual(plain.rejected.map((r) => r.raw));
  });

  it('valid-empty: an empty file yields nothing and counts nothing', async () => {
    const { accepted, rejected, counters } = await run([put('valid-empty.ndjson', '')]);
    expect([accepted, rejected]).toEqual([[], []]);
    expect(counters).toEqual({ lines: 0, accepted: 0, rejected: 0, blank: 0, bytes: 0 });
  });

  it('invalid-binary: garbage bytes are rejected, valid lines around them kept', async () => {
    const garbage = Buffer.from([0x00, 0xff, 0xfe, 0x1f, 0x8b, 0x80, 0xc3, 0x28, 0x7b, 0x0d]);
    const content = Buffer.concat([Buffer.from(ev(1) + '\n'), garbage, Buffer.from('\n' + ev(3) + '\n')]);
    const { accepted, rejected } = await run([put('invalid-binary.ndjson', content)]);
    expect(accepted.map((a) => a.source.line)).toEqual([1, 3]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].issue).toMatchObject({ line: 2, code: 'not_json' });
    expect(rejected[0].raw).toContain('\ufffd');
  });

  it('valid-big-line: a 10 MB line within --max-line-length is accepted', async () => {
    const blob = 'A'.repeat(10 * 1024 * 1024);
    const text = [ev(1), ev(2, { blob }), ev(3)].join('\n');
    const { accepted, rejected } = await run([put('valid-big-line.ndjson', text)], { maxLineLength: 16 << 20 });
    expect(rejected).toEqual([]);
    expect(accepted.map((a) => a.source.line)).toEqual([1, 2, 3]);
    expect((accepted[1].event as unknown as { blob: string }).blob.length).toBe(blob.length);
  });

  it('invalid-long-line: a line past the 1 MiB default is rejected as file:line, the run goes on', async () => {
    const blob = 'A'.repeat(3 * 1024 * 1024);
    const path = put('invalid-long-line.ndjson', [ev(1), ev(2, { blob }), ev(3), 'x'.repeat((1 << 20) + 1)].join('\n'));
    const { accepted, rejected, counters } = await run([path], { highWaterMark: 64 * 1024 });
    expect(accepted.map((a) => a.source.line)).toEqual([1, 3]);
    expect(rejected.map((r) => r.issue)).toEqual([
      { code: 'line_too_long', file: path, line: 2, message: expect.stringContaining('exceeds the limit of 1048576') },
      { code: 'line_too_long', file: path, line: 4, message: expect.stringContaining(`line of ${(1 << 20) + 1} characters`) },
    ]);
    expect(rejected[0].raw).toBe('');
    expect(counters).toMatchObject({ lines: 4, accepted: 2, rejected: 2, blank: 0 });
  });

  it('invalid-long-line: a 600 MB line (past the longest string V8 can make) is skipped, not held', async () => {
    const chunk = Buffer.alloc(4 << 20, 'x');
    async function* stdin() {
      yield Buffer.from(ev(1) + '\n');
      for (let i = 0; i < 150; i++) yield chunk;
      yield Buffer.from('\n' + ev(3) + '\n');
    }
    const { accepted, rejected } = await run(['-'], { stdin: stdin() });
    expect(accepted.map((a) => a.source.line)).toEqual([1, 3]);
    expect(rejected.map((r) => r.issue)).toMatchObject([{ code: 'line_too_long', file: '<stdin>', line: 2, message: expect.stringContaining(`line of ${150 * (4 << 20)} characters`) }]);
  }, 30_000);

  it('invalid-long-line: the limit is an option, and holds inside one read chunk too', async () => {
    const path = put('invalid-long-line-opt.ndjson', [ev(1, { pad: 'p'.repeat(200) }), ev(2)].join('\n'));
    const { accepted, rejected } = await run([path], { maxLineLength: 150 });
    expect(accepted.map((a) => a.source.line)).toEqual([2]);
    expect(rejected[0].issue).toMatchObject({ code: 'line_too_long', line: 1 });
  });

  it('valid-split: lines across the 1 MiB default chunk boundary all parse', async () => {
    const lines: string[] = [];
    for (let i = 0, size = 0; size < 3 * 1024 * 1024; i++) size += lines[lines.push(ev(i, { pad: 'p'.repeat(i % 300) })) - 1].length + 1;
    const { accepted, rejected } = await run([put('valid-split.ndjson', lines.join('\n'))]);
    expect(rejected).toEqual([]);
    expect(accepted.length).toBe(lines.length);
    expect(accepted.every((a, i) => a.event.ts === i && a.source.line === i + 1)).toBe(true);
  });

  it('valid-rfc3339: string ts becomes epoch ms, unknown fields kept, id is the ref', async () => {
    const text = ev(0, { ts: '2024-11-24T08:33:20.250+02:00', id: 'e-1', sensor_extra: { k: [1] } });
    const { accepted } = await run([put('valid-rfc3339.ndjson', text)]);
    expect(accepted[0].event.ts).toBe(Date.UTC(2024, 10, 24, 6, 33, 20, 250));
    expect(accepted[0].event).toMatchObject({ sensor_extra: { k: [1] } });
    expect(accepted[0].ref).toBe('e-1');
  });

  it('reads several files in order, numbering lines per file', async () => {
    const a = put('multi-a.ndjson', ev(1) + '\n' + ev(2));
    const b = put('multi-b.ndjson.gz', gzipSync('oops\n' + ev(3)));
    const { accepted, rejected, counters } = await run([a, b]);
    expect(accepted.map((x) => [x.ref, x.event.ts])).toEqual([
      ['multi-a.ndjson:1', 1], ['multi-a.ndjson:2', 2], ['multi-b.ndjson.gz:2', 3],
    ]);
    expect(rejected[0].issue).toMatchObject({ file: b, line: 1 });
    expect(counters).toMatchObject({ lines: 4, accepted: 3, rejected: 1 });
    expect(counters.bytes).toBeGreaterThan(0);
  });
});
