import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexEvidence } from './evidence.js';
import { buildReport } from './build-report.js';
import { renderHtml } from './render-html.js';
import type { ReportAlert } from './model.js';
import { goldenAlert } from './fixtures.test-util.js';

describe('joining evidence to telemetry', () => {
  test('by event id, by file:line when there is none; unknown fields are not carried, forbidden ones rejected', async () => {
    const d = mkdtempSync(join(tmpdir(), 'ct-ev-'));
    const f = join(d, 'tele.ndjson');
    writeFileSync(f, [
      JSON.stringify({ ts: 1000, device: 'd1', app: 'p', type: 'crypto.key', id: 'k1', key_fp: 'aabbccddeeff00112233445566778899', alg: 'AES', origin: 'literal', sensor_dump: '00112233445566778899aabbccddeeff' }),
      '{broken',
      JSON.stringify({ ts: 2000, device: 'd1', app: 'p', type: 'net.send', dst_ip: '192.0.2.1', dst_port: 80, bytes_out: 99, payload: { format: 'json', note: 'secret sms text' } }),
      JSON.stringify({ ts: 2500, device: 'd2', app: 'p', type: 'net.send', id: 'k1', dst_ip: '192.0.2.9', bytes_out: 1 }),
      // contract v1.1 forbidden field: the line is rejected (docs/input-limits.md)
      JSON.stringify({ ts: 2600, device: 'd1', app: 'p', type: 'crypto.op', id: 'k2', alg: 'AES', dir: 'encrypt', plaintext: 'secret sms text' }),
    ].join('\n') + '\n');
    const base = goldenAlert('ermac-aes-cbc-ip');
    const alert: ReportAlert = { ...base, device: 'd1', app: 'p', evidence: ['k1', 'tele.ndjson:3', 'missing-1', 'k2'] };
    const idx = await indexEvidence([f], [alert]);
    expect(idx.issues.map((i) => [i.line, i.code])).toEqual([[2, 'not_json'], [5, 'forbidden_field']]);
    const items = idx.itemsOf(alert);
    expect(items.map((i) => [i.ref, i.source?.line ?? null, i.event?.type ?? null])).toEqual([
      ['k1', 1, 'crypto.key'], // d1's k1, not d2's
      ['tele.ndjson:3', 3, 'net.send'],
      ['missing-1', null, null],
      ['k2', null, null],
    ]);
    const report = buildReport(alert, items);
    const all = JSON.stringify(report) + renderHtml(report);
    expect(all).not.toContain('00112233445566778899aabbccddeeff');
    expect(all).not.toContain('secret sms text');
    expect(report.evidence.unresolved).toEqual(['missing-1', 'k2']);
    expect(report.exposure.unknowns.join(' ')).toMatch(/2 of 4 evidence reference\(s\) were not found/);
  });
});
