// convert / detect --from as users run them: auto sniffing, named formats, clear errors.
import { describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ct, tmp, alertsOf, SHARED, checkAlerts, needShared } from './helpers.js';

const REAL = join(SHARED, 'realdata');
const NO_REAL = !needShared('realdata');

describe('foreign sources', () => {
  test.skipIf(NO_REAL)('--from auto recognises each real format and gives the same events as the named format', () => {
    for (const [fmt, file] of [
      ['cuckoodroid', 'cuckoodroid/analysis-8/report.json'],
      ['droidbox', 'droidbox-mayuwan/air.WatchESPN-2100146.apk.json'],
      ['pcap', 'cuckoodroid/analysis-4/dump.pcap'],
      ['packet-csv', 'android-rat-mischief-csv/Spymax_wireshark_1500.csv'],
    ]) {
      const named = ct(['convert', '--from', fmt, join(REAL, file)]);
      const auto = ct(['convert', join(REAL, file)]);
      expect(named.status, `${fmt}: ${named.stderr}`).toBe(0);
      expect(auto.stdout, fmt).toBe(named.stdout);
      expect(alertsOf(named.stdout).length, fmt).toBeGreaterThan(0);
    }
  });

  test('a file no adapter recognises is unusable input naming it (exit 4); an unknown --from is a usage error (exit 2)', () => {
    const f = join(tmp(), 'mystery.bin');
    writeFileSync(f, 'hello, this is not telemetry\n');
    const r = ct(['detect', '--from', 'auto', f]);
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('mystery.bin');
    expect(r.stderr).toMatch(/--from/);
    expect(ct(['convert', '--from', 'nope', f]).status).toBe(2);
  });

  test.skipIf(NO_REAL)('detect --from writes conforming alerts, and --format ocsf writes Detection Findings', () => {
    const file = join(REAL, 'cuckoodroid/analysis-4/report.json');
    const out = join(tmp(), 'a.ndjson');
    const r = ct(['detect', '--from', 'cuckoodroid', file]);
    writeFileSync(out, r.stdout);
    expect(checkAlerts(out).status).toBe(0);
    const [finding] = alertsOf(ct(['detect', '--from', 'cuckoodroid', file, '--format', 'ocsf']).stdout);
    expect(finding).toMatchObject({ class_uid: 2004, category_uid: 2 });
    expect(JSON.stringify(finding)).toContain('T1521.001');
  });
});
