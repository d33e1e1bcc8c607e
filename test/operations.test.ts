// docs/operations.md, item by item: the systemd unit (its serve command, stopped by SIGTERM),
// the reverse-proxy stance (forwarded headers change nothing), an online backup taken while a
// server ingests, retention (db prune, serve --retain: old events gone, alerts kept, the engine
// after a restart the same as without pruning), the metrics the guide names, token rotation.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { writeScenarios, writeFleet } from '../src/simulate/index.js';
import { startServer } from '../src/server/start.js';
import { createToken } from '../src/store/tokens.js';
import { CLI, ROOT, ct, tmp } from './helpers.js';
import { api, exited, spawnServe, waitFor } from './server-helpers.js';

const run = promisify(execFile);
const DAY = 86_400_000;

/** the lines of `text` moved by `shift` ms, with their ids (and so their de-duplication keys) prefixed */
function shifted(text: string, shift: number, prefix: string): string {
  return text.split('\n').filter(Boolean).map((l) => {
    const e = JSON.parse(l);
    e.ts += shift;
    if (e.id) e.id = prefix + e.id;
    return JSON.stringify(e);
  }).join('\n') + '\n';
}

const count = (db: string, sql: string): number => {
  const d = new Database(db, { readonly: true });
  try { return (d.prepare(sql).get() as { n: number }).n; } finally { d.close(); }
};

let dir: string, lib: string, policy: string;
beforeAll(async () => {
  dir = tmp('ct-ops-');
  await writeScenarios(join(dir, 'sc'), { scenario: 'all', seed: 1 });
  lib = readFileSync(join(dir, 'sc/all.ndjson'), 'utf8');
  policy = join(dir, 'sc/policy.yaml');
}, 60_000);

describe('systemd unit (deploy/ciphertrail.service)', () => {
  const unit = readFileSync(join(ROOT, 'deploy/ciphertrail.service'), 'utf8');
  const key = (k: string) => new RegExp(`^${k}=(.*)$`, 'm').exec(unit)?.[1];

  it('runs serve with options serve knows, stops it with SIGTERM within TimeoutStopSec, reloads with SIGHUP', () => {
    const exec = key('ExecStart')!;
    expect(exec).toMatch(/ciphertrail serve /);
    const help = ct(['serve', '--help']).stdout;
    for (const opt of exec.match(/--[a-z-]+/g)!) expect(help, opt).toContain(opt);
    expect(key('KillSignal')).toBe('SIGTERM');
    expect(key('ExecReload')).toContain('-HUP');
    const grace = Number(/--grace (\d+)s/.exec(exec)![1]);
    expect(Number(key('TimeoutStopSec'))).toBeGreaterThan(grace);
  });

  it('the unit\'s serve command, as systemd runs it, stops on SIGTERM: exit 0, a clean-stop line, the store intact', async () => {
    const state = tmp('ct-unit-');
    writeFileSync(join(state, 'policy.yaml'), readFileSync(policy));
    // the unit's ExecStart with the paths moved into a temp folder and a free port
    const args = key('ExecStart')!.replace(/^\/usr\/bin\/env ciphertrail /, '').split(' ')
      .map((a) => a.replace('/var/lib/ciphertrail', state).replace('/etc/ciphertrail', state)).map((a) => (a === '8731' ? '0' : a));
    const db = join(state, 'ciphertrail.db');
    const token = createToken(db, ['admin'], 'ops');
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => { err += d; });
    const url = await new Promise<string>((res) => child.stdout!.on('data', (d) => { const m = /^(http:\/\/\S+)\n/m.exec(String(d)); if (m) res(m[1]); }));
    const r = await api(url, token).post('/v1/events', lib);
    expect(r.json.accepted).toBe(lib.split('\n').filter(Boolean).length);
    const t0 = Date.now();
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(err).toMatch(/SIGTERM, closing/);
    expect(count(db, 'SELECT COUNT(*) AS n FROM events')).toBe(r.json.accepted);
  }, 60_000);
});

describe('behind a TLS reverse proxy', () => {
  it('forwarded headers are not trusted: they neither authenticate nor change an answer; the default host is loopback', async () => {
    expect(ct(['serve', '--help']).stdout).toMatch(/--host .*\n?.*127\.0\.0\.1|default 127\.0\.0\.1/);
    const db = join(tmp('ct-proxy-'), 'ct.db');
    const token = createToken(db, ['read'], 'viewer');
    const s = await startServer({ port: 0, db, log: () => undefined });
    try {
      expect(new URL(s.url).hostname).toBe('127.0.0.1');
      const fwd = { 'X-Forwarded-For': '10.1.2.3', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'soc.example.com', Forwarded: 'for=10.1.2.3;proto=https', 'X-Real-IP': '10.1.2.3' };
      expect((await fetch(`${s.url}/v1/alerts`, { headers: fwd })).status).toBe(401);
      const plain = await (await fetch(`${s.url}/v1/alerts`, { headers: { authorization: `Bearer ${token}` } })).text();
      const proxied = await (await fetch(`${s.url}/v1/alerts`, { headers: { ...fwd, authorization: `Bearer ${token}` } })).text();
      expect(proxied).toBe(plain);
      const doc = await (await fetch(`${s.url}/v1/openapi.json`, { headers: fwd })).json() as { servers: { url: string }[] };
      expect(doc.servers[0].url).toBe('http://127.0.0.1:8731');
    } finally { await s.close(); }
  });
});

describe('db backup while the server ingests', () => {
  it('takes a consistent, checked copy mid-ingest; a server started on the copy has its events and tokens', async () => {
    const d = tmp('ct-backup-');
    await writeFleet(join(d, 'fleet.ndjson'), { devices: 40, hours: 2, seed: 5 });
    const lines = readFileSync(join(d, 'fleet.ndjson'), 'utf8').split('\n').filter(Boolean);
    const db = join(d, 'ct.db');
    const token = ct(['token', 'create', '--db', db, '--scope', 'admin']).stdout.trim();
    const { child, url } = await spawnServe(['--db', db]);
    const c = api(url, token);
    let sent = 0, acked = 0, during = 0, backupDone = false;
    const batches: string[] = [];
    for (let i = 0; i < lines.length; i += 500) batches.push(lines.slice(i, i + 500).join('\n') + '\n');
    const ingest = (async () => {
      for (const b of batches) {
        const r = await c.post('/v1/events', b);
        expect(r.status).toBe(200);
        sent++;
        acked += r.json.accepted;
        if (!backupDone && sent > 3) during++;
      }
    })();
    await waitFor('a few batches in', async () => sent >= 3);
    const out = join(d, 'backup.db');
    const ackedBefore = acked;
    const b = await run(process.execPath, [CLI, 'db', 'backup', out, '--db', db, '--json']);
    backupDone = true;
    await ingest;
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    const r = JSON.parse(b.stdout) as { events: number; schema: number; out: string };
    expect(during, 'batches acknowledged while the backup ran').toBeGreaterThan(0);
    expect(r.events).toBeGreaterThanOrEqual(ackedBefore);
    expect(r.events).toBeLessThanOrEqual(acked);
    expect(existsSync(out)).toBe(true);
    const copy = new Database(out, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    // restore = start on the copy: its events, and the token stored in it, work
    const restored = await spawnServe(['--db', out]);
    const h = await api(restored.url).get('/healthz');
    expect(h.json.events).toBe(r.events);
    expect((await api(restored.url, token).get('/v1/alerts')).status).toBe(200);
    restored.child.kill('SIGTERM');
    expect(await exited(restored.child)).toBe(0);
    // a backup never overwrites
    await expect(run(process.execPath, [CLI, 'db', 'backup', out, '--db', db])).rejects.toThrow(/exists/);
  }, 120_000);
});

describe('retention', () => {
  /** a db holding the scenario library three days back (ids "old-") and as simulated */
  async function twoPeriods(): Promise<{ db: string; oldEvents: number; newEvents: number }> {
    const db = join(tmp('ct-retain-'), 'ct.db');
    const token = createToken(db, ['admin'], 'ops');
    const s = await startServer({ port: 0, db, policyPath: policy, idleFlushMs: 50, log: () => undefined });
    const c = api(s.url, token);
    const a = await c.post('/v1/events', shifted(lib, -3 * DAY, 'old-'));
    const b = await c.post('/v1/events', lib);
    await s.close();
    return { db, oldEvents: a.json.accepted, newEvents: b.json.accepted };
  }

  /** restart on `db`, ingest the library three days on (ids "new-"), and the alerts of that period */
  async function thenLater(db: string): Promise<unknown[]> {
    const token = createToken(db, ['admin'], 'later');
    const s = await startServer({ port: 0, db, policyPath: policy, idleFlushMs: 50, log: () => undefined });
    try {
      const c = api(s.url, token);
      expect((await c.post('/v1/events', shifted(lib, 3 * DAY, 'new-'))).status).toBe(200);
      const start = JSON.parse(lib.split('\n')[0]).ts + 3 * DAY;
      await new Promise((r) => setTimeout(r, 300)); // idle flush
      const all = (await c.get('/v1/alerts?limit=500')).json.alerts as { id: string; rev: number; score: number; severity: string; final: boolean; first_ts: number; evidence: string[] }[];
      return all.filter((x) => x.first_ts >= start).map((x) => [x.id, x.rev, x.score, x.severity, x.final, x.evidence.length]).sort();
    } finally { await s.close(); }
  }

  it('db prune --before 2d: the old period\'s events are gone, every alert is kept, and the engine after a restart finds what it finds unpruned', async () => {
    const { db, oldEvents, newEvents } = await twoPeriods();
    const control = db.replace('ct.db', 'control.db');
    copyFileSync(db, control);
    const alertsBefore = count(db, 'SELECT COUNT(*) AS n FROM alerts');
    const versionsBefore = count(db, 'SELECT COUNT(*) AS n FROM alert_versions');
    expect(alertsBefore).toBeGreaterThan(20);
    const p = ct(['db', 'prune', '--before', '2d', '--db', db, '--json']);
    expect(p.status, p.stderr).toBe(0);
    const r = JSON.parse(p.stdout);
    expect(r.deleted).toBe(oldEvents);
    expect(r.kept).toBe(newEvents);
    expect(count(db, "SELECT COUNT(*) AS n FROM events WHERE id LIKE 'old-%'")).toBe(0);
    expect(count(db, 'SELECT COUNT(*) AS n FROM alerts')).toBe(alertsBefore);
    expect(count(db, 'SELECT COUNT(*) AS n FROM alert_versions')).toBe(versionsBefore);
    const pruned = await thenLater(db);
    expect(pruned.length).toBeGreaterThan(10);
    expect(pruned).toEqual(await thenLater(control));
  }, 120_000);

  it('a cut-off inside what a restart replays is moved back, and says so', async () => {
    const { db, newEvents } = await twoPeriods();
    const p = ct(['db', 'prune', '--before', '1m', '--db', db]);
    expect(p.status, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/moved back to keep what a restart replays/);
    expect(count(db, 'SELECT COUNT(*) AS n FROM events')).toBeGreaterThan(0);
    expect(count(db, 'SELECT COUNT(*) AS n FROM events')).toBeLessThanOrEqual(newEvents);
    expect(ct(['db', 'prune', '--db', db]).status).toBe(2);
    expect(ct(['db', 'prune', '--before', 'soon', '--db', db]).stderr).toMatch(/--before: want/);
  }, 60_000);

  it('serve --retain 2d prunes the old period at start and keeps the alerts', async () => {
    const { db, newEvents } = await twoPeriods();
    const alerts = count(db, 'SELECT COUNT(*) AS n FROM alerts');
    const { child, url, stderr } = await spawnServe(['--db', db, '--policy', policy, '--retain', '2d']);
    const h = await api(url).get('/healthz');
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(h.json.events).toBe(newEvents);
    expect(h.json.alerts).toBe(alerts);
    expect(stderr()).toMatch(/retention pruned \d+ event\(s\) before /);
    expect(ct(['serve', '--retain', 'forever']).stderr).toMatch(/--retain: want/);
  }, 60_000);
});

describe('metrics and token rotation', () => {
  it('every metric docs/operations.md names is on /metrics', async () => {
    const guide = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
    const named = [...new Set([...guide.matchAll(/`(ciphertrail_[a-z_]+)/g)].map((m) => m[1]))];
    expect(named.length).toBeGreaterThan(8);
    const db = join(tmp('ct-metrics-'), 'ct.db');
    const token = createToken(db, ['admin'], 'ops');
    const s = await startServer({ port: 0, db, log: () => undefined });
    try {
      await api(s.url, token).post('/v1/events', lib);
      const text = (await api(s.url, token).get('/metrics')).text;
      // declared with its type; a labelled counter has samples once it counted (policy reloads)
      for (const m of named) expect(text, m).toMatch(new RegExp(`^# TYPE ${m} `, 'm'));
    } finally { await s.close(); }
  });

  it('rotation: a new token works at once, the old one stops at revoke, on a running server', async () => {
    const db = join(tmp('ct-rotate-'), 'ct.db');
    const old = ct(['token', 'create', '--db', db, '--scope', 'ingest', '--name', 'sensors-2025']).stdout.trim();
    const { child, url } = await spawnServe(['--db', db]);
    try {
      expect((await api(url, old).post('/v1/events', lib.split('\n')[0] + '\n')).status).toBe(200);
      const fresh = ct(['token', 'create', '--db', db, '--scope', 'ingest', '--name', 'sensors-2026']).stdout.trim();
      expect((await api(url, fresh).post('/v1/events', lib.split('\n')[1] + '\n')).status).toBe(200);
      const id = old.split('_')[1];
      expect(ct(['token', 'revoke', '--db', db, id]).status).toBe(0);
      expect((await api(url, old).post('/v1/events', lib.split('\n')[2] + '\n')).status).toBe(401);
      expect((await api(url, fresh).post('/v1/events', lib.split('\n')[2] + '\n')).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
  }, 60_000);
});
