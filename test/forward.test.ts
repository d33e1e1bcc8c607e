// Forwarding with real receivers: Debian's rsyslogd (started here on loopback ports, its RFC 5424
// parser's view of each message written to a file) and an HTTP receiver that checks signatures.
// detect, `serve` as a process (the scenario library to both outputs), receivers down during
// ingest then up, and kill -9 of the server while its queue holds versions.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CLI, ROOT, tmp } from './helpers.js';
import { pathToFileURL } from 'node:url';
import { api, exited, scenarioDir, spawnServe, waitFor } from './server-helpers.js';
import { HttpReceiver, Rsyslog, dedup, rsyslogInstalled, type SyslogRecord } from './forward-receivers.js';
import { parseCef, sdParams } from './syslog-parse.js';
import { freePort } from './nats-helpers.js';
import { createToken } from '../src/store/tokens.js';
import { startServer } from '../src/server/start.js';
import { parseSpec } from '../src/forward/spec.js';
import type { Alert, Issue } from '../src/model/index.js';

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const f of cleanups.splice(0)) await f();
});

async function rsyslog(): Promise<Rsyslog> { const r = await Rsyslog.start(); cleanups.push(() => r.stop()); return r; }
async function receiver(secret?: Buffer, o?: { port?: number; listen?: boolean }): Promise<HttpReceiver> { const r = await HttpReceiver.start(secret, o); cleanups.push(() => r.down()); return r; }

/** a ciphertrail command as a child process, awaited (the receivers run in this process) */
function ctAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '', stderr = '';
  child.stdout!.on('data', (d) => { stdout += d; });
  child.stderr!.on('data', (d) => { stderr += d; });
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}

function secretFile(): { path: string; secret: Buffer } {
  const secret = Buffer.from(randomBytes(32).toString('hex'));
  const path = join(tmp('ct-fwd-secret-'), 'webhook.secret');
  writeFileSync(path, secret.toString() + '\n', { mode: 0o600 });
  return { path, secret };
}

/** the Node verification snippet of docs/forwarding.md, reading `secretPath` */
async function docsVerifier(secretPath: string): Promise<(headers: Record<string, string>, body: string) => boolean> {
  const doc = readFileSync(join(ROOT, 'docs/forwarding.md'), 'utf8');
  const block = /```js\n((?:(?!```)[\s\S])*export function verifyCiphertrail[\s\S]*?)```/.exec(doc);
  if (!block) throw new Error('no verification snippet in docs/forwarding.md');
  const file = join(tmp('ct-fwd-doc-'), 'verify.mjs');
  writeFileSync(file, block[1].replace("'/etc/ciphertrail/webhook.secret'", JSON.stringify(secretPath)));
  return (await import(pathToFileURL(file).href)).verifyCiphertrail;
}

const SYSLOG_SEVERITY = { critical: 2, high: 3, medium: 4, low: 5 } as const;
const CEF_SEVERITY = { low: '3', medium: '5', high: '8', critical: '10' } as const;

/** what rsyslog parsed matches the alert version: header fields, SD params and the CEF body */
function expectSyslogCef(r: SyslogRecord, a: Alert, final: boolean): void {
  expect(r).toMatchObject({ version: '1', app: 'ciphertrail', procid: '-', msgid: 'ALERT', pri: String(16 * 8 + SYSLOG_SEVERITY[a.severity]) });
  expect(new Date(r.timestamp).getTime()).toBe(a.last_ts);
  expect(sdParams(r.sd)).toEqual({ id: a.id, rev: String(a.rev), final: String(final), severity: a.severity, device: a.device, app: a.app });
  const { header, ext } = parseCef(r.msg);
  expect(header.slice(0, 5)).toEqual(['CEF:0', 'ciphertrail', 'ciphertrail', '0.1.0', 'AN1731']);
  expect(header[6]).toBe(CEF_SEVERITY[a.severity]);
  expect(ext).toMatchObject({
    externalId: a.id, cn1: String(a.rev), cs1: String(final), cn2: String(a.score), cfp1: String(a.confidence), deviceExternalId: a.device, sproc: a.app,
    start: String(a.first_ts), end: String(a.last_ts), cs4: a.exposure.destinations.join(','), cn3: String(a.exposure.bytes_sent), msg: a.summary,
  });
}

const versionsOf = (db: string, where = '1 = 1') => {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare(`SELECT alert_id, rev, final, json FROM alert_versions WHERE ${where} ORDER BY seq`).all() as { alert_id: string; rev: number; final: number; json: string }[])
      .map((r) => ({ id: r.alert_id, rev: r.rev, final: r.final === 1, alert: JSON.parse(r.json) as Alert }));
  } finally { d.close(); }
};

const metric = (text: string, name: string, output: string): number => {
  const m = new RegExp(`^${name}\\{output="${output.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"\\} (\\d+)$`, 'm').exec(text);
  if (!m) throw new Error(`no ${name} for ${output} in /metrics`);
  return Number(m[1]);
};

describe.skipIf(!rsyslogInstalled)('forwarding to real receivers', () => {
  it('detect: every final alert reaches rsyslog as RFC 5424 (CEF over TCP, JSON over UDP) and a signed webhook (OCSF)', async () => {
    const scen = await scenarioDir();
    const rs = await rsyslog();
    const { path: sf, secret } = secretFile();
    const http = await receiver(secret);
    const r = await ctAsync(['detect', join(scen, 'all.ndjson'), '--policy', join(scen, 'policy.yaml'),
      '--forward', `syslog:tcp://127.0.0.1:${rs.tcpPort}`, '--forward', `syslog:udp://127.0.0.1:${rs.udpPort},format=json`,
      '--forward', `webhook:${http.url},format=ocsf`, '--forward-secret-file', sf]);
    expect(r.status, r.stderr).toBe(0);
    const alerts = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Alert);
    expect(alerts.length).toBeGreaterThanOrEqual(10);
    const records = await rs.waitRecords(2 * alerts.length);
    const tcp = records.filter((x) => x.input === 'tcp');
    const udp = records.filter((x) => x.input === 'udp');
    expect(tcp).toHaveLength(alerts.length);
    expect(udp).toHaveLength(alerts.length);
    const byId = new Map(alerts.map((a) => [a.id, a]));
    for (const x of tcp) expectSyslogCef(x, byId.get(sdParams(x.sd).id)!, true);
    expect(new Set(tcp.map((x) => sdParams(x.sd).id))).toEqual(new Set(byId.keys()));
    for (const x of udp) {
      const a = byId.get(sdParams(x.sd).id)!;
      expect(JSON.parse(x.msg)).toEqual({ ...a, final: true });
    }
    expect(http.refused).toEqual([]);
    expect(http.deliveries).toHaveLength(alerts.length);
    for (const d of http.deliveries) {
      const a = byId.get(d.id)!;
      expect(d.json).toMatchObject({ class_uid: 2004, finding_info: { uid: a.id }, metadata: { uid: `${a.id}#${a.rev}` }, unmapped: { rev: a.rev, final: true } });
      expect(d.rev).toBe(a.rev);
    }
    expect(r.stderr).toMatch(new RegExp(`forward syslog:tcp://127\\.0\\.0\\.1:${rs.tcpPort}: ${alerts.length} version\\(s\\) delivered`));
    // the verification snippet of docs/forwarding.md, as a receiver would paste it
    const verify = await docsVerifier(sf);
    for (const d of http.deliveries) {
      expect(verify(d.headers, d.body)).toBe(true);
      expect(verify(d.headers, d.body.replace(`"${d.id}"`, '"an1731-forged"'))).toBe(false);
    }
    expect(r.stderr).not.toContain(secret.toString());
  });

  it('syslog+tls: delivered over TLS to rsyslog when the CA is given; refused (not delivered, exit 3) when the certificate cannot be verified', async () => {
    const scen = await scenarioDir();
    const rs = await rsyslog();
    const input = join(scen, 'anubis-rc4-b64.ndjson');
    const r = await ctAsync(['detect', input, '--forward', `syslog+tls://127.0.0.1:${rs.tlsPort},ca_file=${rs.cert},format=json`]);
    expect(r.status, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout.trim()) as Alert;
    const [rec] = await rs.waitRecords(1);
    expect(rec.input).toBe('tls');
    expect(sdParams(rec.sd)).toMatchObject({ id: a.id, rev: String(a.rev), final: 'true' });
    expect(JSON.parse(rec.msg)).toEqual({ ...a, final: true });
    // without the CA, the self-signed certificate is not trusted: nothing is sent in clear instead
    const u = await ctAsync(['detect', input, '--forward', `syslog+tls://127.0.0.1:${rs.tlsPort}`, '--forward-wait', '1s']);
    expect(u.status).toBe(3);
    expect(u.stderr).toMatch(/NOT delivered: 1 still queued after the wait, 0 dead-lettered \(last error: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/);
    expect(rs.records()).toHaveLength(1);
  });

  it('detect: a receiver that refuses the signature dead-letters every version; one that stays down is reported; both exit 3', async () => {
    const scen = await scenarioDir();
    const { path: sf, secret } = secretFile();
    const wrong = await receiver(Buffer.from('another-secret-of-32-characters!'));
    const r = await ctAsync(['detect', join(scen, 'anubis-rc4-b64.ndjson'), '--forward', `webhook:${wrong.url},max_attempts=1`, '--forward-secret-file', sf]);
    expect(r.status, r.stderr).toBe(3);
    expect(wrong.refused.length).toBeGreaterThan(0);
    expect(wrong.refused.every((x) => x.reason === 'bad signature')).toBe(true);
    expect(r.stderr).toMatch(/NOT delivered: 0 still queued after the wait, 1 dead-lettered \(last error: HTTP 401\)/);
    expect(r.stderr).not.toContain(secret.toString());

    const down = await receiver(undefined, { listen: false });
    const d = await ctAsync(['detect', join(scen, 'anubis-rc4-b64.ndjson'), '--forward', `webhook:${down.url}`, '--forward-wait', '1s']);
    expect(d.status, d.stderr).toBe(3);
    expect(d.stderr).toMatch(/NOT delivered: 1 still queued after the wait, 0 dead-lettered \(last error: ECONNREFUSED\)/);
    expect(d.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('serve --forward syslog:tcp --forward webhook on the scenario library delivers every final alert to both', async () => {
    const scen = await scenarioDir();
    const rs = await rsyslog();
    const { path: sf, secret } = secretFile();
    const http = await receiver(secret);
    const dir = tmp('ct-fwd-serve-');
    const db = join(dir, 'ct.db');
    const token = createToken(db, ['admin'], 'soc');
    const syslogSpec = `syslog:tcp://127.0.0.1:${rs.tcpPort}`;
    const s = await spawnServe(['--db', db, '--policy', join(scen, 'policy.yaml'), '--forward', syslogSpec, '--forward', `webhook:${http.url}`, '--forward-secret-file', sf]);
    children.push(s.child);
    const post = await api(s.url, token).post('/v1/events', readFileSync(join(scen, 'all.ndjson')));
    expect(post.status).toBe(200);
    await waitFor('engine idle', async () => /^ciphertrail_engine_buffered_events 0$/m.test((await api(s.url, token).get('/metrics')).text));
    const finals = await waitFor('final versions', async () => { const v = versionsOf(db, 'final = 1'); return v.length >= 10 && v; });
    const records = await rs.waitRecords(finals.length);
    await waitFor('webhook deliveries', async () => http.deliveries.length >= finals.length);
    // every final alert, once, in the server's numbering; no other version (versions=final)
    expect(records.map((x) => `${sdParams(x.sd).id}#${sdParams(x.sd).rev}`).sort()).toEqual(finals.map((v) => `${v.id}#${v.rev}`).sort());
    expect(http.deliveries.map((d) => `${d.id}#${d.rev}`).sort()).toEqual(finals.map((v) => `${v.id}#${v.rev}`).sort());
    const byKey = new Map(finals.map((v) => [`${v.id}#${v.rev}`, v]));
    for (const x of records) expectSyslogCef(x, byKey.get(`${sdParams(x.sd).id}#${sdParams(x.sd).rev}`)!.alert, true);
    for (const d of http.deliveries) expect(d.json).toEqual({ ...byKey.get(`${d.id}#${d.rev}`)!.alert, final: true });
    expect(http.refused).toEqual([]);
    // the alerts the server finalized are the ones detect finds on the same input (less those whose
    // window is still open at the end of the stream: detect closes them at the end of its input)
    const detected = (await ctAsync(['detect', join(scen, 'all.ndjson'), '--policy', join(scen, 'policy.yaml')])).stdout.trim().split('\n').map((l) => (JSON.parse(l) as Alert).id);
    expect(finals.every((v) => detected.includes(v.id))).toBe(true);
    expect(detected.length - finals.length).toBeLessThanOrEqual(1);

    const m = (await api(s.url, token).get('/metrics')).text;
    const hook = (await api(s.url, token).get('/v1/forward')).json.outputs.find((o: { name: string }) => o.name.startsWith('webhook:')).name as string;
    expect(metric(m, 'ciphertrail_forward_sent_total', syslogSpec)).toBe(finals.length);
    expect(metric(m, 'ciphertrail_forward_sent_total', hook)).toBe(finals.length);
    expect(metric(m, 'ciphertrail_forward_pending', syslogSpec)).toBe(0);
    expect(metric(m, 'ciphertrail_forward_dead_letters', hook)).toBe(0);
    const st = await ctAsync(['status', '--db', db, '--json']);
    expect(JSON.parse(st.stdout).outputs.map((o: { pending: number; dead: number }) => [o.pending, o.dead])).toEqual([[0, 0], [0, 0]]);
    expect(s.stderr()).not.toContain(secret.toString());
    console.log(`forward figures (serve, scenario library): ${JSON.stringify({ final_alerts: finals.length, syslog_received: records.length, webhook_received: http.deliveries.length, duplicates: 0, lost: 0 })}`);
    s.child.kill('SIGTERM');
    expect(await exited(s.child)).toBe(0);
  });

  it('receivers down during ingest, then up: every version arrives in rev order, nothing lost, duplicates only by id+rev', async () => {
    const scen = await scenarioDir();
    const rs = await rsyslog();
    const http = await receiver();
    const issues: Issue[] = [];
    const outputs = [parseSpec(`syslog:tcp://127.0.0.1:${rs.tcpPort},versions=all`, issues)!, parseSpec(`webhook:${http.url},versions=all`, issues)!];
    expect(issues).toEqual([]);
    const dir = tmp('ct-fwd-outage-');
    const db = join(dir, 'ct.db');
    const token = createToken(db, ['admin'], 'soc');
    const logs: string[] = [];
    const srv = await startServer({ port: 0, db, policyPath: join(scen, 'policy.yaml'), idleFlushMs: 100, log: (l) => logs.push(l), forward: { outputs, backoff: { baseMs: 50, maxMs: 400 } } });
    cleanups.unshift(() => srv.close());
    const metrics = async () => (await api(srv.url, token).get('/metrics')).text;
    const idle = () => waitFor('engine idle', async () => /^ciphertrail_engine_buffered_events 0$/m.test(await metrics()));
    const lines = readFileSync(join(scen, 'all.ndjson'), 'utf8').trim().split('\n');
    const cut = Math.floor(lines.length / 3);
    // a third with both receivers up (the syslog connection is open when rsyslog goes away)
    expect((await api(srv.url, token).post('/v1/events', lines.slice(0, cut).join('\n'))).status).toBe(200);
    await idle();
    const before = versionsOf(db).length;
    expect(before).toBeGreaterThan(0);
    await waitFor('first third delivered', async () => { const t = await metrics(); return outputs.every((o) => metric(t, 'ciphertrail_forward_pending', o.name) === 0); });
    await rs.stop();
    await http.down();
    for (let i = cut; i < lines.length; i += 500) expect((await api(srv.url, token).post('/v1/events', lines.slice(i, Math.min(i + 500, lines.length)).join('\n'))).status).toBe(200);
    await idle();
    const all = versionsOf(db);
    await waitFor('outage seen', async () => { const t = await metrics(); return outputs.every((o) => metric(t, 'ciphertrail_forward_up', o.name) === 0); });
    const m = await metrics();
    for (const o of outputs) expect(metric(m, 'ciphertrail_forward_pending', o.name)).toBe(all.length - before);
    await rs.launch();
    await http.up();
    const records = await rs.waitRecords(all.length, 30_000);
    await waitFor('webhook caught up', async () => dedup(http.deliveries).unique.size >= all.length, 30_000);
    const want = all.map((v) => `${v.id}#${v.rev}`).sort();
    const syslogKeys = records.map((x) => { const p = sdParams(x.sd); return { id: p.id, rev: Number(p.rev) }; });
    const sys = dedup(syslogKeys);
    const hook = dedup(http.deliveries);
    expect([...sys.unique.keys()].sort()).toEqual(want);
    expect([...hook.unique.keys()].sort()).toEqual(want);
    // in order per alert: the first arrival of each rev comes after the previous rev's
    for (const got of [[...sys.unique.values()], [...hook.unique.values()]]) {
      const seen = new Map<string, number>();
      for (const x of got) { expect(x.rev).toBe((seen.get(x.id) ?? 0) + 1); seen.set(x.id, x.rev); }
    }
    const m2 = (await api(srv.url, token).get('/metrics')).text;
    const figures = outputs.map((o) => ({
      output: o.name.startsWith('webhook') ? 'webhook' : 'syslog', versions: all.length,
      sent: metric(m2, 'ciphertrail_forward_sent_total', o.name), retried: metric(m2, 'ciphertrail_forward_retried_total', o.name),
      failures: metric(m2, 'ciphertrail_forward_failures_total', o.name),
      duplicates: o.name.startsWith('webhook') ? hook.duplicates : sys.duplicates, lost: 0,
    }));
    for (const f of figures) { expect(f.sent).toBe(all.length); expect(f.failures).toBeGreaterThan(0); }
    expect(metric(m2, 'ciphertrail_forward_pending', outputs[0].name)).toBe(0);
    expect(logs.some((l) => /unavailable \(ECONNREFUSED\); retrying with backoff/.test(l))).toBe(true);
    console.log(`forward figures (outage): ${JSON.stringify(figures)}`);
  });

  it('kill -9 of the server while its queue holds versions: they are sent after the restart, the delivered ones are not', async () => {
    const scen = await scenarioDir();
    const port = await freePort();
    const http = await receiver(undefined, { port });
    const dir = tmp('ct-fwd-kill-');
    const db = join(dir, 'ct.db');
    const token = createToken(db, ['admin'], 'soc');
    const args = ['--db', db, '--policy', join(scen, 'policy.yaml'), '--forward', `webhook:${http.url},versions=all`];
    const lines = readFileSync(join(scen, 'all.ndjson'), 'utf8').trim().split('\n');
    const half = Math.floor(lines.length / 2);

    // 1: the first half with the receiver up: delivered
    let s = await spawnServe(args);
    children.push(s.child);
    await api(s.url, token).post('/v1/events', lines.slice(0, half).join('\n'));
    const first = await waitFor('first half stored', async () => { const v = versionsOf(db); return v.length > 0 && v; });
    await waitFor('first half delivered', async () => {
      const st = (await api(s.url, token).get('/v1/forward')).json.outputs[0];
      return st.pending === 0 && /^ciphertrail_engine_buffered_events 0$/m.test((await api(s.url, token).get('/metrics')).text);
    });
    const delivered1 = http.deliveries.length;
    expect(delivered1).toBe(versionsOf(db).length);

    // 2: receiver down, the second half: queued in the database; kill -9
    await http.down();
    await api(s.url, token).post('/v1/events', lines.slice(half).join('\n'));
    await waitFor('engine idle', async () => /^ciphertrail_engine_buffered_events 0$/m.test((await api(s.url, token).get('/metrics')).text));
    const queued = (await api(s.url, token).get('/v1/forward')).json.outputs[0].pending as number;
    expect(queued).toBeGreaterThan(0);
    expect(queued).toBe(versionsOf(db).length - delivered1);
    s.child.kill('SIGKILL');
    await exited(s.child);

    // 3: receiver up, restart: the queued versions arrive, nothing delivered before is sent again
    await http.up();
    s = await spawnServe(args);
    children.push(s.child);
    const all = versionsOf(db);
    await waitFor('queue drained', async () => dedup(http.deliveries).unique.size >= all.length, 30_000);
    const { unique, duplicates } = dedup(http.deliveries);
    expect([...unique.keys()].sort()).toEqual(all.map((v) => `${v.id}#${v.rev}`).sort());
    expect(duplicates).toBe(0);
    expect(http.deliveries.slice(delivered1).map((d) => `${d.id}#${d.rev}`)).toEqual(all.slice(delivered1).map((v) => `${v.id}#${v.rev}`));
    expect(first.length).toBeGreaterThan(0);
    console.log(`forward figures (kill -9): ${JSON.stringify({ versions: all.length, delivered_before_kill: delivered1, queued_at_kill: queued, resent_after_restart: http.deliveries.length - delivered1, duplicates, lost: all.length - unique.size })}`);
    s.child.kill('SIGTERM');
    expect(await exited(s.child)).toBe(0);
  });
});

describe('dead letters and the bounded queue (serve)', () => {
  it('a receiver that rejects: each version dead-lettered after max_attempts, in /metrics, /v1/forward and status --db; past max_pending the oldest go as queue_full', async () => {
    const scen = await scenarioDir();
    const http = await receiver();
    http.status = 400;
    const down = await receiver(undefined, { listen: false });
    const issues: Issue[] = [];
    const outputs = [parseSpec(`webhook:${http.url},versions=all,max_attempts=2,name=rejecting`, issues)!, parseSpec(`webhook:${down.url},versions=all,name=down`, issues)!];
    expect(issues).toEqual([]);
    const dir = tmp('ct-fwd-dead-');
    const db = join(dir, 'ct.db');
    const token = createToken(db, ['read'], 'soc');
    const ingest = createToken(db, ['ingest'], 'sensor');
    const srv = await startServer({ port: 0, db, idleFlushMs: 100, log: () => undefined, forward: { outputs, backoff: { baseMs: 5, maxMs: 20 }, maxPending: 10 } });
    cleanups.unshift(() => srv.close());
    expect((await api(srv.url, ingest).post('/v1/events', readFileSync(join(scen, 'all.ndjson')))).status).toBe(200);
    await waitFor('engine idle', async () => /^ciphertrail_engine_buffered_events 0$/m.test((await api(srv.url, token).get('/metrics')).text));
    const all = versionsOf(db);
    expect(all.length).toBeGreaterThan(10);
    const st = await waitFor('rejections dead-lettered', async () => {
      const j = (await api(srv.url, token).get('/v1/forward')).json;
      const o = j.outputs.find((x: { name: string }) => x.name === 'rejecting');
      return o.dead === all.length && j;
    });
    expect(http.deliveries).toEqual([]);
    // each version the receiver saw was refused twice, then dead-lettered; the backlog past
    // max_pending meanwhile went as queue_full
    // (the route lists the newest 100 dead letters of all outputs: every one is read from the database)
    const rejecting = new Database(db, { readonly: true }).prepare("SELECT reason, attempts FROM forward_dead WHERE output = 'rejecting'").all() as { reason: string; attempts: number }[];
    expect(st.dead_letters.length).toBe(Math.min(100, all.length + st.outputs.find((x: { name: string }) => x.name === 'down').dead));
    expect(rejecting).toHaveLength(all.length);
    const refusedByUs = rejecting.filter((d) => d.reason === 'HTTP 400');
    expect(refusedByUs.length).toBeGreaterThan(0);
    expect(refusedByUs.every((d) => d.attempts === 2)).toBe(true);
    expect(rejecting.every((d) => d.reason === 'HTTP 400' || d.reason === 'queue_full')).toBe(true);
    expect(http.refused).toHaveLength(2 * refusedByUs.length);
    // the output that cannot connect holds the newest max_pending versions; older ones are queue_full
    const downSt = st.outputs.find((x: { name: string }) => x.name === 'down');
    expect(downSt.pending).toBeLessThanOrEqual(10);
    expect(downSt.dead).toBe(all.length - downSt.pending);
    expect(st.dead_letters.filter((d: { output: string; reason: string }) => d.output === 'down').every((d: { reason: string }) => d.reason === 'queue_full')).toBe(true);
    const m = (await api(srv.url, token).get('/metrics')).text;
    expect(metric(m, 'ciphertrail_forward_dead_letters', 'rejecting')).toBe(all.length);
    expect(metric(m, 'ciphertrail_forward_sent_total', 'rejecting')).toBe(0);
    const text = await ctAsync(['status', '--db', db]);
    expect(text.stdout).toMatch(new RegExp(`^forward rejecting: 0 version\\(s\\) not yet delivered, ${all.length} dead-lettered`, 'm'));
    expect(text.stdout).toMatch(/rejecting an1731-\S+ rev \d+: HTTP 400 after 2 attempt\(s\)/);
  });
});

describe('forwarding options', () => {
  it('a bad SPEC or config file stops serve, worker and detect with exit 2 and every problem; a missing secret file names the file', async () => {
    const dir = tmp('ct-fwd-args-');
    const cfg = join(dir, 'forward.yaml');
    writeFileSync(cfg, 'forward:\n  - url: webhook:http://siem.example/x\n  - url: syslog:tcp://127.0.0.1:514\n    versions: some\n');
    const scen = await scenarioDir();
    const d = await ctAsync(['detect', join(scen, 'anubis-rc4-b64.ndjson'), '--forward-config', cfg]);
    expect(d.status).toBe(2);
    expect(d.stderr).toContain(`${cfg}:2: invalid_output [forward[0].url]: webhook over plain http is only allowed to a loopback address`);
    expect(d.stderr).toContain(`${cfg}:4: invalid_value [forward[1].versions]: want final or all, got 'some'`);
    expect(d.stdout).toBe('');
    const s = await ctAsync(['serve', '--port', '0', '--db', join(dir, 'ct.db'), '--forward', 'syslog:tcp://127.0.0.1']);
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/syslog: want HOST:PORT/);
    const w = await ctAsync(['worker', '--nats', 'nats://127.0.0.1:1', '--forward', 'webhook:https://h/x', '--forward-secret-file', join(dir, 'missing.secret')]);
    expect(w.status).toBe(2);
    expect(w.stderr).toMatch(/read_error: cannot read .*missing\.secret: ENOENT/);
    const missing = await ctAsync(['detect', join(scen, 'anubis-rc4-b64.ndjson'), '--forward', 'webhook:https://relay.example/x', '--forward-secret-file', join(dir, 'missing.secret')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*missing\.secret: ENOENT/);
    const help = await ctAsync(['serve', '--help']);
    expect(help.stdout).toMatch(/--forward SPEC/);
  });
});
