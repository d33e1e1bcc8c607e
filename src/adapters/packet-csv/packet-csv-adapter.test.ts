import { runReaderContract } from '../shared/reader-contract.test-util.js';
import { realDataPath } from '../shared/real-data.test-util.js';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBeacon, type Send } from '../../analytics/index.js';
import { normalizeEvent } from '../../normalize/normalize-event.js';
import { packetCsvAdapter } from './packet-csv-adapter.js';
import { parseCsvTime } from './csv-time.js';

type Ev = Record<string, any>;
const dir = mkdtempSync(join(tmpdir(), 'ct-csv-'));
let n = 0;
function file(text: string | Buffer): string {
  const p = join(dir, `f${++n}.csv`);
  writeFileSync(p, text);
  return p;
}
const convert = (p: string, o: { device?: string; app?: string } = {}) => packetCsvAdapter.convert(p, { file: p, ...o });

const HEADER = '"No.","Time","Source","Destination","Protocol","Length","Info"';
const row = (no: number, time: string, src: string, dst: string, proto: string, len: number, info: string) =>
  [no, time, src, dst, proto, len, info].map((x) => `"${String(x).replace(/"/g, '""')}"`).join(',');

/** a standard Wireshark export (every field quoted, Info with commas), absolute date times */
const STANDARD = [
  HEADER,
  row(1, '2024-11-24 06:33:20.000000', '192.168.1.23', '8.8.8.8', 'DNS', 78, 'Standard query 0x1a2b A api.evil.example'),
  row(2, '2024-11-24 06:33:20.030000', '8.8.8.8', '192.168.1.23', 'DNS', 94, 'Standard query response 0x1a2b A api.evil.example A 203.0.113.7'),
  row(3, '2024-11-24 06:33:20.040000', '192.168.1.23', '203.0.113.7', 'TCP', 74, '40000 → 80 [SYN] Seq=0 Win=65535 Len=0 MSS=1460 SACK_PERM'),
  row(4, '2024-11-24 06:33:20.070000', '203.0.113.7', '192.168.1.23', 'TCP', 74, '80 → 40000 [SYN, ACK] Seq=0 Ack=1 Win=65535 Len=0'),
  row(5, '2024-11-24 06:33:20.080000', '192.168.1.23', '203.0.113.7', 'HTTP', 420, 'POST /gate.php?imei=351451208401216 HTTP/1.1  (application/x-www-form-urlencoded)'),
  row(6, '2024-11-24 06:33:20.120000', '203.0.113.7', '192.168.1.23', 'HTTP', 180, 'HTTP/1.1 200 OK  (text/html)'),
  row(7, '2024-11-24 06:33:20.130000', '192.168.1.23', '203.0.113.7', 'TCP', 66, '40000 → 80 [ACK] Seq=355 Ack=115 Win=65535 Len=0'),
  row(8, '2024-11-24 06:33:21.000000', '192.168.1.23', '239.255.255.250', 'SSDP', 216, 'M-SEARCH * HTTP/1.1 '),
  row(9, '2024-11-24 06:33:21.100000', '192.168.1.23', '224.0.0.251', 'MDNS', 90, 'Standard query 0x0000 PTR _googlecast._tcp.local, "QM" question'),
  row(10, '2024-11-24 06:33:21.200000', '192.168.1.23', '162.159.200.1', 'NTP', 90, 'NTP Version 3, client'),
  row(11, '2024-11-24 06:33:22.000000', '192.168.1.23', '198.51.100.9', 'TLSv1.3', 583, 'Client Hello (SNI=c2.evil.example)'),
  row(12, '2024-11-24 06:33:22.050000', '198.51.100.9', '192.168.1.23', 'TLSv1.3', 1500, 'Server Hello, Change Cipher Spec, Application Data'),
  row(13, '2024-11-24 06:33:22.100000', '192.168.1.23', '198.51.100.9', 'TLSv1.3', 130, 'Change Cipher Spec, Application Data'),
  row(14, '2024-11-24 06:33:25.000000', '192.168.1.23', '8.8.8.8', 'ICMP', 98, 'Echo (ping) request  id=0x0001, seq=1/256, ttl=64'),
  row(15, '2024-11-24 06:33:26.000000', '192.168.1.23', '203.0.113.7', 'TCP', 120, '40000 → 80 [PSH, ACK] Seq=355 Ack=115 Win=65535 Len=54'),
].join('\r\n') + '\r\n';

describe('packet-csv adapter: a standard Wireshark export', () => {
  it('sends per burst, with DNS and SNI names, HTTP method/path, infrastructure left out', async () => {
    const out = await convert(file(STANDARD));
    expect(out.issues).toEqual([]);
    const ev = out.events as Ev[];
    for (const e of ev) {
      expect(e).toMatchObject({ type: 'net.send', src: 'csv', app: 'unknown.app', device: expect.stringMatching(/^csv-f\d+\.csv$/) });
      expect(normalizeEvent(structuredClone(e), { file: 'x', line: 1 }).ok).toBe(true);
    }
    const base = Date.parse('2024-11-24T06:33:20Z');
    expect(ev.map((e) => [e.id, e.ts - base, e.dst_host, e.dst_ip, e.proto, e.bytes_out])).toEqual([
      ['csv-1', 0, 'api.evil.example', '8.8.8.8', 'dns', 78],
      ['csv-2', 80, 'api.evil.example', '203.0.113.7', 'http', 420],
      ['csv-3', 2000, 'c2.evil.example', '198.51.100.9', 'https', 583 + 130],
      ['csv-4', 6000, 'api.evil.example', '203.0.113.7', 'tcp', 120],
    ]);
    expect(ev[1]).toMatchObject({ method: 'POST', path: '/gate.php', tls: false, bytes_in: 180 });
    expect(ev[2]).toMatchObject({ tls: true, bytes_in: 1500 });
    expect(JSON.stringify(ev)).not.toContain('351451208401216');
    expect(out.notes.join('\n')).toMatch(/not sends: .*1 SSDP.*1 MDNS.*1 NTP.*1 ICMP/);
    expect(out.notes.join('\n')).toMatch(/device side 192\.168\.1\.23/);
  });

  it('--device and --app', async () => {
    // seen from the server: its only payload is the HTTP response (the SYN/ACK has Len=0)
    const out = await convert(file(STANDARD), { device: '203.0.113.7', app: 'com.example.x' });
    const ev = out.events as Ev[];
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ device: '203.0.113.7', app: 'com.example.x', dst_ip: '192.168.1.23', proto: 'http', bytes_out: 180 });
  });

  it('reads the Time formats Wireshark offers', () => {
    expect(parseCsvTime('457.4219 ')).toMatchObject({ kind: 'relative' });
    expect(parseCsvTime('457.4219 ')!.ms).toBeCloseTo(457421.9, 6);
    expect(parseCsvTime('1589361753.123456')!.kind).toBe('epoch');
    expect(parseCsvTime('2020-05-13 10:22:33.123456')!.ms).toBeCloseTo(Date.parse('2020-05-13T10:22:33.123Z') + 0.456, 3);
    expect(parseCsvTime('2020-05-13T10:22:33+0200')!.ms).toBe(Date.parse('2020-05-13T08:22:33Z'));
    expect(parseCsvTime('May 13, 2020 10:22:33.500000000 CEST')!.ms).toBe(Date.parse('2020-05-13T10:22:33.500Z'));
    expect(parseCsvTime('10:22:33.25')).toEqual({ ms: 37353250, kind: 'time-of-day' });
    expect(parseCsvTime('yesterday')).toBeUndefined();
  });

  it('sniffs the header', () => {
    expect(packetCsvAdapter.sniff(Buffer.from(STANDARD), 'x.csv')).toBe(true);
    expect(packetCsvAdapter.sniff(Buffer.from('No.,Time,Source,Destination,Protocol,Length,Type,Duration\n'), 'x')).toBe(true);
    expect(packetCsvAdapter.sniff(Buffer.from('{"class_uid":4001}'), 'x.csv')).toBe(false);
  });
});

describe('packet-csv adapter: bad input is an issue, never a crash', () => {
  it('empty file, garbage, no header', async () => {
    for (const [text, code] of [['', 'missing_header'], ['\x00\x01\x02\xff garbage', 'missing_header'], ['a,b,c\n1,2,3\n', 'missing_header']] as const) {
      const out = await convert(file(Buffer.from(text, 'latin1')));
      expect(out.events).toEqual([]);
      expect(out.issues.map((i) => i.code)).toEqual([code]);
    }
  });

  it('truncated last row, bad values: those rows are issues with their line', async () => {
    const lines = STANDARD.trimEnd().split('\r\n');
    const text = [...lines.slice(0, 6), row(99, 'not a time', '192.168.1.23', '203.0.113.7', 'TCP', 60, ''), row(98, '2024-11-24 06:33:21', '192.168.1.23', '203.0.113.7', 'TCP', -1, ''), lines[6].slice(0, 20)].join('\n');
    const out = await convert(file(text));
    expect(out.issues.map((i) => [i.code, i.line, i.field])).toEqual([['bad_value', 7, 'Time'], ['bad_value', 8, 'Length'], ['bad_row', 9, undefined]]);
    expect(out.events.length).toBe(2);
  });

  it('a 10 MB Info field', async () => {
    const huge = row(16, '2024-11-24 06:33:40.000000', '192.168.1.23', '203.0.113.9', 'UDP', 1200, 'x'.repeat(10 << 20));
    const out = await convert(file(STANDARD + huge + '\n'));
    expect(out.issues).toEqual([]);
    expect((out.events as Ev[]).at(-1)).toMatchObject({ dst_ip: '203.0.113.9', proto: 'udp', bytes_out: 1200 });
  });
});

// --- the Android Mischief RAT CSVs (../shared/realdata, SOURCES.md §4) ---
function realdata(): string | undefined {
  return realDataPath('android-rat-mischief-csv');
}
const RAT = realdata();
const dest = (e: Ev) => (e.dst_host ?? e.dst_ip) + (e.dst_port !== undefined ? `:${e.dst_port}` : '');
const asSends = (ev: Ev[], key: (e: Ev) => string) => ev.map((e) => ({ ts: e.ts, dest: key(e) })) as unknown as Send[];

describe.skipIf(!RAT)('packet-csv adapter: Android Mischief CSVs', () => {
  it('every RAT file converts without issues, the C2 as destination', async () => {
    const c2: Record<string, string> = {
      AhMyth: '147.32.83.230', AndroidRAT: '147.32.83.234', AndroidTester: '147.32.83.234', Droidjack: '147.32.83.253', Hawkshaw: '35.201.97.85', Spymax: '147.32.83.181',
    };
    for (const [rat, ip] of Object.entries(c2)) {
      const out = await convert(join(RAT!, `${rat}_wireshark_1500.csv`));
      expect(out.issues).toEqual([]);
      const ev = out.events as Ev[];
      expect(ev.length).toBeGreaterThan(50);
      expect(new Set(ev.map((e) => e.dst_ip))).toEqual(new Set([ip]));
      for (const e of ev) expect(normalizeEvent(structuredClone(e), { file: rat, line: 1 }).ok).toBe(true);
    }
  });

  it('Spymax: a 232-byte beacon to 147.32.83.181 every ~45 s, jitter < 0.2', async () => {
    const ev = (await convert(join(RAT!, 'Spymax_wireshark_1500.csv'))).events as Ev[];
    // the beacon is one size of message; command traffic on the same connection falls between beats
    const beacon = findBeacon(asSends(ev, (e) => `${dest(e)}#${e.bytes_out}`))!;
    expect(beacon.dest).toBe('147.32.83.181#232');
    expect(beacon.sends).toBeGreaterThanOrEqual(60);
    expect(beacon.interval_s).toBeGreaterThan(44);
    expect(beacon.interval_s).toBeLessThan(47);
    expect(beacon.jitter).toBeLessThan(0.2);
    // per destination alone (how the engine keys beacons today) the interleaved replies hide it
    const perDest = findBeacon(asSends(ev, dest))!;
    expect(perDest.dest).toBe('147.32.83.181');
    expect(perDest.jitter).toBeGreaterThan(0.2);
  });

  it('benign_1500_6_mixing: no beacon with jitter < 0.2 to any destination, connection or message size', async () => {
    const out = await convert(join(RAT!, 'benign_1500_6_mixing.csv'));
    expect(out.issues).toEqual([]);
    const ev = out.events as Ev[];
    expect(ev.length).toBeGreaterThan(100);
    // no DNS, NTP or multicast rows in this file: what is left out is pure TCP ACKs (and ICMP from the VPN gateway, inbound)
    expect(out.notes.join('\n')).toMatch(/not sends: \d+ TCP without payload$/m);
    for (const key of [dest, (e: Ev) => e.conn, (e: Ev) => `${dest(e)}#${e.bytes_out}`, (e: Ev) => `${e.conn}#${e.bytes_out}`]) {
      const b = findBeacon(asSends(ev, key));
      expect(b === undefined || b.jitter >= 0.2).toBe(true);
    }
  });
});

// the contract every reader runs (valid, truncated, garbage, empty, 10 MB line)
runReaderContract(packetCsvAdapter, { valid: realDataPath('android-rat-mischief-csv/Spymax_wireshark_1500.csv') });
