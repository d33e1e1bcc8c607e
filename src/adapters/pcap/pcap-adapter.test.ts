import { runReaderContract } from '../shared/reader-contract.test-util.js';
import { realDataPath } from '../shared/real-data.test-util.js';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeEvent } from '../../normalize/normalize-event.js';
import { pcapAdapter } from './pcap-adapter.js';
import { cerberusCheckin } from '../../payload/rc4.test-util.js';
import {
  clientHello, dnsMessage, ethernet, pcapdroidTrailer, sll, sll2, tcp4, tcp6, udp4, udp6, writePcap, writePcapng, type Rec,
} from './capture-writer.test-util.js';

const dir = mkdtempSync(join(tmpdir(), 'ct-pcap-'));
let seq = 0;
function file(bytes: Buffer, ext = 'pcap'): string {
  const p = join(dir, `f${++seq}.${ext}`);
  writeFileSync(p, bytes);
  return p;
}
const convert = (p: string, o: { device?: string; app?: string } = {}) => pcapAdapter.convert(p, { file: p, ...o });
type Ev = Record<string, any>;

const T = 1_700_000_000_000;
const DEV = '10.0.0.2', SRV = '203.0.113.7', DNS = '8.8.8.8';

/** DNS query + answer, a TLS connection with SNI, a raw TCP upload to the DNS-named address,
 *  an HTTP POST with JSON carrying base64 fields (query string with collected data) */
function scenario(): Rec[] {
  const b64a = Buffer.from('sixteen+ bytes of ciphertext!!').toString('base64');
  const b64b = createHash('sha512').update('key').digest().toString('base64');
  const json = JSON.stringify({ id: 'device-1', data: b64a, nested: { k: b64b }, hex: 'deadbeefdeadbeefdeadbeef' });
  const random = Buffer.alloc(2000);
  for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24 ^ (i * 40503) & 0xff;
  return [
    { ts: T, data: ethernet(udp4({ src: DEV, dst: DNS, sport: 5000, dport: 53, payload: dnsMessage(0x1234, 'api.evil.example') })) },
    { ts: T + 20, data: ethernet(udp4({ src: DNS, dst: DEV, sport: 53, dport: 5000, payload: dnsMessage(0x1234, 'api.evil.example', [SRV]) })) },
    // TLS: SYN, SYN/ACK, ClientHello split over two segments
    { ts: T + 30, data: ethernet(tcp4({ src: DEV, dst: '198.51.100.9', sport: 40000, dport: 443, seq: 100, flags: 'S' })) },
    { ts: T + 60, data: ethernet(tcp4({ src: '198.51.100.9', dst: DEV, sport: 443, dport: 40000, seq: 900, flags: 'SA' })) },
    ...((): Rec[] => {
      const ch = clientHello('c2.evil.example');
      return [
        { ts: T + 70, data: ethernet(tcp4({ src: DEV, dst: '198.51.100.9', sport: 40000, dport: 443, seq: 101, payload: ch.subarray(0, 40) })) },
        { ts: T + 71, data: ethernet(tcp4({ src: DEV, dst: '198.51.100.9', sport: 40000, dport: 443, seq: 141, payload: ch.subarray(40) })) },
      ];
    })(),
    { ts: T + 120, data: ethernet(tcp4({ src: '198.51.100.9', dst: DEV, sport: 443, dport: 40000, seq: 901, payload: Buffer.alloc(1500, 1) })) },
    // raw TCP to the address DNS named
    { ts: T + 200, data: ethernet(tcp4({ src: DEV, dst: SRV, sport: 40002, dport: 8888, seq: 5000, flags: 'S' })) },
    { ts: T + 210, data: ethernet(tcp4({ src: DEV, dst: SRV, sport: 40002, dport: 8888, seq: 5001, payload: random })) },
    // retransmission of the same bytes: counted once
    { ts: T + 400, data: ethernet(tcp4({ src: DEV, dst: SRV, sport: 40002, dport: 8888, seq: 5001, payload: random })) },
    // HTTP over IPv6
    { ts: T + 500, data: ethernet(tcp6({ src: '2001:db8::2', dst: '2001:db8::80', sport: 40003, dport: 80, seq: 1, payload: `POST /api/v2/sync?imei=351451208401216 HTTP/1.1\r\nHost: upd.example.net:8080\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}` })) },
    { ts: T + 560, data: ethernet(tcp6({ src: '2001:db8::80', dst: '2001:db8::2', sport: 80, dport: 40003, seq: 77, payload: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' })) },
  ];
}

function summary(events: Ev[]) {
  return events.map((e) => ({ ts: e.ts, dst: e.dst_host ?? e.dst_ip, port: e.dst_port, proto: e.proto, out: e.bytes_out, in: e.bytes_in, tls: e.tls }));
}

describe('pcap adapter: classic pcap', () => {
  it('turns flows into sends with DNS names, SNI, HTTP and payload features', async () => {
    const out = await convert(file(writePcap(scenario())));
    expect(out.issues).toEqual([]);
    expect(out.cannotShow).toEqual(['crypto', 'key_reuse', 'staging', 'background']);
    const ev = out.events as Ev[];
    expect(ev.map((e) => e.id)).toEqual(['pcap-1', 'pcap-2', 'pcap-3', 'pcap-4']);
    for (const e of ev) {
      expect(e).toMatchObject({ type: 'net.send', src: 'pcap', device: expect.stringMatching(/^pcap-f\d+\.pcap$/), app: 'unknown.app' });
      expect(normalizeEvent(structuredClone(e), { file: 'x', line: 1 }).ok).toBe(true);
    }
    const [dns, tls, raw, http] = ev;
    expect(dns).toMatchObject({ ts: T, dst_ip: DNS, dst_port: 53, dst_host: 'api.evil.example', dns_query: 'api.evil.example', proto: 'dns', bytes_in: expect.any(Number) });
    expect(dns.bytes_in).toBeGreaterThan(0);
    expect(tls).toMatchObject({ ts: T + 70, dst_ip: '198.51.100.9', dst_host: 'c2.evil.example', proto: 'https', tls: true, bytes_in: 1500 });
    expect(tls.payload).toBeUndefined();
    expect(raw).toMatchObject({ ts: T + 210, dst_ip: SRV, dst_host: 'api.evil.example', dst_port: 8888, proto: 'tcp', tls: false, bytes_out: 2000 });
    expect(raw.payload.format).toBe('binary');
    expect(raw.payload.entropy).toBeGreaterThan(7);
    expect(http).toMatchObject({
      dst_ip: '2001:db8::80', dst_host: 'upd.example.net', proto: 'http', tls: false, method: 'POST', path: '/api/v2/sync',
      payload: { format: 'json', b64_fields: 2 },
    });
    expect(JSON.stringify(ev)).not.toContain('351451208401216');
    expect(out.notes.join('\n')).toMatch(/unknown\.app/);
  });

  it('reads big-endian and nanosecond files the same as little-endian microsecond ones', async () => {
    const recs = scenario();
    const ref = summary((await convert(file(writePcap(recs)))).events as Ev[]);
    for (const o of [{ le: false }, { nano: true }, { le: false, nano: true }]) {
      const out = await convert(file(writePcap(recs, o)));
      expect(out.issues).toEqual([]);
      expect(summary(out.events as Ev[])).toEqual(ref);
    }
  });

  it('reads raw IP, Linux cooked SLL and SLL2 link types', async () => {
    const ip = udp4({ src: DEV, dst: DNS, sport: 5000, dport: 53, payload: dnsMessage(1, 'a.example') });
    const ip6 = udp6({ src: '2001:db8::2', dst: '2001:4860::8888', sport: 5000, dport: 53, payload: dnsMessage(2, 'b.example') });
    for (const [linktype, frames] of [[101, [ip, ip6]], [113, [sll(ip), sll(ip6)]], [276, [sll2(ip), sll2(ip6)]], [228, [ip]]] as const) {
      const out = await convert(file(writePcap(frames.map((data, i) => ({ ts: T + i, data })), { linktype })));
      expect(out.issues).toEqual([]);
      expect((out.events as Ev[]).map((e) => e.dst_host)).toEqual(['a.example', 'b.example'].slice(0, frames.length));
    }
  });

  it('splits a flow into one send per burst (gap > 1 s) and folds DNS retransmissions', async () => {
    const recs: Rec[] = [{ ts: T, data: ethernet(tcp4({ src: DEV, dst: SRV, sport: 41000, dport: 7777, seq: 0, flags: 'S' })) }];
    let s = 1;
    for (let k = 0; k < 5; k++) {
      for (const part of [100, 132]) { // each beat is two segments 100 ms apart
        recs.push({ ts: T + 1000 + k * 45_000 + (part === 132 ? 100 : 0), data: ethernet(tcp4({ src: DEV, dst: SRV, sport: 41000, dport: 7777, seq: s, payload: Buffer.alloc(part, 65 + k) })) });
        s += part;
      }
    }
    recs.push({ ts: T + 300_000, data: ethernet(udp4({ src: DEV, dst: DNS, sport: 5001, dport: 53, payload: dnsMessage(9, 'retry.example') })) });
    recs.push({ ts: T + 305_000, data: ethernet(udp4({ src: DEV, dst: DNS, sport: 5001, dport: 53, payload: dnsMessage(9, 'retry.example') })) });
    const ev = (await convert(file(writePcap(recs)))).events as Ev[];
    expect(ev.filter((e) => e.dst_port === 7777).map((e) => [e.ts - T, e.bytes_out])).toEqual([0, 1, 2, 3, 4].map((k) => [1000 + k * 45_000, 232]));
    expect(ev.filter((e) => e.proto === 'dns')).toMatchObject([{ dst_host: 'retry.example', dns_retransmits: 1 }]);
  });

  it('drops multicast, broadcast, NTP, mDNS and SSDP as infrastructure', async () => {
    const recs: Rec[] = [
      { ts: T, data: ethernet(udp4({ src: DEV, dst: '224.0.0.251', sport: 5353, dport: 5353, payload: 'x' })) },
      { ts: T + 1, data: ethernet(udp4({ src: DEV, dst: '239.255.255.250', sport: 40000, dport: 1900, payload: 'M-SEARCH' })) },
      { ts: T + 2, data: ethernet(udp4({ src: DEV, dst: '162.159.200.1', sport: 40001, dport: 123, payload: Buffer.alloc(48) })) },
      { ts: T + 3, data: ethernet(udp4({ src: DEV, dst: '255.255.255.255', sport: 68, dport: 67, payload: Buffer.alloc(300) })) },
      { ts: T + 4, data: ethernet(udp4({ src: DEV, dst: SRV, sport: 40002, dport: 9999, payload: 'hello' })) },
    ];
    const out = await convert(file(writePcap(recs)));
    expect((out.events as Ev[]).map((e) => e.dst_ip)).toEqual([SRV]);
    expect(out.notes.join('\n')).toMatch(/not sends: 3 multicast\/broadcast, 1 ntp/);
  });

  it('uses --device as the device side and id, --app for attribution', async () => {
    // the server's SYN/ACK is the first packet seen: without help the SYN/ACK rule still finds the device
    const recs: Rec[] = [
      { ts: T, data: ethernet(udp4({ src: '192.168.1.20', dst: '192.168.1.30', sport: 6000, dport: 6000, payload: 'from peer' })) },
    ];
    const auto = (await convert(file(writePcap(recs)))).events as Ev[];
    expect(auto[0].dst_ip).toBe('192.168.1.30');
    const told = await convert(file(writePcap(recs)), { device: '192.168.1.30', app: 'com.example.x' });
    expect((told.events as Ev[])).toEqual([]); // the device only received
    const told2 = await convert(file(writePcap(recs)), { device: '192.168.1.20', app: 'com.example.x' });
    expect(told2.events[0]).toMatchObject({ device: '192.168.1.20', app: 'com.example.x', dst_ip: '192.168.1.30' });
  });

  it('reads the PCAPdroid trailer (uid and app label) of a classic pcap', async () => {
    const recs: Rec[] = [
      { ts: T, data: pcapdroidTrailer(tcp4({ src: DEV, dst: SRV, sport: 40000, dport: 443, seq: 1, flags: 'S' }), 10234, 'Flash Tools') },
      { ts: T + 10, data: pcapdroidTrailer(tcp4({ src: DEV, dst: SRV, sport: 40000, dport: 443, seq: 2, payload: clientHello('x.example') }), 10234, 'Flash Tools') },
    ];
    const out = await convert(file(writePcap(recs)));
    expect(out.events).toHaveLength(1);
    expect(out.events[0]).toMatchObject({ app: 'Flash Tools', uid: 10234, dst_host: 'x.example', tls: true, bytes_out: clientHello('x.example').length });
    expect(out.notes.join('\n')).toMatch(/PCAPdroid/);
  });
});

describe('pcap adapter: pcapng', () => {
  const ng = (le: boolean) => writePcapng([
    { type: 'shb' },
    { type: 'idb', linktype: 1 },
    { type: 'idb', linktype: 101, tsresol: 9 },
    { type: 'nrb', ip: SRV, names: ['named.example'] },
    { type: 'pcapdroid-uid', uid: 10123, pkg: 'com.evil.app', label: 'Evil' },
    { type: 'epb', iface: 0, ts: T, data: ethernet(udp4({ src: DEV, dst: DNS, sport: 5000, dport: 53, payload: dnsMessage(1, 'a.example') })), comment: 'u-10123', dir: 'out' },
    { type: 'epb', iface: 1, ts: T + 5.75, data: tcp4({ src: DEV, dst: SRV, sport: 40000, dport: 9000, seq: 1, payload: 'ping' }), comment: 'u-10123' },
    { type: 'epb', iface: 1, ts: T + 7, data: udp4({ src: DEV, dst: '198.51.100.1', sport: 7000, dport: 7000, payload: 'no uid' }) },
    { type: 'spb', data: ethernet(udp4({ src: DEV, dst: '198.51.100.2', sport: 7001, dport: 7001, payload: 'simple' })) },
    // a second section in the other byte order
    { type: 'shb' },
    { type: 'idb', linktype: 113 },
    { type: 'epb', iface: 0, ts: T + 9, data: sll(udp4({ src: DEV, dst: '198.51.100.3', sport: 7002, dport: 7002, payload: 'second section' })) },
  ], le);

  it('reads both byte orders, several interfaces and sections, name records and PCAPdroid app metadata', async () => {
    for (const le of [true, false]) {
      const out = await convert(file(ng(le), 'pcapng'));
      expect(out.issues.map((i) => i.code)).toEqual(['no_time']);
      const ev = out.events as Ev[];
      expect(ev.map((e) => [e.ts - T, e.app, e.dst_host ?? e.dst_ip])).toEqual([
        [0, 'com.evil.app', 'a.example'],
        [6, 'com.evil.app', 'named.example'], // 5.75 ms at ns resolution, rounded
        [7, 'unknown.app', '198.51.100.1'],
        [7, 'unknown.app', '198.51.100.2'], // a simple packet block has the time of the one before
        [9, 'unknown.app', '198.51.100.3'],
      ]);
      expect(ev[0].uid).toBe(10123);
      expect(out.notes.join('\n')).toMatch(/apps from PCAPdroid metadata: com\.evil\.app, unknown\.app/);
    }
  });
});

describe('pcap adapter: bad input is an issue, never a crash', () => {
  const good = writePcap(scenario());

  it('truncated file: the complete packets, then an issue', async () => {
    const out = await convert(file(good.subarray(0, good.length - 30)));
    expect(out.issues).toMatchObject([{ code: 'truncated', line: 12 }]);
    expect(out.events.length).toBeGreaterThanOrEqual(3);
  });

  it('truncated inside the header, empty file, garbage, text', async () => {
    for (const [bytes, code] of [
      [good.subarray(0, 10), 'truncated'], [Buffer.alloc(0), 'empty'],
      [Buffer.from('\x00\x01garbage that is not a capture at all'), 'not_a_capture'], [Buffer.from('{"ts":1}\n'), 'not_a_capture'],
    ] as const) {
      const out = await convert(file(bytes));
      expect(out.events).toEqual([]);
      expect(out.issues.map((i) => i.code)).toEqual([code]);
    }
  });

  it('a record claiming a huge length stops the read with an issue', async () => {
    const bad = Buffer.from(good);
    bad.writeUInt32LE(0x7fffffff, 24 + 8); // first record's incl_len
    const out = await convert(file(bad));
    expect(out.issues).toMatchObject([{ code: 'corrupt', line: 1 }]);
  });

  it('a huge packet (4 MiB of payload) and garbage inside packets', async () => {
    const big = Buffer.alloc(4 << 20, 0x41);
    const recs: Rec[] = [
      { ts: T, data: ethernet(tcp4({ src: DEV, dst: SRV, sport: 40000, dport: 9000, seq: 1, payload: big })) },
      { ts: T + 1, data: Buffer.from('ffffffffffff0000000000000800' + '4f'.repeat(30), 'hex') },
      { ts: T + 2, data: Buffer.alloc(5) },
    ];
    const out = await convert(file(writePcap(recs)));
    expect(out.events).toHaveLength(1);
    expect(out.events[0]).toMatchObject({ bytes_out: 4 << 20, payload: { format: 'text', size: 4 << 20 } });
    expect(out.issues.map((i) => i.code)).toEqual(['malformed_packet', 'malformed_packet']);
  });

  it('pcapng: an unknown interface, a block with a bad length', async () => {
    const bad = writePcapng([{ type: 'shb' }, { type: 'epb', iface: 3, ts: T, data: Buffer.alloc(40) }]);
    expect((await convert(file(bad, 'pcapng'))).issues.map((i) => i.code)).toEqual(['corrupt']);
    const b2 = Buffer.from(ng1());
    b2.writeUInt32LE(13, 4);
    expect((await convert(file(b2, 'pcapng'))).issues.map((i) => i.code)).toEqual(['corrupt']);
  });

  it('sniffs pcap and pcapng magic only', () => {
    expect(pcapAdapter.sniff(good.subarray(0, 64), 'x.bin')).toBe(true);
    expect(pcapAdapter.sniff(ng1().subarray(0, 64), 'x')).toBe(true);
    expect(pcapAdapter.sniff(Buffer.from('No.,Time,Source'), 'x.pcap')).toBe(false);
  });
});

function ng1(): Buffer {
  return writePcapng([{ type: 'shb' }, { type: 'idb', linktype: 1 }]);
}

// --- the real CuckooDroid captures (../shared/realdata, SOURCES.md §2) ---
function realdata(): string | undefined {
  return realDataPath('cuckoodroid');
}
const CUCKOO = realdata();

// packets per capture, as tcpdump counts them
const PACKETS: Record<string, number> = {
  'analysis-1': 45, 'analysis-2': 26, 'analysis-3': 7, 'analysis-4': 55, 'analysis-5': 21, 'analysis-6': 17, 'analysis-7': 21,
  'analysis-8': 50, 'analysis-9': 26, 'analysis-10': 25, 'analysis-11': 24, 'analysis-12': 8, 'analysis-13': 21, 'analysis-14': 24,
};

describe.skipIf(!CUCKOO)('pcap adapter: CuckooDroid dump.pcap files', () => {
  const dirs = CUCKOO ? readdirSync(CUCKOO).filter((d) => d.startsWith('analysis-')).sort() : [];

  it.each(dirs)('%s parses completely, and every DNS query name is attached to its send', async (d) => {
    const p = join(CUCKOO!, d, 'dump.pcap');
    const out = await convert(p, { device: d });
    expect(out.issues).toEqual([]);
    expect(out.notes[0]).toMatch(new RegExp(`^pcap, 1 interface\\(s\\): ${PACKETS[d]} packet\\(s\\)`));
    const ev = out.events as Ev[];
    expect(ev.length).toBeGreaterThan(0);
    for (const e of ev) expect(normalizeEvent(structuredClone(e), { file: d, line: 1 }).ok).toBe(true);
    const dns = ev.filter((e) => e.proto === 'dns');
    expect(dns.length).toBeGreaterThan(0);
    for (const e of dns) expect(e).toMatchObject({ dst_ip: '8.8.4.4', dst_port: 53, dst_host: e.dns_query });
    // Cuckoo's own reading of the same capture names these domains (report.json network.domains)
    const report = join(CUCKOO!, d, 'report.json');
    if (existsSync(report)) {
      const domains: string[] = (JSON.parse(readFileSync(report, 'utf8')).network?.domains ?? []).map((x: { domain: string }) => x.domain);
      const hosts = new Set(dns.map((e) => e.dst_host));
      for (const dom of domains) expect(hosts).toContain(dom.toLowerCase());
    }
  });

  it('the bare-IP connection attempts of analyses 1 and 4 are sends to their C2 addresses', async () => {
    const a1 = (await convert(join(CUCKOO!, 'analysis-1', 'dump.pcap'))).events as Ev[];
    expect(a1.filter((e) => e.attempt)).toMatchObject([{ dst_ip: '217.182.174.92', dst_port: 80, proto: 'http', bytes_out: 0 }]);
    const a4 = (await convert(join(CUCKOO!, 'analysis-4', 'dump.pcap'))).events as Ev[];
    expect(a4.filter((e) => e.attempt).map((e) => e.dst_ip)).toEqual(['112.124.72.119', '112.124.72.119']);
    const a8 = (await convert(join(CUCKOO!, 'analysis-8', 'dump.pcap'))).events as Ev[];
    expect(a8.map((e) => e.dst_host)).toContain('ltpy.i51fu.com'); // the payment-SDK C2 of SOURCES.md
  });
});

// the contract every reader runs (valid, truncated, garbage, empty, 10 MB line)
runReaderContract(pcapAdapter, { valid: realDataPath('cuckoodroid/analysis-4/dump.pcap'), device: 'analysis-4' });

describe('pcap adapter: decode-aware payload features on a captured check-in', () => {
  // Cerberus-style: RC4(JSON) -> hex -> Base64.DEFAULT (line breaks every 76 chars) -> form field q=
  const post = (body: string, sport: number, ts: number): Rec[] => [
    { ts, data: ethernet(tcp4({ src: DEV, dst: SRV, sport, dport: 80, seq: 1, flags: 'S' })) },
    { ts: ts + 5, data: ethernet(tcp4({ src: DEV, dst: SRV, sport, dport: 80, seq: 2, payload: `POST /gate.php HTTP/1.1\r\nHost: checkin.example\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}` })) },
  ];

  it('the ciphertext reads as an encoded high-entropy field; an ordinary form post stays plain', async () => {
    const checkin = cerberusCheckin();
    const plain = 'user=alice&password=correct+horse&remember=1&lang=en_US&next=%2Fhome%2Finbox';
    const out = await convert(file(writePcap([...post(checkin, 41000, T), ...post(plain, 41001, T + 5000)])));
    expect(out.issues).toEqual([]);
    const [c2, benign] = out.events as Ev[];
    for (const e of [c2, benign]) expect(normalizeEvent(structuredClone(e), { file: 'x', line: 1 }).ok).toBe(true);
    expect(c2).toMatchObject({ method: 'POST', path: '/gate.php', payload: { format: 'form', b64_fields: 1, hex_fields: 1 } });
    expect(c2.payload.entropy).toBeLessThan(6.2); // the body alone looks like text
    expect(c2.payload.enc_entropy).toBeGreaterThan(6.5);
    expect(c2.payload.enc_bytes).toBeGreaterThan(150);
    expect(benign.payload).toMatchObject({ format: 'form', b64_fields: 0, hex_fields: 0, enc_bytes: 0 });
    expect(benign.payload.enc_entropy).toBeUndefined();
  });
});
