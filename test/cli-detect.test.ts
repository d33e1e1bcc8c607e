import { describe, expect, test } from 'vitest';
import { writeFileSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ct, checkAlerts, tmp, ndjson, alertsOf } from './helpers.js';

const T = Date.UTC(2026, 0, 5, 8);
const app = 'com.flash.tools';
const KEY = '3f9a0c1d2e4b5a69788796a5b4c3d2e1';
const chain = [
  { ts: T, device: 'd-01', app, type: 'app.state', state: 'service', id: 'e1' },
  { ts: T + 10, device: 'd-01', type: 'device.state', screen: 'off', locked: true, id: 'e2' },
  { ts: T + 100, device: 'd-01', app, type: 'data.access', category: 'sms', items: 212, bytes: 18000, id: 'e3' },
  { ts: T + 200, device: 'd-01', app, type: 'crypto.key', key_fp: KEY, alg: 'AES', bits: 128, origin: 'literal', id: 'e4' },
  ...[0, 1, 2, 3].map((i) => ({ ts: T + 210 + i, device: 'd-01', app, type: 'crypto.op', alg: 'AES', mode: 'CBC', dir: 'encrypt', key_fp: KEY, in_bytes: 4600, out_bytes: 4608, id: `e5${i}` })),
  { ts: T + 300, device: 'd-01', app, type: 'file.write', path: '/data/user/0/com.flash.tools/cache/q.bin', bytes: 18432, entropy: 7.98, id: 'e6' },
  { ts: T + 4000, device: 'd-01', app, type: 'net.send', dst_ip: '185.22.1.9', dst_port: 8080, proto: 'http', tls: false, bytes_out: 24690, payload: { format: 'json', b64_fields: 1 }, id: 'e7' },
];

describe('ciphertrail detect', () => {
  const dir = tmp();
  const good = join(dir, 'good.ndjson');
  writeFileSync(good, ndjson(chain));

  test('--help works for every subcommand', () => {
    for (const c of [['--help'], ['detect', '--help'], ['policy', '--help'], ['simulate', '--help'], ['eval', '--help']]) {
      const r = ct(c);
      expect(r.status, c.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage/);
    }
  });

  test('writes conforming alerts, exit 0; --fail-on sets exit 1', () => {
    const r = ct(['detect', good]);
    expect(r.status).toBe(0);
    const out = join(dir, 'alerts.ndjson');
    writeFileSync(out, r.stdout);
    expect(alertsOf(r.stdout)).toHaveLength(1);
    expect(checkAlerts(out).status).toBe(0);
    expect(ct(['detect', good, '--fail-on', 'medium']).status).toBe(1);
    // the threshold is inclusive and exact: the alert's own severity fails, the next one up does not
    const sev = alertsOf(r.stdout)[0].severity as string;
    const order = ['low', 'medium', 'high', 'critical'];
    expect(ct(['detect', good, '--fail-on', sev]).status).toBe(1);
    if (sev !== 'critical') expect(ct(['detect', good, '--fail-on', order[order.indexOf(sev) + 1]]).status).toBe(0);
  });

  test('--format table shows one row per alert with the facets in words', () => {
    const r = ct(['detect', good, '--format', 'table']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/HIGH|CRITICAL/);
    expect(r.stdout).toMatch(/encrypts/);
  });

  test('usage errors exit 2', () => {
    expect(ct(['detect']).status).toBe(2);
    expect(ct(['detect', good, '--format', 'xml']).status).toBe(2);
    expect(ct(['detect', good, '--lateness', 'soon']).status).toBe(2);
    expect(ct(['detect', join(dir, 'nope.ndjson')]).status).toBe(4); // unusable input, not usage
    expect(ct(['frobnicate']).status).toBe(2);
  });

  test('a bad policy exits 2 and lists every problem', () => {
    const p = join(dir, 'bad.yaml');
    writeFileSync(p, 'thresholds:\n  time_wndow: 5m\n  entropy_threshold: 11\nseverity: { medium: 70, high: 60 }\n');
    const r = ct(['detect', good, '--policy', p]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/time_wndow/);
    expect(r.stderr).toMatch(/entropy_threshold/);
    expect(r.stderr).toMatch(/severity/);
    const c = ct(['policy', 'check', p]);
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/bad.yaml:2/);
  });

  test('bad lines are reported, dead-lettered, and do not change the alerts of the valid lines', () => {
    const bad = join(dir, 'bad.ndjson');
    const lines = [
      '\uFEFF' + JSON.stringify(chain[0]),
      '{not json',
      JSON.stringify({ ...chain[1] }) + '\r',
      JSON.stringify({ ts: T, device: 'd-01', app, type: 'crypto.teleport' }),
      JSON.stringify({ ts: T, device: 'd-01', app, type: 'net.send', bytes_out: '12', dst_host: 'x.example' }),
      '\u0000\u0001\u00ff garbage',
      ...chain.slice(2).map((e) => JSON.stringify(e)),
      JSON.stringify({ ts: T + 1, device: 'd-01', app, type: 'other', filler: 'x'.repeat(10 * 1024 * 1024) }),
    ];
    writeFileSync(bad, lines.join('\n'));
    const dl = join(dir, 'dead.ndjson');
    const r = ct(['detect', bad, '--dead-letter', dl, '--stats']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/bad\.ndjson:2: not_json/);
    expect(r.stderr).toMatch(/bad\.ndjson:5: .*\[bytes_out\]/);
    expect(r.stderr).toMatch(/bad\.ndjson:4: unknown_type/);
    const dead = readFileSync(dl, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(dead.map((d) => d.line)).toEqual([2, 4, 5, 6, lines.length]);
    const stats = JSON.parse(r.stderr.trim().split('\n').pop()!);
    expect(stats.ingest).toMatchObject({ rejected: 5, accepted: chain.length });
    const strip = (s: string) => alertsOf(s).map((a) => ({ ...a, evidence: undefined }));
    expect(strip(r.stdout)).toEqual(strip(ct(['detect', good]).stdout));
  });

  test('gzip and stdin give the same alerts; an empty file is unusable input (exit 4, one line)', () => {
    const gz = join(dir, 'good.ndjson.gz');
    writeFileSync(gz, gzipSync(readFileSync(good)));
    const plain = ct(['detect', good]).stdout;
    expect(ct(['detect', gz]).stdout).toEqual(plain);
    expect(ct(['detect', '-'], readFileSync(good, 'utf8')).stdout).toEqual(plain);
    const empty = join(dir, 'empty.ndjson');
    writeFileSync(empty, '');
    const r = ct(['detect', empty]);
    expect(r.status).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`ciphertrail: ${empty}: empty file\n`);
  });

  test('--updates shows every version with the same id', () => {
    const r = alertsOf(ct(['detect', good, '--updates']).stdout);
    expect(r.length).toBeGreaterThan(1);
    expect(new Set(r.map((a) => a.id)).size).toBe(1);
  });
});
