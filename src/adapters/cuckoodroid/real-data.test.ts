// The 13 CuckooDroid reports of ../shared/realdata (SOURCES.md §2), converted in place.
import { describe, expect, it, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import { cuckoodroidAdapter } from './index.js';
import { invalidEvents } from '../shared/reader-contract.test-util.js';
import { realDataPath } from '../shared/real-data.test-util.js';
import type { AdapterOutput } from '../adapter.js';

const ANALYSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14];
const fp = (b: string | Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 32);
const path = (n: number) => realDataPath(`cuckoodroid/analysis-${n}/report.json`);
const here = ANALYSES.every((n) => path(n));

describe.skipIf(!here)(here ? 'cuckoodroid real reports' : 'cuckoodroid real reports: SKIPPED, ../shared/realdata/cuckoodroid not on this machine', () => {
  const out = new Map<number, AdapterOutput>();
  beforeAll(async () => {
    for (const n of ANALYSES) out.set(n, await cuckoodroidAdapter.convert(path(n)!, { file: path(n)! }));
  });
  const events = (n: number, type?: string) => out.get(n)!.events.filter((e) => !type || e.type === type);

  it('converts every report into valid telemetry v1 (analysis-13 names no package: an issue)', () => {
    for (const n of ANALYSES) {
      expect(invalidEvents(out.get(n)!.events), `analysis-${n}`).toEqual([]);
      if (n === 13) expect(out.get(n)!.issues.map((i) => i.code)).toEqual(['no_package']);
      else expect(events(n).length, `analysis-${n}`).toBeGreaterThan(0);
    }
  });

  it('analysis-8: the hard-coded AES key, literal, used by every Cipher.doFinal; file.write and net.send', () => {
    const key = fp('30212102dicudiab');
    const keys = events(8, 'crypto.key');
    expect(keys.length).toBe(5);
    for (const k of keys) expect(k).toMatchObject({ key_fp: key, alg: 'AES', bits: 128, origin: 'literal' });
    const ops = events(8, 'crypto.op').filter((o) => o.key_fp === key);
    expect(ops.length).toBe(5);
    // The brief expected >= 5 encrypt ops; the report has 5 doFinal calls with this key, but the
    // second one runs in DECRYPT_MODE (this = {u'mode': 2}) on the first one's ciphertext: 4 encrypt.
    expect(ops.filter((o) => o.dir === 'encrypt').length).toBe(4);
    expect(ops.filter((o) => o.dir === 'decrypt').length).toBe(1);
    expect(events(8, 'file.write').map((e) => e.path)).toContain('/storage/emulated/0/backups/.SystemConfig/.cuid');
    expect(events(8, 'net.send').map((e) => e.dst_host)).toEqual(expect.arrayContaining(['ltpy.i51fu.com', 'alog.umeng.com', 'gather.lotuseed.com', 'download.joyreach.org', 'hmma.baidu.com', 'cf.gdatacube.net', 'rd.gdatacube.net']));
    expect(events(8, 'data.access').map((e) => e.category)).toEqual(expect.arrayContaining(['device_info', 'sms', 'app_list']));
  });

  it('analysis-4: DES with the key "20bb7bd5"', () => {
    const key = fp('20bb7bd5');
    const ops = events(4, 'crypto.op');
    expect(ops.length).toBe(5);
    expect(ops.every((o) => o.alg === 'DES' && o.key_fp === key)).toBe(true);
    expect(ops.filter((o) => o.dir === 'encrypt').length).toBe(4);
    expect(events(4, 'crypto.key').every((k) => k.key_fp === key && k.origin === 'literal' && k.bits === 64)).toBe(true);
    expect(events(4, 'net.send').some((s) => s.dst_ip === '112.124.72.119')).toBe(true);
    expect(events(4, 'app.state').map((s) => s.state)).toEqual(expect.arrayContaining(['service', 'foreground']));
  });

  it('analysis-5: AES and DES on the IMEI with fixed byte keys, and the ciphertext sent by SMS', () => {
    const ops = events(5, 'crypto.op');
    expect(new Set(ops.map((o) => o.alg))).toEqual(new Set(['AES', 'DES']));
    expect(ops.filter((o) => o.dir === 'encrypt').map((o) => o.in_bytes)).toEqual([15, 15]);
    expect(events(5, 'crypto.key').map((k) => k.key_fp)).toEqual([
      fp(Buffer.from('002a0236042d0607410936 0b0c0d3c0f'.replace(/ /g, ''), 'hex')), fp(Buffer.from('002a0236042d0607410936 0b0c0d3c0f'.replace(/ /g, ''), 'hex')),
      fp(Buffer.from('002a0236042d0608', 'hex')), fp(Buffer.from('002a0236042d0608', 'hex')),
    ]);
    const sms = events(5, 'net.send').filter((s) => String(s.dst_host).startsWith('sms:'));
    expect(sms.map((s) => s.bytes_out)).toEqual([14, 32]); // 'Sending sms...', then the DES ciphertext as 32 hex digits
    expect(events(5, 'data.access').map((e) => e.category)).toEqual(expect.arrayContaining(['device_info', 'contacts', 'sms']));
  });

  it('analysis-12: encrypt ops with no crypto.key (cipher not identified), noted as an RSA-like pattern', () => {
    const ops = events(12, 'crypto.op');
    expect(ops.map((o) => [o.dir, o.alg, o.in_bytes, o.out_bytes])).toEqual([['encrypt', 'unknown', 117, 128], ['encrypt', 'unknown', 117, 128], ['encrypt', 'unknown', 93, 128]]);
    expect(ops.every((o) => o.key_fp === undefined)).toBe(true);
    expect(events(12, 'crypto.key')).toEqual([]);
    expect(out.get(12)!.notes.join('\n')).toMatch(/RSA PKCS#1/);
  });

  it('the other reports have no crypto operations', () => {
    for (const n of [1, 2, 3, 6, 7, 9, 10, 13, 14]) expect(events(n, 'crypto.op'), `analysis-${n}`).toEqual([]);
  });

  it('no raw key, IMEI or plaintext anywhere in the output', () => {
    const secrets = ['30212102dicudiab', '20bb7bd5', '002a0236042d06', '00 2A 02 36', '351451208401216', 'b5138613d504a8d4', 'cid_statistic_me', 'Sending sms', '8D 76 3E 1D', '8d763e1d'];
    for (const n of ANALYSES) {
      const o = out.get(n)!;
      const ndjson = o.events.map((e) => JSON.stringify(e)).join('\n') + JSON.stringify(o.issues) + o.notes.join('\n');
      for (const s of secrets) expect(ndjson.includes(s), `analysis-${n} leaks ${s}`).toBe(false);
    }
  });

  it('no adapter but cuckoodroid claims a report', async () => {
    const { readFile } = await import('node:fs/promises');
    const { droidmonAdapter } = await import('../droidmon/index.js');
    const { droidboxAdapter } = await import('../droidbox/index.js');
    const { mobsfAdapter } = await import('../mobsf/index.js');
    for (const n of ANALYSES) {
      const head = (await readFile(path(n)!)).subarray(0, 64 * 1024);
      expect(cuckoodroidAdapter.sniff(head, path(n)!), `analysis-${n}`).toBe(true);
      for (const a of [droidmonAdapter, droidboxAdapter, mobsfAdapter]) expect(a.sniff(head, path(n)!), `${a.name} on analysis-${n}`).toBe(false);
    }
  });
});
