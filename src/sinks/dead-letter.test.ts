import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEvents } from '../ingest/read-events.js';
import { DEAD_LETTER_RAW_MAX, DeadLetterSink, formatDeadLetter } from './dead-letter.js';

const dir = mkdtempSync(join(tmpdir(), 'ct-dead-letter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const readRecords = (p: string) =>
  readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('DeadLetterSink', () => {
  it('writes one NDJSON record per rejected line, from a real read', async () => {
    const input = join(dir, 'invalid-some.ndjson');
    writeFileSync(input, [
      '{"ts":1,"device":"d","type":"user.interaction"}',
      'not json',
      '{"ts":1,"device":"d","app":"a","type":"net.send","dst_host":"h","bytes_out":"12"}',
    ].join('\n'));
    const out = join(dir, 'dead.ndjson');
    const sink = new DeadLetterSink(out);
    for await (const _ of readEvents([input], (r) => sink.write(r))) { /* drain */ }
    await sink.close();

    const records = readRecords(out);
    expect(records).toHaveLength(2);
    expect(Object.keys(records[1])).toEqual(['file', 'line', 'code', 'field', 'reason', 'raw']);
    expect(records[0]).toMatchObject({ file: input, line: 2, code: 'not_json', field: null, raw: 'not json' });
    expect(records[1]).toEqual({
      file: input, line: 3, code: 'wrong_type', field: 'bytes_out',
      reason: 'want a non-negative integer, got "12"',
      raw: '{"ts":1,"device":"d","app":"a","type":"net.send","dst_host":"h","bytes_out":"12"}',
    });
    expect(sink.count).toBe(2);
  });

  it('truncates raw to 1 MiB of UTF-8 without splitting a character', () => {
    const raw = 'é'.repeat(DEAD_LETTER_RAW_MAX); // 2 bytes each
    const line = formatDeadLetter({ issue: { code: 'not_json', message: 'x', file: 'f', line: 1 }, raw });
    const rec = JSON.parse(line) as { raw: string; raw_truncated?: boolean };
    expect(rec.raw_truncated).toBe(true);
    expect(Buffer.byteLength(rec.raw)).toBe(DEAD_LETTER_RAW_MAX);
    expect(rec.raw).toBe('é'.repeat(DEAD_LETTER_RAW_MAX / 2));
    const short = JSON.parse(formatDeadLetter({ issue: { code: 'c', message: 'm' }, raw: 'ok' }));
    expect(short).not.toHaveProperty('raw_truncated');
  });

  it('keeps every record when far more than the stream buffer is written at once', async () => {
    const out = join(dir, 'many.ndjson');
    const sink = new DeadLetterSink(out);
    const raw = 'r'.repeat(10_000);
    for (let i = 1; i <= 3000; i++) {
      sink.write({ issue: { code: 'not_json', message: 'm', file: 'f', line: i }, raw });
      if (i % 1000 === 0) await sink.flush();
    }
    await sink.close();
    const records = readRecords(out);
    expect(records.map((r) => r.line)).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
  });

  it('writes a 10 MB raw truncated, and an empty file when nothing is rejected', async () => {
    const big = join(dir, 'big.ndjson');
    const sink = new DeadLetterSink(big);
    sink.write({ issue: { code: 'not_json', message: 'm', file: 'f', line: 1 }, raw: 'z'.repeat(10 * 1024 * 1024) });
    await sink.close();
    const [rec] = readRecords(big);
    expect(rec).toMatchObject({ raw_truncated: true });
    expect((rec.raw as string).length).toBe(DEAD_LETTER_RAW_MAX);

    const empty = join(dir, 'empty.ndjson');
    await new DeadLetterSink(empty).close();
    expect(readFileSync(empty, 'utf8')).toBe('');
  });

  it('reports an unwritable path at close and refuses writes after close', async () => {
    const sink = new DeadLetterSink(join(dir, 'no-such-dir', 'dead.ndjson'));
    sink.write({ issue: { code: 'c', message: 'm' }, raw: 'x' });
    await expect(sink.close()).rejects.toMatchObject({ code: 'ENOENT' });
    expect(() => sink.write({ issue: { code: 'c', message: 'm' }, raw: 'x' })).toThrow(/after close/);
  });
});
