// GET /v1/coverage and GET /v1/export on a real server over a real SQLite file: the same answers
// as the CLI on the same telemetry and policy.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, scenarioDir, startFixture, type Fixture } from './server-helpers.js';
import { ct, managedFleetLines, tmp } from './helpers.js';

describe('server coverage and export', () => {
  let f: Fixture;
  let dir: string;
  beforeAll(async () => {
    f = await startFixture();
    dir = await scenarioDir();
  });
  afterAll(() => f.close());

  test('coverage before any telemetry: blind everywhere', async () => {
    const r = await api(f.url, f.tokens.read).get('/v1/coverage');
    expect(r.status).toBe(200);
    expect(r.json.summary).toMatchObject({ devices: 0, coverage_score: 0, findings: ['no telemetry: AN1731 is blind everywhere'] });
  });

  test('coverage of the ingested telemetry equals the CLI report on the same file', async () => {
    const text = readFileSync(join(dir, 'all.ndjson'), 'utf8');
    const post = await api(f.url, f.tokens.ingest).post('/v1/events', text);
    expect(post.status, post.text).toBe(200);
    const r = await api(f.url, f.tokens.read).get('/v1/coverage');
    expect(r.status).toBe(200);
    const cli = JSON.parse(ct(['coverage', join(dir, 'all.ndjson'), '--format', 'json']).stdout);
    expect(r.json).toEqual(cli);
    expect(r.json.summary.devices).toBe(46);
    const nav = await api(f.url, f.tokens.read).get('/v1/coverage?format=navigator');
    expect(nav.json.techniques[0]).toMatchObject({ techniqueID: 'T1521.001', score: cli.summary.coverage_score });
    const html = await api(f.url, f.tokens.read).get('/v1/coverage?format=html');
    expect(html.headers.get('content-disposition')).toMatch(/attachment/);
    expect(html.text).toMatch(/^<!doctype html>/);
    expect((await api(f.url, f.tokens.read).get('/v1/coverage?format=pdf')).status).toBe(400);
  });

  test('export follows the policy in force', async () => {
    const read = api(f.url, f.tokens.read);
    const before = await read.get('/v1/export?to=sigma');
    expect(before.status).toBe(200);
    expect(before.headers.get('content-type')).toMatch(/yaml/);
    expect(before.text).toBe(ct(['export', '--to', 'sigma']).stdout);
    const put = await api(f.url, f.tokens.admin).put('/v1/policy', readFileSync(join(dir, 'policy.yaml'), 'utf8'));
    expect(put.status, put.text).toBe(200);
    for (const to of ['sigma', 'eql', 'kql', 'spl']) {
      const after = await read.get(`/v1/export?to=${to}`);
      expect(after.text, to).toBe(ct(['export', '--to', to, '--policy', join(dir, 'policy.yaml')]).stdout);
    }
    // the inventory makes inconsistency visible: coverage follows the policy too
    const cov = await read.get('/v1/coverage');
    expect(cov.json.summary.facets.find((x: { facet: string }) => x.facet === 'inconsistency').blind_devices).toBe(0);
  });

  test('scopes and bad queries', async () => {
    expect((await api(f.url, f.tokens.ingest).get('/v1/coverage')).status).toBe(403);
    expect((await api(f.url).get('/v1/export?to=sigma')).status).toBe(401);
    const bad = await api(f.url, f.tokens.read).get('/v1/export?to=yara');
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/sigma, eql, kql, spl/);
  });
});

describe('server coverage of a managed fleet', () => {
  let f: Fixture;
  afterAll(() => f?.close());

  test('usage logs stored as telemetry give the CLI coverage: alias-only keys, inferred states and sends without bytes stay partly visible', async () => {
    f = await startFixture();
    // the EMM's view of every device, and the sensor's view of only some: both kinds in one store
    const { dir, lines } = managedFleetLines('ct-managed-server-');
    const file = join(dir, 'stored.ndjson');
    writeFileSync(file, lines.join('\n') + '\n');
    const post = await api(f.url, f.tokens.ingest).post('/v1/events', lines.join('\n') + '\n');
    expect(post.status, post.text).toBe(200);
    const r = await api(f.url, f.tokens.read).get('/v1/coverage');
    const cli = JSON.parse(ct(['coverage', file, '--format', 'json']).stdout);
    expect(r.json).toEqual(cli);
    const partly = cli.devices.filter((d: { partly_facets: string[] }) => d.partly_facets.length === 3).length;
    expect(partly).toBeGreaterThanOrEqual(4);
    expect(cli.devices.some((d: { partly_facets: string[] }) => d.partly_facets.length === 0)).toBe(true);
  });
});
