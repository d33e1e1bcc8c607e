// Reports of Cuckoo's droidmon processing module (Cuckoo 2.0): no threads_tree, records in
// droidmon.error, handled calls only as summaries. The fixture is written from that module's
// source (cuckoo/processing/droidmon.py); the real-data case is a CuckooDroid report read the
// same way with its threads_tree left out.
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { cuckoodroidAdapter } from './index.js';
import { unrepr } from './module-records.js';
import { looksCollected } from '../shared/identifiers.js';
import { runReaderContract, invalidEvents } from '../shared/reader-contract.test-util.js';
import { realDataPath } from '../shared/real-data.test-util.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/cuckoo2-droidmon-module.json', import.meta.url));
const fp = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

runReaderContract(cuckoodroidAdapter, { valid: FIXTURE });

async function convertDoc(doc: unknown) {
  const dir = await mkdtemp(join(tmpdir(), 'cuckoo-module-'));
  const p = join(dir, 'report.json');
  await writeFile(p, JSON.stringify(doc));
  return cuckoodroidAdapter.convert(p, { file: p });
}

describe("Cuckoo droidmon module report (no threads_tree)", () => {
  it('reads the unhandled droidmon lines back with their own timestamps, and the package from the apimonitor tag', async () => {
    const out = await cuckoodroidAdapter.convert(FIXTURE, { file: FIXTURE });
    expect(invalidEvents(out.events)).toEqual([]);
    expect(out.events.every((e) => e.app === 'com.example.weather')).toBe(true);
    const states = out.events.filter((e) => e.type === 'app.state').map((e) => [e.state, e.ts]);
    expect(states).toEqual([['foreground', 1600000000100], ['background', 1600000002000], ['service', 1600000002500]]);
    const send = out.events.find((e) => e.type === 'net.send')!;
    // URL.openStream at its droidmon time, with the request line the module kept in httpConnections
    expect(send).toMatchObject({ ts: 1600000003000, dst_ip: '203.0.113.50', method: 'POST', path: '/w/u.php' });
    expect(out.issues.map((i) => [i.code, i.field])).toEqual([['bad_json', 'droidmon.error[6]'], ['no_json', 'droidmon.error[7]']]);
  });

  it('maps the summaries: key by fingerprint, the collected plaintext as an encryption, reads, prefs', async () => {
    const out = await cuckoodroidAdapter.convert(FIXTURE, { file: FIXTURE });
    const ev = (t: string) => out.events.filter((e) => e.type === t);
    expect(ev('crypto.key')).toEqual([expect.objectContaining({ key_fp: fp('k3y-for-tests-01'), alg: 'AES', bits: 128, origin: 'literal' })]);
    expect(ev('crypto.op')).toEqual([expect.objectContaining({ alg: 'AES', dir: 'encrypt', key_fp: fp('k3y-for-tests-01'), in_bytes: 42 })]);
    expect(ev('data.access').map((e) => e.category)).toEqual(['device_info', 'device_info', 'device_info', 'location', 'sms']);
    expect(ev('file.write')).toEqual([expect.objectContaining({ path: '/data/data/com.example.weather/shared_prefs', bytes: 13 })]);
    const notes = out.notes.join('\n');
    expect(notes).toMatch(/1 crypto_data entr\(y\/ies\) without collected data: direction unknown/);
    expect(notes).toMatch(/2 path\(s\) in file_accessed not mapped/);
    expect(notes).toMatch(/MAC\/PBE/);
    const text = JSON.stringify(out);
    for (const secret of ['k3y-for-tests-01', 'mac-key-0000', '351451208401216', '00:26:37:17:3C:71', 'Lyon', '1600000003000"']) expect(text.includes(secret), secret).toBe(false);
  });

  it('prefers droidmon.raw (every parsed record) when the report keeps it, still reading the unparsable lines', async () => {
    const doc = JSON.parse(await readFile(FIXTURE, 'utf8'));
    doc.droidmon.raw = [
      { timestamp: 1600000000050, class: 'javax.crypto.spec.SecretKeySpec', method: 'javax.crypto.spec.SecretKeySpec', args: ['another-key-0001', 'AES'], type: 'crypto' },
      { timestamp: 1600000000060, class: 'javax.crypto.Cipher', method: 'doFinal', this: { mode: 1 }, args: ['351451208401216'], result: '\n0x00000000 88 75 67 51 35 8C AE 0B A0 E7 90 E1 04 79 E1 4E .ugQ5........y.N', type: 'crypto' },
    ];
    const out = await convertDoc(doc);
    const ops = out.events.filter((e) => e.type === 'crypto.op');
    expect(ops.map((o) => [o.ts, o.key_fp, o.in_bytes, o.out_bytes])).toContainEqual([1600000000060, fp('another-key-0001'), 15, 16]);
    // the Unhandled lines are in raw already: the activity is not read twice; the tagged line is read
    expect(out.events.filter((e) => e.type === 'app.state')).toEqual([]);
    expect(out.notes.join('\n')).toMatch(/read back from droidmon\.raw/);
  });

  it('benign twin: an app that only encrypts its own settings (no identifier in crypto_data) shows no encryption, so no chain end', async () => {
    const doc = JSON.parse(await readFile(FIXTURE, 'utf8'));
    doc.droidmon.crypto_data = ['{"city":"Lyon","units":"metric"}', 'theme=dark'];
    const out = await convertDoc(doc);
    expect(out.events.filter((e) => e.type === 'crypto.op')).toEqual([]);
    expect(out.events.filter((e) => e.type === 'crypto.key')).toHaveLength(1);
    expect(out.notes.join('\n')).toMatch(/2 crypto_data entr\(y\/ies\) without collected data: direction unknown/);
  });

  it('decodes Python reprs of the logged line (quotes, u/b prefixes, UTF-8 bytes as \\x escapes)', () => {
    expect(unrepr(`'{"a":"it\\'s"}\\n'`)).toBe(`{"a":"it's"}\n`);
    expect(unrepr(`"{'q':1}"`)).toBe(`{'q':1}`);
    expect(unrepr(`u'x'`)).toBe('x');
    expect(unrepr(`b'caf\\xc3\\xa9'`)).toBe('café');
    expect(unrepr('not a literal')).toBeUndefined();
  });

  it('tells collected-data plaintext from other plaintext', () => {
    for (const s of ['351451208401216', 'IMEI=abc', '002637173C71', 'a@b.example', '{"android_id":"x"}', '206D107D|612104802154153']) expect(looksCollected(s), s).toBe(true);
    for (const s of ['{"city":"Lyon"}', 'com.example.Config', 'http://example.com/x', '12345']) expect(looksCollected(s), s).toBe(false);
  });
});

const A8 = realDataPath('cuckoodroid/analysis-8/report.json');

describe.skipIf(!A8)(A8 ? 'real data: analysis-8 read as a droidmon module report' : 'real data: analysis-8 as a module report: SKIPPED, ../shared/realdata not on this machine', () => {
  it('without threads_tree: the hard-coded key and the four encryptions of device identifiers come from the summaries', async () => {
    const doc = JSON.parse(await readFile(A8!, 'utf8'));
    delete doc.droidmon.threads_tree;
    const out = await convertDoc(doc);
    expect(invalidEvents(out.events)).toEqual([]);
    const ev = (t: string) => out.events.filter((e) => e.type === t);
    const key = fp('30212102dicudiab');
    expect(ev('crypto.key').map((k) => [k.key_fp, k.alg])).toEqual([[key, 'AES']]);
    expect(ev('crypto.op').map((o) => [o.dir, o.key_fp])).toEqual(Array(4).fill(['encrypt', key]));
    expect(new Set(ev('data.access').map((e) => e.category))).toEqual(new Set(['device_info', 'app_list', 'sms']));
    expect(ev('net.send').length).toBe(7);
    // the 12 SQLiteDatabase.query lines of droidmon.error keep their device-clock timestamps (2017-01-20)
    expect(out.events[0].ts).toBe(1484898412135);
    expect(JSON.stringify(out)).not.toContain('30212102dicudiab');
  });
});
