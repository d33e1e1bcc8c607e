// The evidence chain: an intact chain verifies; each kind of tampering is found at the right line.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, hashOf } from './canonical-json.js';
import { appendEvidence } from './chain-file.js';
import { verifyChain } from './verify.js';
import type { EvidenceSections } from './record.js';

const sections = (n: number): EvidenceSections => ({
  engine: { name: 'ciphertrail', version: '0.1.0', analytic: 'AN1731', technique: 'T1521.001' },
  policy: {
    source: null, file_sha256: null, effective_sha256: 'e'.repeat(64),
    thresholds: { time_window: '10m', time_window_ms: 600000, entropy_threshold: 7.2, key_reuse_threshold: 3, foreground_state_required: false, beacon_interval_variance: 0.2 },
    allowed_crypto_apps: [], inventory_apps: 0, severity: { medium: 40, high: 65, critical: 85 }, lateness_ms: 30000,
  },
  inputs: [{ file: `run-${n}.ndjson`, bytes: 100 * n, sha256: 'a'.repeat(64) }],
  counts: { lines: 10 * n, accepted: 9 * n, rejected: n, blank: 0, late: 0 },
  span: { first_ts: 1000, last_ts: 2000, first: new Date(1000).toISOString(), last: new Date(2000).toISOString() },
  coverage: { devices: 2, pairs: 3, coverage_score: 91.7, fully_visible_devices: 1, blind_percent: { crypto: 50 }, findings: [] },
  alerts: { total: n, by_severity: { low: 0, medium: 0, high: n, critical: 0 }, max_severity: 'high' },
});

function chain(records: number, key?: Buffer): { file: string; lines: string[] } {
  const file = join(mkdtempSync(join(tmpdir(), 'ct-ev-')), 'evidence.jsonl');
  for (let i = 1; i <= records; i++) appendEvidence(file, sections(i), `2026-01-0${i}T00:00:00.000Z`, key);
  return { file, lines: readFileSync(file, 'utf8').trim().split('\n') };
}
const join_ = (lines: string[]) => lines.join('\n') + '\n';

describe('canonical JSON', () => {
  test('key order does not change the bytes or the hash; values do', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'z' } })).toBe('{"a":{"c":"z","d":[1,{"x":1,"y":2}]},"b":1}');
    expect(hashOf({ a: 1, b: 2 })).toBe(hashOf({ b: 2, a: 1 }));
    expect(hashOf({ a: 1, b: 2 })).not.toBe(hashOf({ a: 1, b: 3 }));
  });
});

describe('evidence chain', () => {
  test('an appended chain verifies; seq and prev_hash link the records', () => {
    const { lines } = chain(3);
    const rs = lines.map((l) => JSON.parse(l));
    expect(rs.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rs[0].prev_hash).toBe('0'.repeat(64));
    expect(rs[1].prev_hash).toBe(rs[0].hash);
    const v = verifyChain(join_(lines));
    expect(v).toMatchObject({ ok: true, records: 3, head: rs[2].hash });
  });

  test('an edited record is found, with the section that changed', () => {
    const { lines } = chain(3);
    const r = JSON.parse(lines[1]);
    r.counts.rejected = 0;
    lines[1] = JSON.stringify(r);
    const v = verifyChain(join_(lines));
    expect(v.ok).toBe(false);
    expect(v.problem).toMatchObject({ line: 2, seq: 2, kind: 'edited' });
    expect(v.problem!.message).toMatch(/section\(s\) counts changed/);
    expect(v.records).toBe(1);
  });

  test('an edited and re-hashed record breaks the link of the next one', () => {
    const { lines } = chain(3);
    const r = JSON.parse(lines[0]);
    r.alerts.total = 0; r.alerts.by_severity.high = 0;
    const { hash: _h, ...body } = r;
    body.digests.alerts = hashOf(body.alerts);
    lines[0] = JSON.stringify({ ...body, hash: hashOf(body) });
    const v = verifyChain(join_(lines));
    expect(v.problem).toMatchObject({ line: 2, kind: 'rehashed' });
    expect(v.problem!.message).toMatch(/record 1 \(line 1\).*edited and re-hashed/);
  });

  test('a deleted record is named by its sequence number', () => {
    const { lines } = chain(4);
    lines.splice(1, 1);
    const v = verifyChain(join_(lines));
    expect(v.problem).toMatchObject({ line: 2, seq: 3, kind: 'deleted' });
    expect(v.problem!.message).toMatch(/record 2 missing/);
  });

  test('reordered records are found', () => {
    const { lines } = chain(3);
    [lines[1], lines[2]] = [lines[2], lines[1]];
    const v = verifyChain(join_(lines));
    expect(v.ok).toBe(false);
    // record 3 where 2 was expected, and record 2 is further down: moved, not deleted
    expect(v.problem).toMatchObject({ line: 2, seq: 3, kind: 'reordered' });
    expect(v.problem!.message).toMatch(/expected record 2, which is at line 3/);
    const swappedFirst = [lines[0], lines[2], lines[1]];
    expect(verifyChain(join_([swappedFirst[1], swappedFirst[0], swappedFirst[2]])).problem).toMatchObject({ line: 1 });
    // moving the first record to the end: record 1 after record 3
    const moved = chain(3).lines;
    const v2 = verifyChain(join_([...moved.slice(0, 2), moved[2], moved[0]]));
    expect(v2.problem).toMatchObject({ line: 4, kind: 'reordered' });
  });

  test('a truncated file (last record cut off) is found; removed tail records need --head', () => {
    const { lines } = chain(3);
    const text = join_(lines);
    const cut = text.slice(0, text.length - 40);
    expect(verifyChain(cut).problem).toMatchObject({ line: 3, kind: 'truncated' });
    const head = JSON.parse(lines[2]).hash;
    const twoLeft = join_(lines.slice(0, 2));
    expect(verifyChain(twoLeft).ok).toBe(true);
    const v = verifyChain(twoLeft, { head });
    expect(v.problem!.kind).toBe('head');
    expect(v.problem!.message).toMatch(/removed from the end/);
    expect(verifyChain(text, { head }).ok).toBe(true);
  });

  test('HMAC signatures: checked with the key, wrong key or missing signature fail', () => {
    const key = Buffer.from('s3cret');
    const { lines } = chain(2, key);
    expect(verifyChain(join_(lines), { key })).toMatchObject({ ok: true, signed: 2 });
    expect(verifyChain(join_(lines), { key: Buffer.from('other') }).problem).toMatchObject({ line: 1, kind: 'signature' });
    const unsigned = chain(1).lines;
    expect(verifyChain(join_(unsigned), { key }).problem).toMatchObject({ kind: 'signature' });
  });

  test('appending to a broken chain is refused', () => {
    const { file, lines } = chain(2);
    const r = JSON.parse(lines[0]); r.inputs[0].bytes = 1;
    writeFileSync(file, join_([JSON.stringify(r), lines[1]]));
    expect(() => appendEvidence(file, sections(3), '2026-01-03T00:00:00.000Z')).toThrow(/not an intact chain.*line 1/);
  });
});
