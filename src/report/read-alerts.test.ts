import { describe, expect, test } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReportAlerts } from './read-alerts.js';
import { goldenAlert } from './fixtures.test-util.js';

describe('reading alerts for reports', () => {
  test('bad lines become file:line:field issues; the good ones are read; highest rev wins', async () => {
    const a = goldenAlert('ermac-aes-cbc-ip');
    const lines = [
      JSON.stringify({ ...a, rev: 1, score: 40 }),
      '{not json',
      JSON.stringify({ ...a, id: 'x1', exposure: { ...a.exposure, bytes_sent: -5 } }),
      JSON.stringify({ ...a, id: 'x2', evidence: [] }),
      JSON.stringify({ ...a, id: 'x3', facets: { ...a.facets, magic: { strength: 1, why: '' } } }),
      JSON.stringify({ ...a, id: 'x4', severity: 'urgent' }),
      JSON.stringify({ kind: 'stats', lines: 3 }),
      '',
      JSON.stringify(a),
    ];
    const f = join(mkdtempSync(join(tmpdir(), 'ct-ra-')), 'alerts.ndjson');
    writeFileSync(f, lines.join('\n') + '\n');
    const r = await readReportAlerts(f);
    expect(r.alerts.map((x) => [x.id, x.rev])).toEqual([[a.id, a.rev]]);
    expect(r.issues.map((i) => [i.line, i.code, i.field ?? null])).toEqual([
      [2, 'not_json', null],
      [3, 'invalid_alert', 'exposure.bytes_sent'],
      [4, 'invalid_alert', 'evidence'],
      [5, 'invalid_alert', 'facets.magic'],
      [6, 'invalid_alert', 'severity'],
    ]);
    expect(r.issues.every((i) => i.file === f)).toBe(true);
  });
});
