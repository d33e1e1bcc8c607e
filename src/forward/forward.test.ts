// Forwarding units: SPEC and config parsing with file:line:field errors, CEF and RFC 5424 escaping
// of hostile values, and the forwarder's order, backoff (injected clock), filters and dead
// letters against a scripted receiver. Real receivers (rsyslog, HTTP, serve, kill -9) are in
// test/forward.test.ts.
import { describe, expect, it } from 'vitest';
import type { Alert, Issue } from '../model/index.js';
import { parseSpec } from './spec.js';
import { parseForwardConfig } from './config.js';
import { toCef } from './cef.js';
import { octetCounted, syslogMessage } from './syslog-frame.js';
import { Forwarder } from './forwarder.js';
import { MemoryQueue } from './queue.js';
import type { Clock } from './clock.js';
import type { Message, Outcome, Transport } from './transport.js';
import { signature } from './sign.js';
import { createHmac } from 'node:crypto';
import { parseCef, sdParams } from '../../test/syslog-parse.js';

const alert = (over: Partial<Alert> = {}): Alert => ({
  kind: 'alert', analytic: 'AN1731', technique: 'T1521.001', id: 'an1731-0001', rev: 1,
  device: 'dev "1"]', app: 'com.evil|app', first_ts: 1767600000000, last_ts: 1767600060000, score: 80, severity: 'high', confidence: 0.9,
  facets: { crypto: { strength: 1, why: 'x' } as never }, missing: [],
  exposure: { data_categories: ['sms'], data_items: 1, bytes_encrypted: 10, bytes_staged: 0, bytes_sent: 20, destinations: ['1.2.3.4:443'], staged_paths: [] },
  evidence: ['e1'], summary: 'a=b c\\d\nline two | pipe', ...over,
});

describe('SPEC and forward: config', () => {
  it('parses every output kind with defaults and options', () => {
    const issues: Issue[] = [];
    const w = parseSpec('webhook:https://relay.example/hook/SECRETPATH,format=ocsf,min_severity=high,versions=all,max_attempts=3', issues);
    const t = parseSpec('syslog:tcp://127.0.0.1:6514', issues);
    const u = parseSpec('syslog:udp://[::1]:514,format=json,facility=local5', issues);
    const s = parseSpec('syslog+tls://siem.example:6514,ca_file=/etc/ca.pem', issues);
    expect(issues).toEqual([]);
    expect(w).toMatchObject({ target: { kind: 'webhook', url: 'https://relay.example/hook/SECRETPATH' }, format: 'ocsf', minSeverity: 'high', versions: 'all', maxAttempts: 3 });
    // the name (logs, metrics) never shows a webhook's path: it may be the secret (Slack, Teams)
    expect(w!.name).toMatch(/^webhook:https:\/\/relay\.example#[0-9a-f]{8}$/);
    expect(t).toMatchObject({ name: 'syslog:tcp://127.0.0.1:6514', format: 'cef', versions: 'final', minSeverity: 'low', facility: 16, maxAttempts: 5 });
    expect(u).toMatchObject({ target: { transport: 'udp', host: '::1', port: 514 }, format: 'json', facility: 21 });
    expect(s).toMatchObject({ target: { transport: 'tls', host: 'siem.example', port: 6514 }, caFile: '/etc/ca.pem' });
  });

  it('refuses plain http off loopback, unknown kinds and options, bad values', () => {
    const bad = (spec: string) => { const issues: Issue[] = []; expect(parseSpec(spec, issues)).toBeUndefined(); return issues.map((i) => `${i.field}: ${i.message}`).join('; '); };
    expect(bad('webhook:http://siem.example/x')).toMatch(/only allowed to a loopback address/);
    expect(bad('webhook:http://127.0.0.1:9/x,format=xml')).toMatch(/format.*json\|ocsf\|cef/);
    expect(bad('kafka:tcp://x:1')).toMatch(/want webhook:URL/);
    expect(bad('syslog:tcp://host')).toMatch(/HOST:PORT/);
    expect(bad('syslog:tcp://h:1,min_severity=severe')).toMatch(/low\|medium\|high\|critical/);
    expect(bad('syslog:tcp://h:1,colour=red')).toMatch(/key one of/);
    expect(bad('syslog:tcp://h:1,secret_file=/x')).toMatch(/only webhooks are signed/);
    expect(bad('webhook:https://u:p@h/x')).toMatch(/credentials/);
  });

  it('a config file reports every problem with its line and field', () => {
    const text = [
      'forward:',
      '  - syslog:tcp://127.0.0.1:514',
      '  - url: webhook:https://relay.example/x',
      '    format: ocsf',
      '    min_severity: extreme',
      '  - url: syslog:udp://h:1',
      '    colour: red',
      '  - 42',
    ].join('\n');
    const r = parseForwardConfig(text, 'fwd.yaml');
    expect(r.outputs).toEqual([]);
    expect(r.issues.map((i) => `${i.file}:${i.line} ${i.field} ${i.code}`)).toEqual([
      'fwd.yaml:5 forward[1].min_severity invalid_value',
      'fwd.yaml:7 forward[2].colour unknown_key',
      'fwd.yaml:8 forward[3] invalid_value',
    ]);
    const ok = parseForwardConfig('forward:\n  - syslog:tcp://127.0.0.1:514\n  - url: webhook:https://relay.example/x\n    versions: all\n', 'f.yaml');
    expect(ok.issues).toEqual([]);
    expect(ok.outputs.map((o) => [o.target.kind, o.versions])).toEqual([['syslog', 'final'], ['webhook', 'all']]);
    expect(parseForwardConfig('forward:\n  - syslog:tcp://h:1\n  - syslog:tcp://h:1\n', 'd.yaml').issues[0].code).toBe('duplicate_output');
  });
});

describe('message formats', () => {
  it('CEF escapes header and extension values so a receiver reads them back unchanged', () => {
    const a = alert();
    const line = toCef(a, true);
    expect(line.split('\n')).toHaveLength(1);
    const { header, ext } = parseCef(line);
    expect(header).toEqual(['CEF:0', 'ciphertrail', 'ciphertrail', '0.1.0', 'AN1731', 'com.evil|app encrypted collected data and sent it out (T1521.001)', '8']);
    expect(ext).toMatchObject({ externalId: a.id, cn1: '1', cs1: 'true', msg: a.summary, deviceExternalId: a.device, sproc: a.app, cs4: '1.2.3.4:443', rt: String(a.last_ts) });
  });

  it('RFC 5424: PRI from facility and severity, event time, escaped SD params, octet count in bytes', () => {
    const m = syslogMessage(alert({ severity: 'critical' }), false, 'café', 16, 'host one');
    expect(m).toMatch(/^<130>1 2026-01-05T08:01:00\.000Z hostone ciphertrail - ALERT \[ciphertrail@32473 /);
    expect(sdParams(m)).toEqual({ id: 'an1731-0001', rev: '1', final: 'false', severity: 'critical', device: 'dev "1"]', app: 'com.evil|app' });
    const framed = octetCounted(m).toString('utf8');
    expect(framed.startsWith(`${Buffer.byteLength(m)} `)).toBe(true);
  });

  it('webhook signature is HMAC-SHA-256 over "timestamp.body"', () => {
    const secret = Buffer.from('0123456789abcdef0123456789abcdef');
    expect(signature(secret, 1700000000, '{"a":1}')).toBe('v1=' + createHmac('sha256', secret).update('1700000000.{"a":1}').digest('hex'));
  });
});

/** a clock that never waits: sleeps are recorded and advance `now` */
function fakeClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; } };
}

/** a receiver answering from a script (then ok), recording what it took */
class Scripted implements Transport {
  readonly got: Message[][] = [];
  constructor(readonly batchMax: number, private readonly script: Outcome['ok'] extends never ? never : (Outcome | 'ok')[]) {}
  async send(ms: Message[]): Promise<Outcome> {
    const next = this.script.shift() ?? 'ok';
    if (next === 'ok') { this.got.push(ms); return { ok: true }; }
    return next;
  }
  async close(): Promise<void> {}
}

const spec = (o: Partial<import('./spec.js').OutputSpec> = {}) => ({ name: 'test', target: { kind: 'webhook' as const, url: 'http://127.0.0.1/x' }, format: 'json' as const, minSeverity: 'low' as const, versions: 'all' as const, maxAttempts: 3, facility: 16, ...o });

describe('forwarder', () => {
  it('an outage is retried with doubling backoff for as long as it lasts, then everything arrives in order', async () => {
    const q = new MemoryQueue();
    for (let rev = 1; rev <= 3; rev++) q.push(alert({ rev }), rev === 3);
    const down: Outcome = { ok: false, kind: 'unavailable', reason: 'ECONNREFUSED' };
    const t = new Scripted(1, Array(12).fill(down));
    const clock = fakeClock();
    const f = new Forwarder(spec(), q, t, clock, { baseMs: 100, maxMs: 1000 });
    expect(await f.drain(new AbortController().signal)).toBe(true);
    expect(clock.slept).toEqual([100, 200, 400, 800, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]);
    expect(t.got.flat().map((m) => m.alert.rev)).toEqual([1, 2, 3]);
    expect(f.stats).toMatchObject({ sent: 3, failures: 12, retried: 12, deadLettered: 0 });
    expect(q.deadCount()).toBe(0);
  });

  it('a rejected version goes to the dead letters after max_attempts; the next ones still go', async () => {
    const q = new MemoryQueue();
    q.push(alert({ id: 'a', rev: 1 }), true);
    q.push(alert({ id: 'b', rev: 1 }), true);
    const rejected: Outcome = { ok: false, kind: 'rejected', reason: 'HTTP 400' };
    const t = new Scripted(1, [rejected, rejected, rejected]);
    const f = new Forwarder(spec({ maxAttempts: 3 }), q, t, fakeClock(), { baseMs: 1, maxMs: 1 });
    expect(await f.drain(new AbortController().signal)).toBe(true);
    expect(q.dead.map((d) => [d.item.alert.id, d.reason, d.attempts])).toEqual([['a', 'HTTP 400', 3]]);
    expect(t.got.flat().map((m) => m.alert.id)).toEqual(['b']);
    expect(f.stats.deadLettered).toBe(1);
  });

  it('filters by severity and final; a batch is sent again whole after a failure', async () => {
    const q = new MemoryQueue();
    q.push(alert({ id: 'low', severity: 'low', rev: 1 }), true);
    q.push(alert({ id: 'x', rev: 1 }), false);
    q.push(alert({ id: 'x', rev: 2 }), true);
    q.push(alert({ id: 'y', rev: 1, severity: 'critical' }), true);
    const t = new Scripted(10, [{ ok: false, kind: 'unavailable', reason: 'closed' }]);
    const f = new Forwarder(spec({ minSeverity: 'high', versions: 'final' }), q, t, fakeClock(), { baseMs: 1, maxMs: 1 });
    expect(await f.drain(new AbortController().signal)).toBe(true);
    expect(t.got.map((b) => b.map((m) => `${m.alert.id}#${m.alert.rev}`))).toEqual([['x#2', 'y#1']]);
    expect(f.stats).toMatchObject({ sent: 2, filtered: 2, retried: 2 });
  });

  it('a queue that fails to record a delivery (store unavailable) is retried: the version is sent again, nothing skipped', async () => {
    const q = new MemoryQueue();
    q.push(alert({ rev: 1 }), false);
    q.push(alert({ rev: 2 }), true);
    let failAcks = 1;
    const ack = q.ack.bind(q);
    q.ack = (items, d) => { if (failAcks-- > 0) throw new Error('store unavailable'); ack(items, d); };
    const t = new Scripted(1, []);
    const logs: string[] = [];
    const f = new Forwarder(spec(), q, t, fakeClock(), { baseMs: 1, maxMs: 1 }, (l) => logs.push(l));
    expect(await f.drain(new AbortController().signal)).toBe(true);
    expect(t.got.flat().map((m) => m.alert.rev)).toEqual([1, 1, 2]);
    expect(logs).toEqual(['forward test: queue error: store unavailable; retrying']);
  });

  it('drain gives up when its signal aborts and says versions are left', async () => {
    const q = new MemoryQueue();
    q.push(alert(), true);
    const t = new Scripted(1, Array(1000).fill({ ok: false, kind: 'unavailable', reason: 'ECONNREFUSED' }));
    const stop = new AbortController();
    const clock = fakeClock();
    const f = new Forwarder(spec(), q, t, { ...clock, sleep: async (ms, s) => { await clock.sleep(ms, s); if (clock.slept.length === 5) stop.abort(); } }, { baseMs: 10, maxMs: 10 });
    expect(await f.drain(stop.signal)).toBe(false);
    expect(q.pending()).toBe(1);
    expect(f.stats.lastError).toBe('ECONNREFUSED');
  });
});
