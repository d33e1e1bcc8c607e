// Proof on real third-party data (../shared/realdata, see its SOURCES.md): the adapters and the
// engine with the default policy, as a user runs them: `ciphertrail detect --from FORMAT FILE`.
import { describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ct, alertsOf, SHARED, needShared } from './helpers.js';
import { findBeacon, type Send } from '../src/analytics/index.js';

const REAL = join(SHARED, 'realdata');
const SKIP = !needShared('realdata');
const cuckoo = (n: number) => join(REAL, `cuckoodroid/analysis-${n}/report.json`);
const SEV = ['low', 'medium', 'high', 'critical'];
const atLeast = (a: Record<string, unknown>, s: string) => SEV.indexOf(a.severity as string) >= SEV.indexOf(s);

function detect(format: string, file: string): Record<string, unknown>[] {
  const r = ct(['detect', '--from', format, file]);
  expect(r.status, r.stderr).toBe(0);
  return alertsOf(r.stdout);
}

describe.skipIf(SKIP)('real data: CuckooDroid 2.0 reports', () => {
  test('analysis-8 (Ijiami, hard-coded AES key on IMEI/MAC, hidden file, URLs): high, with the key by fingerprint only', () => {
    const r = ct(['detect', '--from', 'cuckoodroid', cuckoo(8)]);
    const [a] = alertsOf(r.stdout);
    expect(atLeast(a, 'high')).toBe(true);
    const facets = a.facets as Record<string, Record<string, unknown>>;
    for (const f of ['crypto', 'key_reuse', 'staging', 'network']) expect(facets[f], f).toBeDefined();
    const fp = createHash('sha256').update('30212102dicudiab').digest('hex').slice(0, 32);
    expect(facets.key_reuse).toMatchObject({ key_fp: fp, origin: 'literal' });
    expect(r.stdout + r.stderr).not.toContain('30212102dicudiab');
    // and the conversion itself never carries the key bytes
    expect(ct(['convert', '--from', 'cuckoodroid', cuckoo(8)]).stdout).not.toContain('30212102dicudiab');
  });

  test('analysis-4 (Bangcle, DES with a fixed key on device-info JSON) alerts', () => {
    const [a] = detect('cuckoodroid', cuckoo(4));
    expect(a).toBeDefined();
    expect((a.facets as Record<string, { algorithms?: string[] }>).crypto.algorithms).toContain('DES');
  });

  test('analysis-5 (the DroidBox test app: AES/DES with fixed keys on the IMEI) alerts', () => {
    expect(detect('cuckoodroid', cuckoo(5))).toHaveLength(1);
  });

  test('analysis-12 (RSA-shaped 117 → 128 and 93 → 128 ops on IMSI/IMEI JSON, DNS lookups only) raises nothing', () => {
    // its ops are RSA chunks (no symmetric cipher gives 93 → 128) and its only network is DNS
    // lookups that carry no data: neither is the symmetric encryption and send AN1731 is about
    expect(detect('cuckoodroid', cuckoo(12))).toEqual([]);
  });

  test('the reports without crypto give nothing of medium or above', () => {
    // analysis-13 names no package: an unusable input (exit 3), covered in test/cli-grammar.test.ts
    for (const n of [1, 2, 3, 6, 7, 9, 10, 14]) {
      const alerts = detect('cuckoodroid', cuckoo(n));
      expect(alerts.filter((a) => atLeast(a, 'medium')), `analysis-${n}`).toEqual([]);
    }
  });

  test('every CuckooDroid pcap parses, and DNS names are attached to destinations', () => {
    const dirs = readdirSync(join(REAL, 'cuckoodroid')).filter((d) => existsSync(join(REAL, 'cuckoodroid', d, 'dump.pcap')));
    expect(dirs.length).toBeGreaterThanOrEqual(14);
    for (const d of dirs) {
      const r = ct(['convert', '--from', 'pcap', join(REAL, 'cuckoodroid', d, 'dump.pcap'), '--device', d]);
      expect(r.status, `${d}: ${r.stderr}`).toBe(0);
      const events = alertsOf(r.stdout);
      expect(events.length, d).toBeGreaterThan(0);
      expect(events.some((e) => typeof e.dst_host === 'string' && /[a-z]/i.test(e.dst_host as string)), `${d} has named destinations`).toBe(true);
    }
  });
});

describe.skipIf(SKIP)('real data: DroidBox reports of three Google Play apps', () => {
  test('benign: nothing of medium or above (WatchESPN reuses an AES key within 20 ms)', () => {
    const files = readdirSync(join(REAL, 'droidbox-mayuwan')).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(3);
    for (const f of files) expect(detect('droidbox', join(REAL, 'droidbox-mayuwan', f)).filter((a) => atLeast(a, 'medium')), f).toEqual([]);
  });
});

describe.skipIf(SKIP)('real data: packet CSV of Android RATs', () => {
  /** the network facet's periodicity over each time_window of the converted sends */
  function beaconsOf(file: string): { interval_s: number; jitter: number; dest: string }[] {
    const sends = alertsOf(ct(['convert', '--from', 'packet-csv', file]).stdout)
      .map((e) => ({ ts: e.ts as number, dest: `${e.dst_host ?? e.dst_ip}${e.dst_port ? ':' + e.dst_port : ''}`, bytes: e.bytes_out as number }) as Send)
      .sort((a, b) => a.ts - b.ts);
    const found = [];
    for (let start = sends[0].ts; start <= sends[sends.length - 1].ts; start += 10 * 60_000) {
      const b = findBeacon(sends.filter((s) => s.ts >= start && s.ts < start + 10 * 60_000));
      if (b && b.jitter < 0.2) found.push(b);
    }
    return found;
  }

  test('Spymax: periodic beaconing of about 45 s to its C2', () => {
    const found = beaconsOf(join(REAL, 'android-rat-mischief-csv/Spymax_wireshark_1500.csv'));
    expect(found.length).toBeGreaterThan(0);
    for (const b of found) {
      expect(b.interval_s).toBeGreaterThan(40);
      expect(b.interval_s).toBeLessThan(50);
      expect(b.dest).toContain('147.32.83.181');
    }
  });

  test('benign traffic mix: the only regular series is a TLS keepalive, and timing alone raises nothing', () => {
    // the benign capture does hold a sustained 20 s, 98-byte keepalive on one TLS connection to 443
    // (a push channel): periodicity alone cannot tell it from a beacon, which is why a beacon only
    // ever counts inside a chain. What differs from Spymax is the channel: TLS vs raw TCP to a bare IP.
    const found = beaconsOf(join(REAL, 'android-rat-mischief-csv/benign_1500_6_mixing.csv'));
    for (const b of found) expect(b.dest).toMatch(/:443$/);
    for (const f of ['benign_1500_6_mixing', 'Spymax_wireshark_1500']) {
      expect(detect('packet-csv', join(REAL, `android-rat-mischief-csv/${f}.csv`)), f).toEqual([]);
    }
    const spymax = alertsOf(ct(['convert', '--from', 'packet-csv', join(REAL, 'android-rat-mischief-csv/Spymax_wireshark_1500.csv')]).stdout);
    expect(spymax.filter((e) => e.dst_ip === '147.32.83.181').every((e) => e.tls !== true && e.dst_host === undefined)).toBe(true);
  });
});

/** a real file rewritten into another format's shape, in a temporary directory */
function derived(name: string, doc: unknown): string {
  const p = join(mkdtempSync(join(tmpdir(), 'real-derived-')), name);
  writeFileSync(p, JSON.stringify(doc));
  return p;
}

describe('real data: the formats of other sandboxes', () => {
  test('analysis-8 read as a Cuckoo droidmon-module report (threads_tree left out): the summaries still make the chain', () => {
    const doc = JSON.parse(readFileSync(cuckoo(8), 'utf8'));
    delete doc.droidmon.threads_tree;
    const [a, ...rest] = detect('auto', derived('report.json', doc));
    expect(rest).toEqual([]);
    expect(atLeast(a, 'medium')).toBe(true);
    for (const f of ['crypto', 'key_reuse', 'staging', 'network']) expect((a.facets as Record<string, unknown>)[f], f).toBeDefined();
  });

  test('the three DroidBox runs as AndroPyTool analyses: benign, nothing of medium or above', () => {
    for (const f of readdirSync(join(REAL, 'droidbox-mayuwan')).filter((x) => x.endsWith('.json'))) {
      const doc = JSON.parse(readFileSync(join(REAL, 'droidbox-mayuwan', f), 'utf8'));
      const pkg = f.replace(/-\d+\.apk\.json$/, '');
      const wrapped = derived(`${pkg}-analysis.json`, { Pre_static_analysis: { Filename: f }, Static_analysis: { 'Package name': pkg }, Dynamic_analysis: { Droidbox: doc }, VirusTotal: {} });
      expect(ct(['convert', '--from', 'auto', wrapped]).stderr).toMatch(/\(andropytool\)/);
      expect(detect('auto', wrapped).filter((a) => atLeast(a, 'medium')), f).toEqual([]);
    }
  });

  test('a run in two files (report.json + dump.pcap), in either order: nothing late, one context, the same alert', () => {
    for (const n of [8, 4]) {
      const files = [cuckoo(n), join(REAL, `cuckoodroid/analysis-${n}/dump.pcap`)];
      const runs = [files, [...files].reverse()].map((fs) => ct(['detect', '--from', 'auto', '--stats', ...fs]));
      const stats = runs.map((r) => JSON.parse(r.stderr.trim().split('\n').pop()!));
      expect(stats.map((s) => s.engine.late), `analysis-${n}`).toEqual([0, 0]);
      expect(stats.map((s) => s.engine.contextsCreated)).toEqual([1, 1]);
      const [a, b] = runs.map((r) => alertsOf(r.stdout));
      expect(a).toHaveLength(1);
      expect(b.map((x) => [x.id, x.score])).toEqual(a.map((x) => [x.id, x.score]));
      expect(atLeast(a[0], 'high')).toBe(true);
    }
  });
});
