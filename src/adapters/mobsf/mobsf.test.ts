// No real MobSF sample was available: the fixtures are written by hand from MobSF's api_monitor.js
// (each hook sends 'MobSF-API-Monitor: ' + JSON.stringify({name, class, method, arguments, result,
// calledFrom, returnValue}) + ','; byte[] values as signed-byte arrays, a byte[] result as "1,-2,3").
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { mobsfAdapter } from './index.js';
import { splitMobsfRecords } from './split-records.js';
import { runReaderContract, invalidEvents } from '../shared/reader-contract.test-util.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const fp = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

runReaderContract(mobsfAdapter, { valid: fixture('valid-api-monitor.txt') });
runReaderContract(mobsfAdapter, { valid: fixture('valid-logcat.txt') });

describe('mobsf record splitting', () => {
  it('finds comma-separated records with or without line breaks, and "},{" inside strings', () => {
    const r = splitMobsfRecords('{"name":"A","x":"},{"},{"name":"B"},\n{"name":"C","a":[{"b":1}]},');
    expect(r.records.map((x) => x.value.name)).toEqual(['A', 'B', 'C']);
    expect(r.broken).toEqual([]);
  });

  it('reports a cut record with its line and resumes at the next record', () => {
    const r = splitMobsfRecords('{"name":"A"},\n{"name":"B","class":"jav{"name":"C"},\n{"name":"D"},\n{"name":"E","argu');
    expect(r.records.map((x) => x.value.name)).toEqual(['A', 'C', 'D']);
    expect(r.broken.map((b) => b.line)).toEqual([2, 4]);
  });

  it('stops, not loops, on a flood of opening braces', () => {
    const t = Date.now();
    const r = splitMobsfRecords('{'.repeat(200_000) + '"x');
    expect(r.records).toEqual([]);
    expect(Date.now() - t).toBeLessThan(2000);
  });
});

describe('mobsf adapter', () => {
  it('maps the api monitor records: key, encrypt/decrypt by size, device data, file, network, SMS, service', async () => {
    const f = fixture('valid-api-monitor.txt');
    const out = await mobsfAdapter.convert(f, { file: f });
    expect(invalidEvents(out.events)).toEqual([]);
    expect(out.issues).toEqual([]);
    const ev = (t: string) => out.events.filter((e) => e.type === t);
    const key = fp('ciphertrailtest1');
    expect(ev('crypto.key').map((k) => [k.key_fp, k.alg, k.bits, k.origin])).toEqual(Array(3).fill([key, 'AES', 128, 'literal']));
    expect(ev('crypto.op').map((o) => [o.dir, o.in_bytes, o.out_bytes, o.key_fp])).toEqual([
      ['encrypt', 35, 48, key], ['encrypt', 55, 64, key], ['encrypt', 40, 48, key], ['decrypt', 32, 19, key],
    ]);
    expect(ev('data.access').map((d) => d.category)).toEqual(['device_info', 'device_info', 'sms']);
    expect(ev('file.write').map((w) => w.path)).toEqual(['/data/user/0/com.example.spy/cache/q.bin']);
    expect(ev('net.send')).toEqual([
      expect.objectContaining({ dst_ip: '203.0.113.7', dst_port: 8080, proto: 'http', path: '/gate.php' }),
      expect.objectContaining({ dst_host: 'sms:+15550100', proto: 'sms', bytes_out: 2 }),
    ]);
    expect(ev('app.state').map((s) => s.state)).toEqual(['service']);
    expect(out.events[0]).toMatchObject({ app: 'com.example.spy', src: 'mobsf', id: 'mobsf-1', ts: Date.UTC(2017, 0, 1) });
    expect(out.notes.join('\n')).toMatch(/3 Base64 encode/);
    expect(JSON.stringify(out)).not.toMatch(/ciphertrailtest1|358240051111110|99,105,112/);
  });

  it('reads the logcat layout to the same events', async () => {
    const a = await mobsfAdapter.convert(fixture('valid-api-monitor.txt'), { file: 'x', device: 'd' });
    const b = await mobsfAdapter.convert(fixture('valid-logcat.txt'), { file: 'x', device: 'd' });
    expect(b.events).toEqual(a.events);
  });

  it('turns broken and concatenated records into issues with line numbers, keeps the rest', async () => {
    const f = fixture('invalid-broken.txt');
    const out = await mobsfAdapter.convert(f, { file: f });
    expect(invalidEvents(out.events)).toEqual([]);
    expect(out.issues.map((i) => [i.code, i.line])).toEqual([['broken_record', 1], ['broken_record', 4]]);
    expect(out.events.filter((e) => e.type === 'crypto.op').length).toBe(4);
    // the path holding "},{" is one record, not two
    expect(out.events.filter((e) => e.type === 'file.write').map((w) => w.path)).toContain('/data/user/0/com.example.spy/files/a},{b.json');
  });

  it('needs --app when no path names the package', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const p = join(await mkdtemp(join(tmpdir(), 'mobsf-')), 'mobsf_api_monitor.txt');
    await writeFile(p, '{"name":"Device Info","class":"android.telephony.TelephonyManager","method":"getDeviceId","arguments":[],"result":"1","calledFrom":"a.b.C.d(C.java:1)"},');
    expect((await mobsfAdapter.convert(p, { file: p })).issues.map((i) => i.code)).toEqual(['no_package']);
    const out = await mobsfAdapter.convert(p, { file: p, app: 'a.b' });
    expect(out.events).toEqual([expect.objectContaining({ type: 'data.access', app: 'a.b', category: 'device_info' })]);
  });
});
