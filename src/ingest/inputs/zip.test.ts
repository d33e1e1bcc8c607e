// The zip reader against archives written by Info-ZIP (test/fixtures/inputs): deflate with folders,
// stored, and streamed to a pipe (zip64 sizes, data descriptor); damage is an error, never garbage.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readZip, ZipError, isZip } from './zip.js';
import { globMatcher } from './glob.js';

const FIX = join(__dirname, '../../../test/fixtures/inputs');
const ndjson = (b: Buffer) => b.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string });

describe('readZip', () => {
  it('reads deflated files below folders, folders left out', () => {
    const buf = readFileSync(join(FIX, 'run.zip'));
    expect(isZip(buf)).toBe(true);
    const entries = readZip(buf, 1 << 20);
    expect(entries.map((e) => e.name).sort()).toEqual(['run/anubis.ndjson', 'run/logs/droidmon.log']);
    const events = ndjson(entries.find((e) => e.name.endsWith('.ndjson'))!.data());
    expect(events.length).toBe(82);
  });

  it('reads stored and pipe-streamed (zip64-sized) archives to the same bytes', () => {
    const stored = readZip(readFileSync(join(FIX, 'stored.zip')), 1 << 20)[0].data();
    const streamed = readZip(readFileSync(join(FIX, 'streamed.zip')), 1 << 20)[0].data();
    expect(streamed.equals(stored)).toBe(true);
  });

  it('refuses a truncated archive, a flipped byte and a file over the limit', () => {
    const buf = readFileSync(join(FIX, 'run.zip'));
    expect(() => readZip(buf.subarray(0, buf.length - 30), 1 << 20)).toThrow(ZipError);
    const flipped = Buffer.from(readFileSync(join(FIX, 'stored.zip')));
    flipped[200] ^= 0xff; // inside the stored file's data
    expect(() => readZip(flipped, 1 << 20)[0].data()).toThrow(/CRC-32/);
    expect(() => readZip(buf, 1000)).toThrow(/over the limit/);
  });
});

describe('globMatcher', () => {
  it('matches names at any depth without a slash, paths with one', () => {
    expect(globMatcher('*.json')('a/b/report.json')).toBe(true);
    expect(globMatcher('*.json')('a/b/report.ndjson')).toBe(false);
    expect(globMatcher('**/report.json')('analysis-1/report.json')).toBe(true);
    expect(globMatcher('**/report.json')('report.json')).toBe(true);
    expect(globMatcher('analysis-?/*.{json,pcap}')('analysis-4/dump.pcap')).toBe(true);
    expect(globMatcher('analysis-?/*.{json,pcap}')('analysis-14/dump.pcap')).toBe(false);
  });
});
