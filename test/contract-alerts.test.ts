// Every host's alerts against schemas/alert-v1.schema.json and the shared checker
// (../shared/tools/check-alerts.mjs): `detect` (final and every version), the golden replays, the
// server (list, one alert with its versions, the stream), and the NATS path (alerts and versions).
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeScenarios } from '../src/simulate/index.js';
import { ct, tmp, checkAlerts, ROOT } from './helpers.js';
import { startFixture, api, waitFor, type Fixture } from './server-helpers.js';
import { NatsServer, ctRun, needNats } from './nats-helpers.js';
import { schemaErrors } from './schema-helpers.js';

const SKIP_NATS = !needNats();

/** problems of each alert line of `text` (other kinds are allowed in a stream) */
function nonConforming(text: string, where: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((l, i) => {
    if (!l.trim()) return;
    const a = JSON.parse(l);
    if (a.kind !== 'alert') return;
    const errs = schemaErrors('alert', a);
    if (errs.length) out.push(`${where}:${i + 1} ${a.id}: ${errs.join('; ')}`);
  });
  return out;
}

/** the schema and the shared checker both pass `text` */
function bothConform(text: string, where: string): void {
  expect(text.trim().length, where).toBeGreaterThan(0);
  expect(nonConforming(text, where)).toEqual([]);
  const f = join(tmp('ct-contract-al-'), 'alerts.ndjson');
  writeFileSync(f, text);
  const c = checkAlerts(f);
  expect(c.status, `${where}: ${c.stderr}`).toBe(0);
}

let dir: string, file: string, policy: string, detected: string;
beforeAll(async () => {
  dir = tmp('ct-contract-alerts-');
  await writeScenarios(dir, { scenario: 'all', seed: 1 });
  file = join(dir, 'all.ndjson');
  policy = join(dir, 'policy.yaml');
  const r = ct(['detect', file, '--policy', policy]);
  expect(r.status, r.stderr).toBe(0);
  detected = r.stdout;
}, 120_000);

describe('alert v1: every writer conforms', () => {
  it('detect: the final alerts and every version (--updates)', () => {
    bothConform(detected, 'detect');
    const u = ct(['detect', file, '--policy', policy, '--updates']);
    expect(u.status).toBe(0);
    bothConform(u.stdout, 'detect --updates');
  });

  it('the golden replays of the scenario library', () => {
    const golden = join(ROOT, 'test/golden');
    const files = readdirSync(golden).filter((f) => f.endsWith('.alerts.ndjson'));
    expect(files.length).toBeGreaterThan(20);
    const bad = files.flatMap((f) => nonConforming(readFileSync(join(golden, f), 'utf8'), f));
    expect(bad).toEqual([]);
  });

  it('a broken alert is refused by the schema and by the shared checker alike', () => {
    const a = JSON.parse(detected.split('\n')[0]);
    const facet = Object.keys(a.facets)[0];
    const broken = [
      { ...a, score: 101 },
      { ...a, severity: 'severe' },
      { ...a, facets: {} },
      { ...a, facets: { ...a.facets, entropy: { strength: 1, why: 'x' } } },
      { ...a, missing: [...a.missing, facet] },
      { ...a, evidence: [] },
      { ...a, technique: 'T1573' },
      { ...a, confidence: 1.5 },
    ];
    for (const b of broken) {
      expect(schemaErrors('alert', b), JSON.stringify(b).slice(0, 200)).not.toEqual([]);
      const f = join(tmp('ct-contract-bad-'), 'bad.ndjson');
      writeFileSync(f, JSON.stringify(b) + '\n');
      expect(checkAlerts(f).status).not.toBe(0);
    }
  });
});

describe('alert v1: the server', () => {
  let fx: Fixture;
  beforeAll(async () => { fx = await startFixture({ policyPath: policy }); });
  afterAll(async () => { await fx?.close(); });

  it('GET /v1/alerts, GET /v1/alerts/:id and every version on /v1/stream carry conforming alerts', async () => {
    const c = api(fx.url, fx.tokens.admin);
    const r = await c.post('/v1/events', readFileSync(file));
    expect(r.status).toBe(200);
    const want = detected.split('\n').filter(Boolean).length;
    // open chains stay open until event time moves past them: every chain is there, final or not
    const alerts = await waitFor('every chain detect finds', async () => {
      const xs = (await c.get('/v1/alerts?limit=500')).json.alerts as unknown[];
      return xs.length === want ? xs : undefined;
    }, 30_000);
    bothConform(alerts.map((a) => JSON.stringify(a)).join('\n') + '\n', 'GET /v1/alerts');
    const one = await c.get(`/v1/alerts/${encodeURIComponent((alerts[0] as unknown as { id: string }).id)}`);
    expect(one.status).toBe(200);
    expect(one.json.versions.length).toBeGreaterThan(0); // summaries (rev, score, severity); the full versions are on the stream
    bothConform(JSON.stringify(one.json.alert) + '\n', 'GET /v1/alerts/:id');
    // the stream from the start: every stored version as an SSE `alert` event
    const ctl = new AbortController();
    const res = await fetch(`${fx.url}/v1/stream?since=0`, { headers: { authorization: `Bearer ${fx.tokens.read}` }, signal: ctl.signal });
    const reader = res.body!.getReader();
    let text = '';
    const dec = new TextDecoder();
    while ((text.match(/^event: alert$/gm) ?? []).length < want) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value, { stream: true });
    }
    ctl.abort();
    const data = text.split('\n\n').filter((b) => /^event: alert$/m.test(b))
      .map((b) => b.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n'));
    expect(data.length).toBeGreaterThanOrEqual(want);
    bothConform(data.join('\n') + '\n', 'GET /v1/stream');
  }, 60_000);
});

describe.skipIf(SKIP_NATS)('alert v1: the NATS path', () => {
  let nats: NatsServer;
  beforeAll(async () => { nats = await NatsServer.start(); });
  afterAll(async () => { await nats?.stop(); });

  it('publish -> worker -> alerts (final and --versions) conform', () => {
    expect(ctRun(['publish', file, '--nats', nats.url, '--partitions', '2', '--end']).status).toBe(0);
    const w = ctRun(['worker', '--nats', nats.url, '--policy', policy, '--until-end']);
    expect(w.status, w.stderr).toBe(0);
    const got = ctRun(['alerts', '--nats', nats.url]);
    expect(got.status).toBe(0);
    bothConform(got.stdout, 'alerts --nats');
    const versions = ctRun(['alerts', '--nats', nats.url, '--versions']);
    bothConform(versions.stdout, 'alerts --nats --versions');
  }, 120_000);
});
