import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dpcLogsAdapter } from './index.js';
import { NETWORK_EVENTS, SECURITY_TAGS } from './security-tags.js';
import { runReaderContract, invalidEvents } from '../shared/reader-contract.test-util.js';
import { keystoreFp } from '../device-logs/map-records.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ct-dpc-'));
let n = 0;
const file = (lines: unknown[]) => { const p = join(dir, `f${++n}.ndjson`); writeFileSync(p, lines.map((l) => JSON.stringify(l)).join('\n') + '\n'); return p; };
const convert = (p: string, device?: string) => dpcLogsAdapter.convert(p, { file: p, ...(device ? { device } : {}) });
type Ev = Record<string, any>;
const DEV = '3a8f1e2b7c9d0e4f';
const HEADER = { log: 'header', format: 'dpc-logs', version: 1, device: 'd9' };

runReaderContract(dpcLogsAdapter, { valid: fixture('export.ndjson'), minEvents: 8 });

describe('dpc-logs adapter', () => {
  it('maps a DPC export of network and security logs into telemetry v1', async () => {
    const out = await convert(fixture('export.ndjson'));
    expect(out.issues).toEqual([]);
    expect(invalidEvents(out.events)).toEqual([]);
    const ev = out.events as Ev[];
    expect(ev.every((e) => e.device === DEV && e.src === 'dpc-logs')).toBe(true);
    expect(ev.map((e) => [e.type, e.app ?? null])).toEqual([
      ['device.state', null], ['app.state', 'com.flash.tools'], ['crypto.key', 'com.flash.tools'],
      ['net.send', 'com.flash.tools'], ['net.send', 'com.flash.tools'], ['net.send', 'com.flash.tools'],
      ['device.state', null], ['crypto.key', 'org.example.notes'], ['crypto.key', 'uid:10300'],
    ]);
    const [, bg, key, , conn, , , imported, shared] = ev;
    // timeNanos -> ms; the process start takes its exact start time from data[1]
    expect(bg).toMatchObject({ state: 'background', ts: Date.parse('2026-03-02T02:09:59.900Z'), uid: 10123, pid: 4242 });
    expect(key).toMatchObject({ ts: Date.parse('2026-03-02T02:10:01.250Z'), hw_backed: true, origin: 'keystore', key_fp: keystoreFp(DEV, 10123, 'sync_k') });
    expect(conn).toMatchObject({ dst_ip: '198.51.100.9', dst_host: 'c2.flash-tools.example', dst_port: 443, proto: 'tcp' });
    expect('bytes_out' in conn).toBe(false);
    // uid -> package from the header's package list; a shared uid names no single package
    expect(imported).toMatchObject({ keystore_op: 'imported', uid: 10150 });
    expect(shared.uid).toBe(10300);
    const notes = out.notes.join('\n');
    expect(notes).toMatch(/1 key_destroyed failed/);
    expect(notes).toMatch(/ignored\): 1 TAG_ADB_SHELL_CMD/);
    expect(JSON.stringify(out)).not.toContain('pm list packages');
  });

  it('bad records are issues with line and field; others are kept; --device fills a missing header', async () => {
    const p = file([
      { log: 'network', event: 'HttpEvent', timestamp: 5 },
      { log: 'network', event: 'ConnectEvent', packageName: 'com.a', inetAddress: '192.0.2.1', port: 80 },
      { log: 'security', tag: 299999, timeNanos: '1' },
      { log: 'security', tagName: 'TAG_KEYGUARD_SECURED' },
      { log: 'security', tag: 210005, timeNanos: '1772417400000000000', data: [] },
      { hello: 1 },
      { log: 'network', event: 'ConnectEvent', packageName: 'com.a', timestamp: 1772417400000, inetAddress: '192.0.2.1', port: 'x' },
      { log: 'network', event: 'DnsEvent', packageName: 'com.a', timestamp: 1772417400001, hostname: 'A.Example.', inetAddresses: [] },
    ]);
    const out = await convert(p, 'phone-3');
    expect(out.issues.map((i) => [i.code, i.line, i.field])).toEqual([
      ['unknown_event', 1, 'event'], ['missing_field', 2, 'timestamp'], ['unknown_tag', 3, 'tag'], ['missing_field', 4, 'timeNanos'],
      ['missing_field', 5, 'data[0]'], ['not_dpc_record', 6, 'log'], ['bad_value', 7, 'port'],
    ]);
    expect(out.events).toEqual([expect.objectContaining({ type: 'net.send', dst_host: 'a.example', proto: 'dns', device: 'phone-3' })]);
  });

  it('sniffs the export by its first line', () => {
    expect(dpcLogsAdapter.sniff(Buffer.from(JSON.stringify(HEADER) + '\n'), 'x')).toBe(true);
    expect(dpcLogsAdapter.sniff(Buffer.from('{"log":"security","tag":210008,"timeNanos":"1"}\n'), 'x')).toBe(true);
    expect(dpcLogsAdapter.sniff(Buffer.from('{"log":"network","event":"DnsEvent"}'), 'x')).toBe(true);
    expect(dpcLogsAdapter.sniff(Buffer.from('{"log":"app","msg":"hello"}'), 'x')).toBe(false);
    expect(dpcLogsAdapter.sniff(Buffer.from('{"ts":1,"device":"d","type":"net.send"}'), 'x')).toBe(false);
  });
});

// SecurityLog.TAG_* as android.app.admin.SecurityLog documents them (name = value), each with the
// telemetry it must become or `ignored`; and the two NetworkEvent subclasses.
const DOCUMENTED_TAGS: Record<string, [number, string]> = {
  TAG_ADB_SHELL_INTERACTIVE: [210001, 'ignored'], TAG_ADB_SHELL_CMD: [210002, 'ignored'], TAG_SYNC_RECV_FILE: [210003, 'ignored'],
  TAG_SYNC_SEND_FILE: [210004, 'ignored'], TAG_APP_PROCESS_START: [210005, 'app.state'], TAG_KEYGUARD_DISMISSED: [210006, 'device.state'],
  TAG_KEYGUARD_DISMISS_AUTH_ATTEMPT: [210007, 'ignored'], TAG_KEYGUARD_SECURED: [210008, 'device.state'], TAG_OS_STARTUP: [210009, 'ignored'],
  TAG_OS_SHUTDOWN: [210010, 'ignored'], TAG_LOGGING_STARTED: [210011, 'ignored'], TAG_LOGGING_STOPPED: [210012, 'ignored'],
  TAG_MEDIA_MOUNT: [210013, 'ignored'], TAG_MEDIA_UNMOUNT: [210014, 'ignored'], TAG_LOG_BUFFER_SIZE_CRITICAL: [210015, 'ignored'],
  TAG_PASSWORD_EXPIRATION_SET: [210016, 'ignored'], TAG_PASSWORD_COMPLEXITY_SET: [210017, 'ignored'], TAG_PASSWORD_HISTORY_LENGTH_SET: [210018, 'ignored'],
  TAG_MAX_SCREEN_LOCK_TIMEOUT_SET: [210019, 'ignored'], TAG_MAX_PASSWORD_ATTEMPTS_SET: [210020, 'ignored'], TAG_KEYGUARD_DISABLED_FEATURES_SET: [210021, 'ignored'],
  TAG_REMOTE_LOCK: [210022, 'ignored'], TAG_WIPE_FAILURE: [210023, 'ignored'], TAG_KEY_GENERATED: [210024, 'crypto.key'],
  TAG_KEY_IMPORT: [210025, 'crypto.key'], TAG_KEY_DESTRUCTION: [210026, 'crypto.key'], TAG_USER_RESTRICTION_ADDED: [210027, 'ignored'],
  TAG_USER_RESTRICTION_REMOVED: [210028, 'ignored'], TAG_CERT_AUTHORITY_INSTALLED: [210029, 'ignored'], TAG_CERT_AUTHORITY_REMOVED: [210030, 'ignored'],
  TAG_CRYPTO_SELF_TEST_COMPLETED: [210031, 'ignored'], TAG_KEY_INTEGRITY_VIOLATION: [210032, 'ignored'], TAG_CERT_VALIDATION_FAILURE: [210033, 'ignored'],
  TAG_CAMERA_POLICY_SET: [210034, 'ignored'], TAG_PASSWORD_COMPLEXITY_REQUIRED: [210035, 'ignored'], TAG_PASSWORD_CHANGED: [210036, 'ignored'],
  TAG_WIFI_CONNECTION: [210037, 'ignored'], TAG_WIFI_DISCONNECTION: [210038, 'ignored'], TAG_BLUETOOTH_CONNECTION: [210039, 'ignored'],
  TAG_BLUETOOTH_DISCONNECTION: [210040, 'ignored'], TAG_PACKAGE_INSTALLED: [210041, 'ignored'], TAG_PACKAGE_UPDATED: [210042, 'ignored'],
  TAG_PACKAGE_UNINSTALLED: [210043, 'ignored'], TAG_BACKUP_SERVICE_TOGGLED: [210044, 'ignored'], TAG_NFC_ENABLED: [210045, 'ignored'],
  TAG_NFC_DISABLED: [210046, 'ignored'],
};

/** getData() as each used tag documents it */
const DATA: Record<string, unknown[]> = {
  TAG_APP_PROCESS_START: ['com.a', 1772416799000, 10100, 77, 'default', 'ab'],
  TAG_KEY_GENERATED: [1, 'k', 10100], TAG_KEY_IMPORT: [1, 'k', 10100], TAG_KEY_DESTRUCTION: [1, 'k', 10100],
};

describe('dpc-logs tag mapping', () => {
  it('the table covers exactly the documented tags and network events, each used or ignored with a reason', () => {
    expect(Object.entries(SECURITY_TAGS).map(([v, t]) => [t.name, Number(v)]).sort()).toEqual(Object.entries(DOCUMENTED_TAGS).map(([k, [v]]) => [k, v]).sort());
    for (const t of Object.values(SECURITY_TAGS)) if (typeof t.use !== 'string') expect(t.use.ignored.length, t.name).toBeGreaterThan(10);
    expect(NETWORK_EVENTS).toEqual({ DnsEvent: 'dns', ConnectEvent: 'connect' });
  });

  it.each(Object.entries(DOCUMENTED_TAGS))('%s -> %j', async (name, [tag, want]) => {
    const p = file([HEADER, { log: 'security', tag: 210008, timeNanos: '1772413200000000000', data: [] },
      { log: 'security', tag, timeNanos: '1772416800000000000', id: 1, logLevel: 1, data: DATA[name] ?? [] }]);
    const out = await convert(p);
    expect(out.issues).toEqual([]);
    const mine = (out.events as Ev[]).slice(1);
    if (want === 'ignored') {
      expect(mine).toEqual([]);
      expect(out.notes.join('\n')).toContain(`1 ${name}`);
    } else {
      expect(mine.map((e) => e.type)).toEqual([want]);
      expect(invalidEvents(out.events)).toEqual([]);
    }
  });

  it.each([['DnsEvent', { hostname: 'h.example', inetAddresses: ['192.0.2.5'], totalResolvedAddressCount: 1 }], ['ConnectEvent', { inetAddress: '192.0.2.5', port: 443 }]])(
    '%s -> net.send without bytes_out', async (event, body) => {
      const out = await convert(file([HEADER, { log: 'network', event, id: 1, packageName: 'com.a', timestamp: 1772416800000, ...body }]));
      expect(out.issues).toEqual([]);
      expect(out.events).toEqual([expect.objectContaining({ type: 'net.send', app: 'com.a' })]);
      expect('bytes_out' in out.events[0]).toBe(false);
    });
});
