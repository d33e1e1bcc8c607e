// The server's rolling baseline and inventory review: real server, real SQLite file.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../src/server/start.js';
import { createToken } from '../src/store/tokens.js';
import { parsePolicy } from '../src/policy/index.js';
import { api, scenarioDir, scenarioText } from './server-helpers.js';
import { tmp } from './helpers.js';

const CLOCK = 1_800_000_000_000;
const dir = tmp('ct-srv-inv-');
const db = join(dir, 'ct.db');
let tokens: { read: string; admin: string };
let s: RunningServer;
const start = () => startServer({ port: 0, db, idleFlushMs: 100, log: () => undefined, clock: () => CLOCK });

beforeAll(async () => {
  tokens = { read: createToken(db, ['read'], 'viewer'), admin: createToken(db, ['admin'], 'alice') };
  // the server starts with the scenario inventory put through the API
  s = await start();
  const policy = (await import('node:fs')).readFileSync(join(await scenarioDir(), 'policy.yaml'), 'utf8');
  expect((await api(s.url, tokens.admin).put('/v1/policy', policy)).status).toBe(200);
  const body = (await scenarioText('repackaged-clone-twin-genuine')) + (await scenarioText('repackaged-clone')) + (await scenarioText('anubis-rc4-b64'));
  const r = await api(s.url, tokens.admin).post('/v1/events', body);
  expect(r.status).toBe(200);
  expect(r.json.accepted).toBeGreaterThan(100);
}, 60_000);
afterAll(() => s.close());

describe('inventory routes', () => {
  test('need a token: 401 without, 403 for accept with read scope', async () => {
    for (const p of ['/v1/inventory/diff', '/v1/inventory/proposal', '/v1/inventory/audit']) expect((await api(s.url).get(p)).status).toBe(401);
    expect((await api(s.url).post('/v1/inventory/accept', '{}')).status).toBe(401);
  });

  test('GET /v1/inventory/diff: the unlisted malware by risk, the clone as a second signer and a new domain', async () => {
    const r = await api(s.url, tokens.read).get('/v1/inventory/diff');
    expect(r.status).toBe(200);
    expect(r.json.unlisted.map((u: { package: string }) => u.package)).toEqual(['com.flash.tools']);
    const notes = r.json.deviating.find((d: { package: string }) => d.package === 'com.example.notes');
    expect(notes.findings.map((f: { code: string }) => f.code)).toEqual(expect.arrayContaining(['second_signer', 'new_domain']));
    expect(r.json.baseline).toMatchObject({ apps: 2, days: 1 });
    expect(r.json.stale.length).toBeGreaterThan(5); // the scenario inventory lists apps this fleet never ran
  });

  test('GET /v1/inventory/proposal: YAML that loads as policy v1, nothing approved that was not', async () => {
    const r = await api(s.url, tokens.read).get('/v1/inventory/proposal');
    expect(r.status).toBe(200);
    const p = parsePolicy(r.json.yaml, 'proposal');
    expect(p.issues).toEqual([]);
    const flash = r.json.entries.find((e: { entry: { package: string } }) => e.entry.package === 'com.flash.tools');
    expect(flash.entry.approved).toBeUndefined();
    expect(flash.devices).toBe(1);
  });

  test('POST /v1/inventory/accept: admin only; writes the entry into the policy with an audit record', async () => {
    expect((await api(s.url, tokens.read).post('/v1/inventory/accept', '{"package":"com.flash.tools"}')).status).toBe(403);
    expect((await api(s.url, tokens.admin).post('/v1/inventory/accept', '{"package":"com.nowhere.app"}')).status).toBe(404);
    expect((await api(s.url, tokens.admin).post('/v1/inventory/accept', 'nope')).status).toBe(400);
    expect((await api(s.url, tokens.admin).post('/v1/inventory/accept', '{"package":"com.flash.tools","include_alerted":"yes"}')).status).toBe(400);
    // the destinations the proposal learnt from the traffic an open alert is about
    const proposal = (await api(s.url, tokens.read).get('/v1/inventory/proposal')).json.entries.find((e: { entry: { package: string } }) => e.entry.package === 'com.flash.tools').entry;
    const open = (await api(s.url, tokens.read).get('/v1/alerts?app=com.flash.tools&status=open,acknowledged')).json.alerts as { id: string; exposure: { destinations: string[] } }[];
    const alerted = (proposal.expected_domains as string[]).filter((d) => open.some((a) => a.exposure.destinations.some((x) => { const host = x.split(':')[0], base = d.replace(/^\*\./, ''); return host === base || host.endsWith(`.${base}`); })));
    expect(alerted.length).toBeGreaterThan(0);
    const r = await api(s.url, tokens.admin).post('/v1/inventory/accept', JSON.stringify({ package: 'com.flash.tools', approved: false, label: 'unknown' }));
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ by: 'alice', at: CLOCK, before: null, accepted: { package: 'com.flash.tools', approved: false, label: 'unknown', background_network: true } });
    // withheld by default, each with the alert that names it
    expect(r.json.withheld.map((w: { domain: string }) => w.domain).sort()).toEqual([...alerted].sort());
    expect(r.json.withheld.every((w: { alert_id: string }) => open.some((a) => a.id === w.alert_id))).toBe(true);
    expect(r.json.accepted.expected_domains ?? []).not.toEqual(expect.arrayContaining([alerted[0]]));
    // in force: the policy route and the engine both have it; the diff no longer lists it as unlisted
    const pol = await api(s.url, tokens.read).get('/v1/policy');
    expect(pol.json.source).toBe('api');
    expect(pol.json.policy.apps.find((a: { package: string }) => a.package === 'com.flash.tools')).toMatchObject({ approved: false });
    expect(pol.json.text).toContain('# ciphertrail simulate'); // the policy's own comments are kept
    const diff = await api(s.url, tokens.read).get('/v1/inventory/diff');
    expect(diff.json.unlisted).toEqual([]);
    const audit = await api(s.url, tokens.read).get('/v1/inventory/audit');
    expect(audit.json.audit[0]).toMatchObject({ package: 'com.flash.tools', actor: 'alice', at: CLOCK, before: null });
    // included only when the admin says so, and said back
    const all = await api(s.url, tokens.admin).post('/v1/inventory/accept', JSON.stringify({ package: 'com.flash.tools', approved: false, include_alerted: true }));
    expect(all.status, all.text).toBe(200);
    expect(all.json.withheld).toEqual([]);
    expect(all.json.included_alerted.map((w: { domain: string }) => w.domain).sort()).toEqual([...alerted].sort());
    expect(all.json.accepted.expected_domains).toEqual(expect.arrayContaining(alerted));
    expect(all.json.before).toMatchObject({ package: 'com.flash.tools', label: 'unknown' });
  });

  test('the rolling baseline is persisted and survives a restart', async () => {
    const before = (await api(s.url, tokens.read).get('/v1/inventory/diff')).json;
    await s.close();
    const rows = new Database(db, { readonly: true }).prepare('SELECT COUNT(*) AS n FROM baseline_days').get() as { n: number };
    expect(rows.n).toBe(1);
    s = await start();
    const after = (await api(s.url, tokens.read).get('/v1/inventory/diff')).json;
    expect(after).toEqual(before);
  });
});

