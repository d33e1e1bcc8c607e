import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { cuckoodroidAdapter } from './index.js';
import { runReaderContract, invalidEvents } from '../shared/reader-contract.test-util.js';
import { realDataPath } from '../shared/real-data.test-util.js';

runReaderContract(cuckoodroidAdapter, { valid: realDataPath('cuckoodroid/analysis-8/report.json') });

const fp = (s: string | Buffer) => createHash('sha256').update(s).digest('hex').slice(0, 32);

/** a small report in CuckooDroid's shape: two threads, a hexdump key, Python-repr `this` */
function miniReport(): unknown {
  return {
    info: { started: 1500000000.5, id: 3 },
    apkinfo: { manifest: { package: 'com.example.mini', permissions: [{ name: 'android.permission.INTERNET' }, { name: 'android.permission.READ_PHONE_STATE' }] }, certificate: { fingerprint: 'AB'.repeat(20) } },
    network: { udp: [{ dst: '8.8.4.4', dport: 53 }], dns: [{ request: 'c2.example.net', answers: [] }, { request: 'c2.example.net.8.8.8.8', answers: [] }], hosts: ['8.8.4.4', '198.51.100.9'], dead_hosts: [['198.51.100.9', 443]] },
    droidmon: {
      httpConnections: [{ request: 'POST http://up.example.org/u HTTP/1.1', response: '' }],
      connected_urls: ['http://up.example.org/u', 'https://late.example.com/x'],
      threads_tree: {
        '20': [
          { class: 'android.app.Activity', method: 'onCreate', args: [], result: '', this: 'com.example.mini.Main@1', type: 'binder' },
          { class: 'android.telephony.TelephonyManager', method: 'getDeviceId', args: [], result: '351451208401216', type: 'fingerprint' },
          { class: 'libcore.io.IoBridge', method: 'open', args: ['/sdcard/.hidden/q.bin', '577'], result: "{u'descriptor': 5}", type: 'file' },
          { class: 'libcore.io.IoBridge', method: 'open', args: ['/sdcard/q.bin_1.DROPPED_FILE', '577'], result: '', type: 'file' },
        ],
        '7': [
          { class: 'javax.crypto.spec.SecretKeySpec', method: 'javax.crypto.spec.SecretKeySpec', args: ['\n0x00000000 00 2A 02 36 04 2D 06 07 41 09 36 0B 0C 0D 3C 0F .*.6.-..A.6...<.', 'AES'], result: '', type: 'crypto' },
          { class: 'javax.crypto.Cipher', method: 'doFinal', this: "{u'mode': 1}", args: ['351451208401216'], result: '\n0x00000000 88 75 67 51 35 8C AE 0B A0 E7 90 E1 04 79 E1 4E .ugQ5........y.N', type: 'crypto' },
          { class: 'java.net.ProxySelectorImpl', method: 'select', args: ['http://up.example.org/u'], result: "[{u'type': u'DIRECT'}]", type: 'generic' },
          { class: 'java.net.URL', method: 'openConnection', this: 'http://up.example.org/u', args: [], result: '', type: 'network' },
          { class: 'android.content.ContextWrapper', method: 'startService', args: ["{u'cmp': u'com.example.mini/.Svc'}"], result: '', type: 'binder' },
        ],
      },
    },
  };
}

async function convertDoc(doc: unknown, name = 'report.json') {
  const dir = await mkdtemp(join(tmpdir(), 'cuckoo-'));
  const p = join(dir, name);
  await writeFile(p, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return cuckoodroidAdapter.convert(p, { file: p });
}

describe('cuckoodroid adapter on a small report', () => {
  it('lays threads out round-robin in thread-id order on a synthesized clock', async () => {
    const out = await convertDoc(miniReport());
    expect(invalidEvents(out.events)).toEqual([]);
    const types = out.events.map((e) => e.type);
    // thread 7 first (id order), one call per thread per round
    expect(types.slice(0, 4)).toEqual(['app.info', 'crypto.key', 'app.state', 'crypto.op']);
    expect(out.events[0].ts).toBe(1500000000500);
    expect(out.events[1].ts).toBe(1500000000600);
    expect(out.notes.join(' ')).toMatch(/synthesized from info\.started/);
    expect(out.events.every((e) => e.src === 'cuckoodroid' && /^cuckoodroid-\d+$/.test(String(e.id)))).toBe(true);
  });

  it('fingerprints a hexdump key and links the doFinal on its thread', async () => {
    const out = await convertDoc(miniReport());
    const key = out.events.find((e) => e.type === 'crypto.key')!;
    expect(key).toMatchObject({ key_fp: fp(Buffer.from('002a0236042d0607410936 0b0c0d3c0f'.replace(/ /g, ''), 'hex')), alg: 'AES', bits: 128, origin: 'literal' });
    const op = out.events.find((e) => e.type === 'crypto.op')!;
    expect(op).toMatchObject({ alg: 'AES', dir: 'encrypt', key_fp: key.key_fp, in_bytes: 15, out_bytes: 16, api: 'javax.crypto.Cipher.doFinal' });
  });

  it('maps device data, file writes, lifecycle and sends; merges the hooks of one connection', async () => {
    const out = await convertDoc(miniReport());
    const byType = (t: string) => out.events.filter((e) => e.type === t);
    expect(byType('data.access')).toEqual([expect.objectContaining({ category: 'device_info', items: 1, bytes: 15 })]);
    expect(byType('file.write')).toEqual([expect.objectContaining({ path: '/sdcard/.hidden/q.bin', bytes: 0, bytes_unknown: true, op: 'overwrite' })]);
    expect(byType('app.state').map((e) => e.state)).toEqual(['foreground', 'service']);
    const sends = byType('net.send');
    expect(sends[0]).toMatchObject({ dst_host: 'up.example.org', dst_port: 80, proto: 'http', tls: false, method: 'POST', bytes_out: Buffer.byteLength('POST http://up.example.org/u HTTP/1.1') });
    // summaries: the https URL, the DNS name (not its resolver-suffixed twin), the contacted IP; not the resolver
    expect(sends.slice(1)).toEqual([
      expect.objectContaining({ dst_host: 'late.example.com', dst_port: 443, proto: 'https', tls: true }),
      expect.objectContaining({ dst_host: 'c2.example.net', proto: 'dns', bytes_out: 0 }),
      expect.objectContaining({ dst_ip: '198.51.100.9', dst_port: 443, bytes_out: 0 }),
    ]);
    expect(sends.length).toBe(4);
    expect(out.notes.join(' ')).toMatch(/3 destination\(s\) known only from report summaries/);
  });

  it('gives app.info with permissions and the SHA-1 apart from signer, and no installer (the sandbox adb-installs)', async () => {
    const out = await convertDoc(miniReport());
    expect(out.events[0]).toMatchObject({ type: 'app.info', app: 'com.example.mini', permissions: ['android.permission.INTERNET', 'android.permission.READ_PHONE_STATE'], signer_sha1: 'ab'.repeat(20) });
    expect(out.events[0]).not.toHaveProperty('installer');
    expect(out.events[0].signer).toBeUndefined();
  });

  it('names the device after the analysis directory, or the file hash', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cuckoo-'));
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, '12', 'reports'), { recursive: true });
    const p = join(dir, '12', 'reports', 'report.json');
    await writeFile(p, JSON.stringify(miniReport()));
    expect((await cuckoodroidAdapter.convert(p, { file: p })).events[0].device).toBe('cuckoo-12');
    expect((await cuckoodroidAdapter.convert(p, { file: p, device: 'lab-1' })).events[0].device).toBe('lab-1');
    expect((await convertDoc(miniReport())).events[0].device).toMatch(/^cuckoo-[0-9a-f]{12}$/);
  });

  it('reports a report without a package, and JSON that is no report, as issues', async () => {
    const noPkg = miniReport() as { apkinfo?: unknown; droidmon: { threads_tree: unknown } };
    delete noPkg.apkinfo;
    noPkg.droidmon.threads_tree = {};
    expect((await convertDoc(noPkg)).issues.map((i) => i.code)).toEqual(['no_package']);
    expect((await convertDoc({ hello: 1 })).issues.map((i) => i.code)).toEqual(['not_cuckoodroid']);
    const cut = await convertDoc(JSON.stringify(miniReport()).slice(0, 300));
    expect(cut.events).toEqual([]);
    expect(cut.issues[0]).toMatchObject({ code: 'bad_json' });
  });

  it('keeps bad records as issues with their JSON path', async () => {
    const doc = miniReport() as { droidmon: { threads_tree: Record<string, unknown> } };
    doc.droidmon.threads_tree['9'] = [42, { class: 'javax.crypto.spec.SecretKeySpec', method: '<init>', args: [], result: '' }];
    doc.droidmon.threads_tree['10'] = 'nope';
    const out = await convertDoc(doc);
    const fields = out.issues.map((i) => i.field);
    expect(fields).toContain('droidmon.threads_tree.10');
    expect(fields).toContain('droidmon.threads_tree.9[0]');
    expect(fields).toContain('droidmon.threads_tree.9[1].args');
    expect(invalidEvents(out.events)).toEqual([]);
  });
});
