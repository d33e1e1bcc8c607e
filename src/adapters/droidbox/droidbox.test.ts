import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { droidboxAdapter } from './index.js';
import { parseHttpRequest } from './http-request.js';
import { runReaderContract, invalidEvents } from '../shared/reader-contract.test-util.js';
import { realDataPath } from '../shared/real-data.test-util.js';
import type { AdapterOutput } from '../adapter.js';

const APPS = {
  espn: 'droidbox-mayuwan/air.WatchESPN-2100146.apk.json',
  golf: 'droidbox-mayuwan/air.com.golfchannel.gcliveextra-4200626.apk.json',
  audio: 'droidbox-mayuwan/ak.alizandro.smartaudiobookplayer-14226.apk.json',
};
const hex = (s: string) => Buffer.from(s, 'latin1').toString('hex');
const fp = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 32);

runReaderContract(droidboxAdapter, { valid: realDataPath(APPS.espn) });

async function convertDoc(doc: unknown): Promise<AdapterOutput> {
  const dir = await mkdtemp(join(tmpdir(), 'droidbox-'));
  const p = join(dir, 'x.apk.json');
  await writeFile(p, JSON.stringify(doc));
  return droidboxAdapter.convert(p, { file: p });
}

describe('droidbox http request heads', () => {
  it('reads method, path, query, Host and body, even from a cut write', () => {
    const h = parseHttpRequest(Buffer.from('POST /up?a=1 HTTP/1.1\r\nHost: c2.example.org\r\n\r\n{"k":"v"}'));
    expect(h).toMatchObject({ method: 'POST', path: '/up', query: 'a=1', host: 'c2.example.org' });
    expect(Buffer.from(h!.body!).toString()).toBe('{"k":"v"}');
    expect(parseHttpRequest(Buffer.from('GET /p2?c1=19&c2=153825'))).toMatchObject({ method: 'GET', path: '/p2', query: 'c1=19&c2=153825' });
    expect(parseHttpRequest(Buffer.from('\x16\x03\x01\x00'))).toBeUndefined();
  });
});

describe('droidbox adapter on a hand-made output', () => {
  const doc = {
    apkName: '/opt/DroidBox_4.1.1/apk/com.example.box-7.apk',
    hashes: ['0'.repeat(32), '1'.repeat(40), 'ab'.repeat(32)],
    cryptousage: {
      '1.5': { type: 'crypto', operation: 'keyalgo', algorithm: 'AES', key: '1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, -16' },
      '1.6': { type: 'crypto', operation: 'encryption', algorithm: 'AES/CBC/PKCS5Padding', data: '{"imei":"358240051111110"}' },
      '1.7': { type: 'crypto', operation: 'encryption', algorithm: 'RSA/ECB/PKCS1Padding', data: 'abc' },
      '1.8': { type: 'crypto', operation: 'decryption', algorithm: 'AES/CBC/PKCS5Padding', data: 'config' },
    },
    dataleaks: { '2.0': { type: 'netleak', tag: ['TAINT_IMEI', 'TAINT_LOCATION_GPS'], desthost: '198.51.100.2', destport: '80', data: hex('imei=358') } },
    opennet: { '1.9': { desthost: '198.51.100.2', destport: '80', fd: '31' }, '3.0': { desthost: '203.0.113.5', destport: '443', fd: '40' } },
    sendnet: {
      '2.0': { type: 'net write', desthost: '198.51.100.2', destport: '80', fd: '31', operation: 'send', data: hex('POST /gate HTTP/1.1\r\nHost: c2.example.org\r\n\r\n') },
      '2.01': { type: 'net write', desthost: '198.51.100.2', destport: '80', fd: '31', operation: 'send', data: hex('d=QUJDREVGR0hJSktMTU5PUFFSUw==&x=1') },
    },
    fdaccess: {
      '1.95': { path: '/data/data/com.example.box/files/q.bin', operation: 'write', data: 'ff00ee11dd22cc33bb44aa5599668877', id: '1', type: 'file write' },
      '1.96': { path: '/sdcard/DCIM/a.jpg', operation: 'read', data: 'ffd8', id: '2', type: 'file read' },
    },
    servicestart: { '0.5': { type: 'service', name: 'com.example.box.Svc' } },
    sendsms: { '4.0': { type: 'sms', number: '+15550100', message: 'hello' } },
    phonecalls: { '5.0': { type: 'call', number: '+15550101' } },
    recvsaction: {}, enfperm: [], dexclass: {}, accessedfiles: {}, recvnet: {}, closenet: {},
  };
  let out: AdapterOutput;
  beforeAll(async () => { out = await convertDoc(doc); });
  const ev = (t: string) => out.events.filter((e) => e.type === t);

  it('gives valid events on the fixed epoch, package from apkName, device from the APK hash', () => {
    expect(invalidEvents(out.events)).toEqual([]);
    expect(out.issues).toEqual([]);
    expect(out.events.every((e) => e.app === 'com.example.box' && e.device === 'droidbox-abababababab')).toBe(true);
    expect(ev('app.info')).toEqual([]);
  });

  it('fingerprints signed-byte keys and links the ops; skips RSA; decrypt has only out_bytes', () => {
    const key = fp(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 240]));
    expect(ev('crypto.key')).toEqual([expect.objectContaining({ key_fp: key, alg: 'AES', bits: 128, origin: 'literal', ts: Date.UTC(2017, 0, 1) + 1500 })]);
    expect(out.events[0]).toMatchObject({ type: 'app.state', ts: Date.UTC(2017, 0, 1) + 500 });
    expect(ev('crypto.op').map((o) => [o.dir, o.mode, o.in_bytes, o.out_bytes, o.key_fp])).toEqual([['encrypt', 'CBC', 26, 32, key], ['decrypt', 'CBC', undefined, 6, key]]);
    expect(out.notes.join('\n')).toMatch(/1 asymmetric \(RSA\)/);
  });

  it('merges a request and its body written on one socket; opened-only sockets send an unknown size; SMS', () => {
    expect(ev('net.send')).toEqual([
      expect.objectContaining({ dst_ip: '198.51.100.2', dst_host: 'c2.example.org', dst_port: 80, proto: 'http', tls: false, method: 'POST', path: '/gate', bytes_out: 45 + 34, payload: expect.objectContaining({ format: 'form', b64_fields: 1 }), conn: 'fd-31' }),
      expect.objectContaining({ dst_ip: '203.0.113.5', dst_port: 443, proto: 'https', tls: true }),
      expect.objectContaining({ dst_host: 'sms:+15550100', proto: 'sms', bytes_out: 5 }),
    ]);
    expect(out.notes.join('\n')).toMatch(/1 phone call\(s\) not converted/);
  });

  it('an opened-only socket has no bytes_out: its size is unknown, not 0', () => {
    expect(ev('net.send').find((e) => e.dst_ip === '203.0.113.5')).not.toHaveProperty('bytes_out');
  });

  it('identifiers in the logged plaintext are reads of their category, never their value', async () => {
    const leak = await convertDoc({
      apkName: 'com.example.leak.apk',
      sendnet: { '2.0': { desthost: '203.0.113.9', destport: '80', fd: '7', data: hex('POST /u HTTP/1.1\r\nHost: x.example\r\n\r\nid=490154203237518&m=ann.lee@example.org&t=1767600000000') } },
      sendsms: { '3.0': { number: '+15550100', message: 'new number +447700900123' } },
    });
    const reads = leak.events.filter((e) => e.type === 'data.access');
    expect(reads.map((e) => [e.ts, e.category, e.items])).toEqual([
      [Date.UTC(2017, 0, 1) + 2000, 'device_info', 1], [Date.UTC(2017, 0, 1) + 2000, 'accounts', 1], [Date.UTC(2017, 0, 1) + 3000, 'contacts', 1],
    ]);
    expect(leak.events.find((e) => e.type === 'net.send' && e.dst_host === 'sms:+15550100')).toMatchObject({ proto: 'sms', bytes_out: 24 });
    expect(JSON.stringify(leak)).not.toMatch(/490154203237518|ann\.lee|447700900123/);
    expect(leak.notes.join('\n')).toMatch(/3 data read\(s\) from identifiers in the logged plaintext/);
  });

  it('maps taint tags, file writes with entropy, shared-storage reads and services', () => {
    expect(ev('data.access').map((d) => d.category).sort()).toEqual(['device_info', 'location', 'photos']);
    expect(ev('file.write')).toEqual([expect.objectContaining({ path: '/data/data/com.example.box/files/q.bin', bytes: 16, entropy: 4 })]);
    expect(ev('app.state')).toEqual([expect.objectContaining({ state: 'service', ts: Date.UTC(2017, 0, 1) + 500 })]);
    expect(JSON.stringify(out)).not.toMatch(/358240051111110|imei|hello|config/);
  });

  it('reports bad sections and entries with their JSON path', async () => {
    const bad = await convertDoc({ apkName: 'com.example.box.apk', cryptousage: { later: { operation: 'keyalgo' }, '1': { operation: 'keyalgo', algorithm: 'AES', key: 'zz' } }, sendnet: [1] });
    expect(bad.issues.map((i) => [i.code, i.field])).toEqual([['bad_time', 'cryptousage.later'], ['unreadable_key', 'cryptousage.1.key'], ['bad_section', 'sendnet']]);
  });
});

describe.skipIf(!realDataPath(APPS.espn))('droidbox real outputs of three Play apps', () => {
  const outs: Record<string, AdapterOutput> = {};
  beforeAll(async () => {
    for (const [k, rel] of Object.entries(APPS)) outs[k] = await droidboxAdapter.convert(realDataPath(rel)!, { file: realDataPath(rel)! });
  });

  it('all three convert into valid events for their package', () => {
    expect(outs.espn.events[0].app).toBe('air.WatchESPN');
    expect(outs.golf.events[0].app).toBe('air.com.golfchannel.gcliveextra');
    expect(outs.audio.events[0].app).toBe('ak.alizandro.smartaudiobookplayer');
    for (const o of Object.values(outs)) {
      expect(invalidEvents(o.events)).toEqual([]);
      expect(o.issues).toEqual([]);
    }
  });

  it('WatchESPN: the same 32-byte AES key twice, 15 ms apart, then 8 AES/CBC encryptions with it', () => {
    const keys = outs.espn.events.filter((e) => e.type === 'crypto.key');
    expect(keys.length).toBe(2);
    expect(keys[0].key_fp).toBe(keys[1].key_fp);
    expect((keys[1].ts as number) - (keys[0].ts as number)).toBeLessThan(20);
    const ops = outs.espn.events.filter((e) => e.type === 'crypto.op');
    expect(ops.length).toBe(8);
    expect(ops.every((o) => o.key_fp === keys[0].key_fp && o.mode === 'CBC' && o.dir === 'encrypt')).toBe(true);
    expect(outs.espn.events.filter((e) => e.type === 'net.send' && e.method === 'GET').length).toBeGreaterThanOrEqual(6);
  });

  it('Golf Channel and the audiobook player', () => {
    expect(outs.golf.events.filter((e) => e.type === 'crypto.key').length).toBe(1);
    expect(outs.golf.events.filter((e) => e.type === 'app.state').length).toBe(3);
    expect(outs.audio.events.filter((e) => e.type === 'crypto.op').length).toBe(1);
    expect(outs.audio.events.filter((e) => e.type === 'net.send')).toEqual([]);
  });
});
