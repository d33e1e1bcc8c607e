// `ciphertrail serve` and `ciphertrail token` as child processes of the built CLI (npm run build
// first): token creation, SIGHUP policy reload, SIGTERM, and kill -9 restart safety.
import { afterEach, describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { ct, tmp } from './helpers.js';
import { api, exited, scenarioDir, secretOf, spawnServe, waitFor } from './server-helpers.js';
import { startServer } from '../src/server/start.js';

const children: ChildProcess[] = [];
afterEach(() => { for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); });

async function serve(args: string[]) {
  const s = await spawnServe(args);
  children.push(s.child);
  return s;
}

const alertsOf = async (url: string, token: string) => (await api(url, token).get('/v1/alerts?limit=500')).json.alerts as any[];

describe('token command', () => {
  test('create prints the token alone; list shows no secret; bad scopes are usage errors', () => {
    const db = join(tmp('ct-tok-'), 'sub', 'ct.db');
    const r = ct(['token', 'create', '--db', db, '--scope', 'ingest,read', '--name', 'collector']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ct_[0-9a-f]{8}_[A-Za-z0-9_-]{43}\n$/);
    const token = r.stdout.trim();
    const l = ct(['token', 'list', '--db', db, '--json']);
    const list = JSON.parse(l.stdout);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: token.split('_')[1], name: 'collector', scopes: ['ingest', 'read'], revoked_at: null });
    expect(l.stdout).not.toContain(secretOf(token));
    expect(ct(['token', 'create', '--db', db, '--scope', 'ingest,write']).status).toBe(2);
    expect(ct(['token', 'create', '--db', db]).status).toBe(2);
    expect(ct(['token', 'revoke', '--db', db, list[0].id]).status).toBe(0);
    expect(JSON.parse(ct(['token', 'list', '--db', db, '--json']).stdout)[0].revoked_at).toBeGreaterThan(0);
    const help = ct(['serve', '--help']);
    expect(help.stdout).toMatch(/--policy FILE/);
    expect(ct(['serve', '--port', 'x']).status).toBe(2);
  });
});

describe('serve process', () => {
  test('SIGHUP re-reads --policy FILE: invalid keeps the old one, valid applies; SIGTERM exits 0', async () => {
    const dir = tmp('ct-hup-');
    const db = join(dir, 'ct.db');
    const policy = join(dir, 'policy.yaml');
    writeFileSync(policy, 'thresholds:\n  time_window: 10m\n');
    const token = ct(['token', 'create', '--db', db, '--scope', 'read']).stdout.trim();
    const s = await serve(['--db', db, '--policy', policy]);
    const get = async () => (await api(s.url, token).get('/v1/policy')).json;
    expect((await get()).policy.thresholds.time_window).toBe(600_000);

    writeFileSync(policy, 'thresholds:\n  time_wndow: 5m\n');
    s.child.kill('SIGHUP');
    await waitFor('refusal logged', async () => /policy reload refused/.test(s.stderr()));
    expect(s.stderr()).toMatch(/unknown_key \[thresholds\.time_wndow\]/);
    expect((await get()).text).toBe('thresholds:\n  time_window: 10m\n');

    writeFileSync(policy, 'thresholds:\n  time_window: 5m\n');
    s.child.kill('SIGHUP');
    const g = await waitFor('new policy', async () => { const x = await get(); return x.policy.thresholds.time_window === 300_000 ? x : undefined; });
    expect(g).toMatchObject({ source: 'file', path: policy, text: 'thresholds:\n  time_window: 5m\n' });
    const m = (await api(s.url, token).get('/metrics')).text;
    expect(m).toMatch(/^ciphertrail_policy_reloads_total\{result="invalid"\} 1$/m);
    expect(m).toMatch(/^ciphertrail_policy_reloads_total\{result="ok"\} 1$/m);

    s.child.kill('SIGTERM');
    expect(await exited(s.child)).toBe(0);
  });

  test('an invalid --policy file at start exits 2 with every problem', async () => {
    const dir = tmp('ct-badpol-');
    writeFileSync(join(dir, 'p.yaml'), 'thresholds:\n  time_wndow: 5m\nseverity:\n  high: 500\n');
    const r = ct(['serve', '--port', '0', '--db', join(dir, 'ct.db'), '--policy', join(dir, 'p.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/time_wndow/);
    expect(r.stderr).toMatch(/severity\.high/);
  });

  test('kill -9 loses no acknowledged event, and a chain spanning two restarts is found as if uninterrupted', async () => {
    const scen = await scenarioDir();
    const policy = join(scen, 'policy.yaml');
    const lines = readFileSync(join(scen, 'anubis-rc4-b64.ndjson'), 'utf8').trim().split('\n');

    // reference: one uninterrupted server
    const refDir = tmp('ct-ref-');
    const refToken = ct(['token', 'create', '--db', join(refDir, 'ct.db'), '--scope', 'admin']).stdout.trim();
    const ref = await startServer({ port: 0, db: join(refDir, 'ct.db'), policyPath: policy, idleFlushMs: 100, log: () => undefined });
    await api(ref.url, refToken).post('/v1/events', lines.join('\n'));
    const expected = await waitFor('reference alert', async () => {
      const m = await api(ref.url, refToken).get('/metrics');
      return /^ciphertrail_engine_buffered_events 0$/m.test(m.text) && (await alertsOf(ref.url, refToken));
    });
    await ref.close();
    expect(expected).toHaveLength(1);

    const dir = tmp('ct-kill-');
    const db = join(dir, 'ct.db');
    const token = ct(['token', 'create', '--db', db, '--scope', 'admin']).stdout.trim();
    // 1: everything before the first send (app facts, the literal key, background, first encryption): no alert yet
    const cut1 = lines.findIndex((l) => JSON.parse(l).type === 'net.send');
    const cut2 = Math.floor(lines.length / 2);
    let s = await serve(['--db', db, '--policy', policy]);
    const r1 = await api(s.url, token).post('/v1/events', lines.slice(0, cut1).join('\n'));
    expect(r1.json).toMatchObject({ accepted: cut1, rejected: 0 });
    s.child.kill('SIGKILL');
    await exited(s.child);

    // 2: restart on the same db, the second quarter, kill -9 again
    s = await serve(['--db', db, '--policy', policy]);
    expect((await api(s.url).get('/healthz')).json.events).toBe(cut1);
    const r2 = await api(s.url, token).post('/v1/events', lines.slice(cut1, cut2).join('\n'));
    expect(r2.json).toMatchObject({ accepted: cut2 - cut1, duplicates: 0 });
    await waitFor('alert before the second crash', async () => (await alertsOf(s.url, token)).length > 0);
    s.child.kill('SIGKILL');
    await exited(s.child);

    // 3: restart, the rest (with an overlap that is de-duplicated)
    s = await serve(['--db', db, '--policy', policy]);
    expect((await api(s.url).get('/healthz')).json.events).toBe(cut2);
    const r3 = await api(s.url, token).post('/v1/events', lines.slice(cut2 - 5).join('\n'));
    expect(r3.json).toMatchObject({ accepted: lines.length - cut2, duplicates: 5 });
    const got = await waitFor('final state', async () => {
      const m = await api(s.url, token).get('/metrics');
      return /^ciphertrail_engine_buffered_events 0$/m.test(m.text) && (await alertsOf(s.url, token));
    });
    expect(got).toHaveLength(1);
    const strip = (a: any) => ({ ...a, rev: 0, updated_at: 0 });
    expect(strip(got[0])).toEqual(strip(expected[0]));
    expect(got[0].evidence).toContain(JSON.parse(lines[cut1 - 1]).id);
    expect(s.stderr()).toMatch(/engine rebuilt from \d+ stored event/);

    // no duplicate versions: every stored version differs from the previous one
    s.child.kill('SIGKILL');
    await exited(s.child);
    const d = new Database(db, { readonly: true });
    const versions = (d.prepare('SELECT rev, json FROM alert_versions ORDER BY rev').all() as { rev: number; json: string }[])
      .map((v) => JSON.stringify({ ...JSON.parse(v.json), rev: 0 }));
    expect(new Set(versions).size).toBe(versions.length);
    expect((d.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(lines.length);
    d.close();

    // a plain restart (same policy) re-emits nothing new
    s = await serve(['--db', db, '--policy', policy]);
    await new Promise((r) => setTimeout(r, 400));
    const again = await alertsOf(s.url, token);
    expect(again[0].rev).toBe(got[0].rev);
    s.child.kill('SIGTERM');
    expect(await exited(s.child)).toBe(0);
  });
});
