import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { droidmonAdapter } from './index.js';
import { parseDroidmonLine } from './parse-line.js';
import { runReaderContract, invalidEvents } from '../shared/reader-contract.test-util.js';
import { realDataPath } from '../shared/real-data.test-util.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const ADBM = realDataPath('droidmon-raw/srivasd-cuckoo-droid_analysis1_ADBManager_droidmon.log');
const FELIX = realDataPath('droidmon-raw/Felixho19-CuckooWithFrida_analysis70_app-debug10_droidmon.log');
const fp = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

runReaderContract(droidmonAdapter, { valid: fixture('valid-crypto.log') });
runReaderContract(droidmonAdapter, { valid: ADBM });
runReaderContract(droidmonAdapter, { valid: FELIX, app: 'com.example.appdebug10' });

describe('droidmon line parsing', () => {
  it('reads plain lines and logcat-prefixed lines, with pid and package from the tag', () => {
    expect(parseDroidmonLine('{"timestamp":1,"class":"a.B","method":"m"}')).toMatchObject({ ok: true, line: { record: { class: 'a.B' } } });
    expect(parseDroidmonLine('01-29 05:05:47.721 I/Xposed  ( 3148): {"timestamp":1,"class":"a.B","method":"m"}')).toMatchObject({ ok: true, line: { pid: 3148 } });
    expect(parseDroidmonLine('I/Droidmon-apimonitor-com.x.y( 12): {"timestamp":1,"class":"a.B","method":"m"}')).toMatchObject({ ok: true, line: { pid: 12, pkg: 'com.x.y' } });
    expect(parseDroidmonLine('D/dalvikvm( 1): GC')).toMatchObject({ ok: false, reason: 'no_json' });
    expect(parseDroidmonLine('I/Xposed( 1): {"timestamp":1,"cla')).toMatchObject({ ok: false, reason: 'bad_json' });
    expect(parseDroidmonLine('{"a":1}')).toMatchObject({ ok: false, reason: 'not_record' });
  });
});

describe('droidmon adapter', () => {
  it('maps a log with crypto using its real timestamps', async () => {
    const f = fixture('valid-crypto.log');
    const out = await droidmonAdapter.convert(f, { file: f });
    expect(invalidEvents(out.events)).toEqual([]);
    expect(out.issues).toEqual([]);
    const ev = (t: string) => out.events.filter((e) => e.type === t);
    expect(out.events.every((e) => e.app === 'com.example.dm' && e.src === 'droidmon')).toBe(true);
    expect(ev('crypto.key').map((k) => k.key_fp)).toEqual([fp('k3y-for-tests-01'), fp('k3y-for-tests-01'), fp('k3y-for-tests-01')]);
    expect(ev('crypto.op').map((o) => [o.dir, o.in_bytes, o.out_bytes, o.key_fp])).toEqual([
      ['encrypt', 15, 16, fp('k3y-for-tests-01')], ['encrypt', 31, 32, fp('k3y-for-tests-01')], ['encrypt', 17, 20, fp('k3y-for-tests-01')],
    ]);
    expect(ev('crypto.op')[0].ts).toBe(1484898410000 + 5 * 250);
    // reflective getSubscriberId is read through hooked_class/hooked_method
    expect(ev('data.access').map((d) => [d.category, d.bytes])).toEqual([['device_info', 15], ['device_info', 15]]);
    expect(ev('file.write')).toEqual([expect.objectContaining({ path: '/data/data/com.example.dm/files/q.bin', bytes_unknown: true })]);
    expect(ev('net.send')).toEqual([expect.objectContaining({ dst_ip: '198.51.100.7', proto: 'http', path: '/gate.php', payload: expect.objectContaining({ format: 'form', size: 34, b64_fields: 1 }) })]);
    expect(ev('app.state').map((s) => s.state)).toEqual(['foreground', 'service']);
    expect(out.notes.join('\n')).toMatch(/1 FileOutputStream\.write call\(s\) without a file path/);
    expect(out.notes.join('\n')).toMatch(/1 line\(s\) without a JSON record/);
    const text = JSON.stringify(out);
    for (const secret of ['k3y-for-tests-01', '351451208401216', '8D 76 3E']) expect(text.includes(secret)).toBe(false);
  });

  it('keeps broken, foreign and untimed lines as issues with their line numbers', async () => {
    const f = fixture('invalid-mixed.log');
    const out = await droidmonAdapter.convert(f, { file: f });
    expect(invalidEvents(out.events)).toEqual([]);
    expect(out.issues.map((i) => [i.code, i.line])).toEqual([['bad_json', 7], ['not_record', 8], ['missing_timestamp', 9]]);
    expect(out.events.filter((e) => e.type === 'crypto.op').length).toBe(4); // the untimed one is kept, at the previous record's time
  });

  it.skipIf(!ADBM)('converts the ADBManager log (benign root tool): file opens, own activity, no crypto, shell stdin not taken for files', async () => {
    const out = await droidmonAdapter.convert(ADBM!, { file: ADBM! });
    expect(invalidEvents(out.events)).toEqual([]);
    expect(out.events[0].app).toBe('com.matoski.adbm');
    expect(out.events.filter((e) => e.type.toString().startsWith('crypto'))).toEqual([]);
    expect(out.events.filter((e) => e.type === 'file.write').map((e) => e.path)).toContain('/data/data/com.matoski.adbm/shared_prefs/com.matoski.adbm_preferences.xml');
    expect(out.notes.join('\n')).toMatch(/FileOutputStream\.write call\(s\) without a file path skipped/);
    // Activity.startActivity of its own MyPreferencesActivity: the app comes to the foreground
    expect(out.events.filter((e) => e.type === 'app.state').map((e) => e.state)).toEqual(['foreground']);
  });

  it.skipIf(!FELIX)('asks for --app when the log does not name the package', async () => {
    const none = await droidmonAdapter.convert(FELIX!, { file: FELIX! });
    expect(none.events).toEqual([]);
    expect(none.issues.map((i) => i.code)).toEqual(['no_package']);
    const out = await droidmonAdapter.convert(FELIX!, { file: FELIX!, app: 'com.example.appdebug10', device: 'felix-70' });
    expect(out.events.filter((e) => e.type === 'data.access').length).toBe(12);
    expect(out.events.every((e) => e.device === 'felix-70')).toBe(true);
    expect(JSON.stringify(out)).not.toContain('098767899076561');
  });
});
