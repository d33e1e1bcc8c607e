// convert / detect --from as users run them: auto sniffing, named formats, clear errors.
import { describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ct, tmp, alertsOf, SHARED, CLI, checkAlerts, needShared } from './helpers.js';

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

  test.skipIf(NO_REAL)('stdin is sniffed like a file: a report or a capture piped in is adapted; telemetry still streams', () => {
    const run = (args: string[], input: Buffer) => {
      const r = spawnSync(process.execPath, [CLI, ...args], { input, maxBuffer: 1 << 28, encoding: 'utf8' });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    for (const file of ['cuckoodroid/analysis-8/report.json', 'cuckoodroid/analysis-4/dump.pcap', 'droidbox-mayuwan/air.WatchESPN-2100146.apk.json']) {
      const bytes = readFileSync(join(REAL, file));
      const piped = run(['convert', '--device', 'd1', '-'], bytes);
      const named = ct(['convert', '--device', 'd1', join(REAL, file)]);
      expect(piped.status, `${file}: ${piped.stderr}`).toBe(0);
      expect(piped.stdout.length, file).toBeGreaterThan(0);
      expect(piped.stdout, file).toBe(named.stdout);
      expect(piped.stderr, file).toMatch(/^<stdin> \(\w[\w-]*\): /m);
    }
    // --from names the format for stdin too; and a gzip'd report
    const report = readFileSync(join(REAL, 'cuckoodroid/analysis-8/report.json'));
    const want = ct(['detect', '--device', 'd1', join(REAL, 'cuckoodroid/analysis-8/report.json')]).stdout;
    expect(alertsOf(want).length).toBeGreaterThan(0);
    expect(run(['detect', '--device', 'd1', '--from', 'cuckoodroid', '-'], report).stdout).toBe(want);
    expect(run(['detect', '--device', 'd1', '-'], gzipSync(report)).stdout).toBe(want);
    // a report piped in without --device: a device id from its content, not from a temporary path
    expect(alertsOf(run(['detect', '-'], report).stdout)[0].device).toMatch(/^cuckoo-[0-9a-f]{12}$/);
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
