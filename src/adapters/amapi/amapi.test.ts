import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { amapiAdapter } from './index.js';
import { USAGE_LOG_TYPES } from './event-types.js';
import { deviceIdOf } from './usage-logs.js';
import { runReaderContract, invalidEvents } from '../shared/reader-contract.test-util.js';
import { keystoreFp } from '../device-logs/map-records.js';
import { keyFingerprinter } from '../shared/key-fp.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ct-amapi-'));
let n = 0;
const file = (text: string) => { const p = join(dir, `f${++n}.json`); writeFileSync(p, text); return p; };
const convert = (p: string, device?: string) => amapiAdapter.convert(p, { file: p, ...(device ? { device } : {}) });
type Ev = Record<string, any>;
const DEV = '3a8f1e2b7c9d0e4f';
const at = (iso: string) => Date.parse(iso);

runReaderContract(amapiAdapter, { valid: fixture('usage-logs.ndjson'), minEvents: 10 });
runReaderContract(amapiAdapter, { valid: fixture('batch-decoded.json'), minEvents: 5 });

describe('amapi adapter', () => {
  it('maps Pub/Sub push and pull notifications of USAGE_LOGS into telemetry v1', async () => {
    const out = await convert(fixture('usage-logs.ndjson'));
    expect(out.issues).toEqual([]);
    expect(invalidEvents(out.events)).toEqual([]);
    const ev = out.events as Ev[];
    expect(ev.every((e) => e.device === DEV && e.src === 'amapi')).toBe(true);
    expect(ev.map((e) => [e.type, e.app ?? null])).toEqual([
      ['device.state', null],
      ['app.state', 'com.flash.tools'],
      ['crypto.key', 'com.flash.tools'],
      ['net.send', 'com.flash.tools'],
      ['net.send', 'com.flash.tools'],
      ['net.send', 'com.flash.tools'],
      ['net.send', 'com.flash.tools'],
      ['device.state', null],
      ['crypto.key', 'uid:10200'],
      ['net.send', 'org.example.notes'],
      ['net.send', 'org.example.notes'],
      ['crypto.key', 'com.flash.tools'],
    ]);
    const [locked, bg, key, dns, conn, , , unlocked, imported, dns2, conn2, destroyed] = ev;
    expect(locked).toMatchObject({ locked: true, ts: at('2026-03-02T02:00:00.250Z') });
    // the exact start time, behind the keyguard: background, marked as inferred
    expect(bg).toMatchObject({ state: 'background', inferred: true, uid: 10123, pid: 4242, proc: 'com.flash.tools:sync', ts: at('2026-03-02T02:09:59.900Z') });
    expect(key).toMatchObject({ origin: 'keystore', fp_scheme: 'keystore-alias', keystore_op: 'generated', alg: 'unknown', uid: 10123, key_fp: keystoreFp(DEV, 10123, 'sync_k') });
    expect(key.hw_backed).toBeUndefined(); // usage logs never say where the key lives
    expect(dns).toMatchObject({ dst_host: 'c2.flash-tools.example', proto: 'dns' });
    expect(conn).toMatchObject({ dst_ip: '198.51.100.9', dst_host: 'c2.flash-tools.example', dst_port: 443, proto: 'tcp' });
    for (const s of ev.filter((e) => e.type === 'net.send')) expect('bytes_out' in s).toBe(false); // unknown, not 0
    expect(unlocked).toMatchObject({ locked: false });
    expect(imported).toMatchObject({ keystore_op: 'imported' });
    expect(dns2).toMatchObject({ dst_host: 'notes.example.org' });
    expect(conn2).toMatchObject({ dst_ip: '203.0.113.21', dst_host: 'notes.example.org' });
    expect(destroyed).toMatchObject({ keystore_op: 'destroyed', key_fp: key.key_fp });
    const notes = out.notes.join('\n');
    expect(notes).toMatch(/1 STATUS_REPORT/);
    expect(notes).toMatch(/ignored\): 1 OS_STARTUP, 1 ADB_SHELL_COMMAND, 1 KEYGUARD_DISMISS_AUTH_ATTEMPT/);
    expect(notes).toMatch(/1 key_generated failed/);
    expect(notes).toMatch(/1 process_start \(unlocked or lock unknown\)/);
    expect(notes).toMatch(/1 uid\(s\) with no package/);
    expect(out.cannotShow).toEqual(['crypto', 'staging']);
    expect(JSON.stringify(out)).not.toContain('pm list packages'); // the shell command is never read
  });

  it('reads a decoded BatchUsageLogEvents document; the device id is the last segment of the device name', async () => {
    const out = await convert(fixture('batch-decoded.json'));
    expect(out.issues).toEqual([]);
    expect(out.events.length).toBe(7);
    expect(deviceIdOf('enterprises/LC0/devices/abc')).toBe('abc');
    // a batch without a device takes --device
    const p = file(JSON.stringify({ usageLogEvents: [{ eventTime: '2026-03-02T02:00:00Z', eventType: 'KEYGUARD_SECURED' }] }));
    expect((await convert(p, 'phone-7')).events[0]).toMatchObject({ device: 'phone-7', type: 'device.state' });
  });

  it('bad events are issues with line and field path; the rest of the batch is kept', async () => {
    const batch = { device: 'enterprises/E/devices/d1', usageLogEvents: [
      { eventTime: 'yesterday', eventType: 'DNS', dnsEvent: { hostname: 'a.example', packageName: 'com.a' } },
      { eventTime: '2026-03-02T02:00:00Z', eventType: 'NEW_THING', newThingEvent: {} },
      { eventTime: '2026-03-02T02:00:01Z', eventType: 'CONNECT', connectEvent: { destinationIpAddress: '192.0.2.1', destinationPort: 70000, packageName: 'com.a' } },
      { eventTime: '2026-03-02T02:00:02Z', eventType: 'CONNECT', connectEvent: { destinationIpAddress: '192.0.2.1' } },
      { eventTime: '2026-03-02T02:00:03Z', connectEvent: { destinationIpAddress: '192.0.2.1', destinationPort: 80, packageName: 'com.a' } },
      7,
    ] };
    const p = file(JSON.stringify(batch) + '\n{"message":{"attributes":{"notificationType":"USAGE_LOGS"},"data":"@@@"}}\n{"hello":1}\n');
    const out = await convert(p);
    expect(out.issues.map((i) => [i.code, i.line, i.field])).toEqual([
      ['bad_value', 1, 'usageLogEvents[0].eventTime'],
      ['unknown_event_type', 1, 'usageLogEvents[1].eventType'],
      ['bad_value', 1, 'usageLogEvents[2].connectEvent.destinationPort'],
      ['not_object', 1, 'usageLogEvents[5]'],
      ['missing_field', 1, 'usageLogEvents[3].connectEvent.packageName'], // (found when mapping, after reading)
      ['bad_value', 2, 'message.data'],
      ['not_usage_logs', 3, undefined],
    ]);
    // eventType absent: read from the union field that is set
    expect(out.events).toEqual([expect.objectContaining({ type: 'net.send', dst_ip: '192.0.2.1', dst_port: 80, device: 'd1' })]);
  });

  it('with the deployment secret, alias fingerprints are keyed: stable per alias, not the unkeyed hash', async () => {
    const p = fixture('usage-logs.ndjson');
    const keyed = (await amapiAdapter.convert(p, { file: p, fpSecret: 'fleet-secret' })).events as Ev[];
    const other = (await amapiAdapter.convert(p, { file: p, fpSecret: 'other-secret' })).events as Ev[];
    const keys = keyed.filter((e) => e.type === 'crypto.key');
    expect(keys[0]).toMatchObject({ fp_scheme: 'keystore-alias', key_fp: keystoreFp(DEV, 10123, 'sync_k', keyFingerprinter('fleet-secret')) });
    expect(keys[0].key_fp).not.toBe(keystoreFp(DEV, 10123, 'sync_k'));
    expect(keys[0].key_fp).not.toBe(other.find((e) => e.type === 'crypto.key')!.key_fp);
    // generated and destroyed still name the same key
    expect(keys.find((e) => e.keystore_op === 'destroyed' && e.app === 'com.flash.tools')?.key_fp).toBe(keys[0].key_fp);
  });

  it('sniffs usage logs and nothing else', () => {
    expect(amapiAdapter.sniff(Buffer.from('{"message":{"attributes":{"notificationType":"USAGE_LOGS"}}}'), 'x')).toBe(true);
    expect(amapiAdapter.sniff(Buffer.from('{\n  "device": "enterprises/E/devices/d",\n  "usageLogEvents": [\n'), 'x')).toBe(true);
    expect(amapiAdapter.sniff(Buffer.from('{"message":{"attributes":{"notificationType":"STATUS_REPORT"}}}'), 'x')).toBe(false);
    expect(amapiAdapter.sniff(Buffer.from('{"ts":1,"device":"d","type":"net.send"}'), 'x')).toBe(false);
  });
});

// The EventType enum of the Android Management API reference (UsageLogEvent), each with the
// telemetry it must become or `ignored`: adding, dropping or re-mapping a type fails here.
const DOCUMENTED: Record<string, string> = {
  DNS: 'net.send', CONNECT: 'net.send', KEYGUARD_SECURED: 'device.state', KEYGUARD_DISMISSED: 'device.state',
  APP_PROCESS_START: 'app.state', KEY_GENERATED: 'crypto.key', KEY_IMPORT: 'crypto.key', KEY_DESTRUCTION: 'crypto.key',
  KEYGUARD_DISMISS_AUTH_ATTEMPT: 'ignored', KEY_INTEGRITY_VIOLATION: 'ignored', ADB_SHELL_COMMAND: 'ignored',
  ADB_SHELL_INTERACTIVE: 'ignored', FILE_PULLED: 'ignored', FILE_PUSHED: 'ignored', CERT_AUTHORITY_INSTALLED: 'ignored',
  CERT_AUTHORITY_REMOVED: 'ignored', CERT_VALIDATION_FAILURE: 'ignored', CRYPTO_SELF_TEST_COMPLETED: 'ignored',
  LOGGING_STARTED: 'ignored', LOGGING_STOPPED: 'ignored', LOG_BUFFER_SIZE_CRITICAL: 'ignored', MEDIA_MOUNT: 'ignored',
  MEDIA_UNMOUNT: 'ignored', OS_STARTUP: 'ignored', OS_SHUTDOWN: 'ignored', REMOTE_LOCK: 'ignored', WIPE_FAILURE: 'ignored',
  STOP_LOST_MODE: 'ignored', LOST_MODE_OUTGOING_PHONE_CALL: 'ignored', LOST_MODE_LOCATION: 'ignored',
  ENROLLMENT_COMPLETE: 'ignored', BACKUP_SERVICE_TOGGLED: 'ignored', EVENT_TYPE_UNSPECIFIED: 'ignored',
};

/** a payload as the reference describes each used type */
const BODIES: Record<string, object> = {
  dnsEvent: { hostname: 'h.example', ipAddresses: ['192.0.2.5'], totalIpAddressesReturned: '1', packageName: 'com.a' },
  connectEvent: { destinationIpAddress: '192.0.2.5', destinationPort: 443, packageName: 'com.a' },
  appProcessStartEvent: { processName: 'com.a', startTime: '2026-03-02T01:59:59Z', uid: 10100, pid: 77, seinfo: 'default', apkSha256Hash: 'ab' },
  keyGeneratedEvent: { keyAlias: 'k', applicationUid: 10100, success: true },
  keyImportEvent: { keyAlias: 'k', applicationUid: 10100, success: true },
  keyDestructionEvent: { keyAlias: 'k', applicationUid: 10100, success: true },
};

describe('amapi event type mapping', () => {
  it('the table covers exactly the documented event types, each used or ignored with a reason', () => {
    expect(Object.keys(USAGE_LOG_TYPES).sort()).toEqual(Object.keys(DOCUMENTED).sort());
    for (const [type, spec] of Object.entries(USAGE_LOG_TYPES)) {
      if (typeof spec.use !== 'string') expect(spec.use.ignored.length, type).toBeGreaterThan(10);
    }
  });

  it.each(Object.entries(DOCUMENTED))('%s -> %s', async (type, want) => {
    const field = USAGE_LOG_TYPES[type].field;
    // behind the keyguard, so a process start becomes an app state
    const events = [{ eventTime: '2026-03-02T01:00:00Z', eventType: 'KEYGUARD_SECURED' },
      { eventId: '1', eventTime: '2026-03-02T02:00:00Z', eventType: type, ...(field ? { [field]: BODIES[field] ?? {} } : {}) }];
    const out = await convert(file(JSON.stringify({ device: 'enterprises/E/devices/d', usageLogEvents: events })));
    expect(out.issues).toEqual([]);
    const mine = (out.events as Ev[]).slice(1);
    if (want === 'ignored') {
      expect(mine).toEqual([]);
      expect(out.notes.join('\n')).toContain(`1 ${type}`);
    } else {
      expect(mine.map((e) => e.type)).toEqual([want]);
      expect(invalidEvents(out.events)).toEqual([]);
    }
  });
});
