import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readAlerts } from './read-alerts.js';
import { alert } from './fixtures.test-util.js';

const dir = mkdtempSync(join(tmpdir(), 'ct-eval-alerts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function put(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const line = (o: unknown) => JSON.stringify(o);

describe('readAlerts', () => {
  it('keeps alerts, skips other kinds and blank lines', async () => {
    const p = put('valid-mixed.ndjson', [
      line(alert('a-1', 'd1', 'com.a', 'high', 70)),
      line({ kind: 'coverage', device: 'd1', missing: ['network'] }),
      '',
      line({ kind: 'stats', events: 10 }),
      line(alert('a-2', 'd2', 'com.b', 'low', 12)),
    ].join('\n') + '\n');
    const r = await readAlerts(p);
    expect(r.issues).toEqual([]);
    expect(r.alerts.map((a) => a.id)).toEqual(['a-1', 'a-2']);
    expect(r.alerts[0]).toEqual(alert('a-1', 'd1', 'com.a', 'high', 70));
  });

  it('reports bad lines with their line numbers and keeps reading', async () => {
    const p = put('invalid-lines.ndjson', [
      line(alert('a-1', 'd1', 'com.a', 'high', 70)),
      '{"kind": "alert", "id": ',
      'not json at all',
      '[1, 2]',
      line({ ...alert('a-3', 'd1', 'com.a', 'high', 70), severity: 'severe' }),
      line({ ...alert('a-4', 'd1', 'com.a', 'high', 70), device: '' }),
      line({ ...alert('a-5', 'd1', 'com.a', 'high', 70), score: '70' }),
      line(alert('a-6', 'd1', 'com.a', 'critical', 90)),
    ].join('\n'));
    const r = await readAlerts(p);
    expect(r.alerts.map((a) => a.id)).toEqual(['a-1', 'a-6']);
    expect(r.issues.map(({ code, line, field, file }) => ({ code, line, field, file }))).toEqual([
      { code: 'not_json', line: 2, field: undefined, file: p },
      { code: 'not_json', line: 3, field: undefined, file: p },
      { code: 'not_object', line: 4, field: undefined, file: p },
      { code: 'invalid_alert', line: 5, field: 'severity', file: p },
      { code: 'invalid_alert', line: 6, field: 'device', file: p },
      { code: 'invalid_alert', line: 7, field: 'score', file: p },
    ]);
  });

  it('reads `-` from stdin', async () => {
    const stdin = Readable.from([Buffer.from(line(alert('s-1', 'd', 'com.s', 'medium', 50)) + '\n')]);
    const r = await readAlerts('-', { stdin });
    expect(r.alerts.map((a) => a.id)).toEqual(['s-1']);
  });

  it('reads gzip whatever the name', async () => {
    const p = put('valid-alerts.ndjson', gzipSync(line(alert('g-1', 'd', 'com.g', 'low', 5)) + '\n'));
    expect((await readAlerts(p)).alerts.map((a) => a.id)).toEqual(['g-1']);
  });

  it('throws read_error for a missing file', async () => {
    await expect(readAlerts(join(dir, 'missing.ndjson'))).rejects.toMatchObject({ code: 'read_error' });
  });
});
