// `serve --nats`: HTTP ingest publishes to a real nats-server, a worker process runs the engine,
// and the server's SQLite store holds the same alerts as `detect` on the same events.
import { describe, it, expect, afterEach } from 'vitest';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ct, tmp } from './helpers.js';
import { startFixture, api, scenarioDir, type Fixture } from './server-helpers.js';
import { NatsServer, ctRun, ctSpawn, sleep, type Proc, needNats } from './nats-helpers.js';

const SKIP = !needNats();

let nats: NatsServer | undefined, fx: Fixture | undefined, worker: Proc | undefined;
afterEach(async () => {
  if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
  await fx?.close();
  await nats?.stop();
  fx = undefined;
  nats = undefined;
});

type Stored = { id: string; rev: number; score: number; final: boolean };

/** one scenario file POSTed to `serve --nats` on `partitions`, a worker to the end marker: what
 *  detect finds and what the server stored (every alert final, with its full stored record) */
async function ingest(scenario: string, partitions: number, exactKeys: boolean) {
  nats = await NatsServer.start();
  const dir = tmp('ct-natss-');
  const empty = join(dir, 'empty.ndjson');
  writeFileSync(empty, '');
  expect(ctRun(['publish', empty, '--nats', nats.url, '--partitions', String(partitions)]).status).toBe(0);
  const sc = await scenarioDir();
  const file = join(sc, `${scenario}.ndjson`), policy = join(sc, 'policy.yaml');
  const want = ct(['detect', file, '--policy', policy]).stdout.split('\n').filter((l) => l).map((l) => JSON.parse(l) as Stored & Record<string, unknown>);
  expect(want.length).toBeGreaterThan(0);
  fx = await startFixture({ nats: nats.url, ...(exactKeys ? { natsExactKeys: true } : {}) });
  worker = ctSpawn(['worker', '--nats', nats.url, '--policy', policy, '--until-end']);
  const r = await api(fx.url, fx.tokens.ingest).post('/v1/events', readFileSync(file, 'utf8'), { 'content-type': 'application/x-ndjson' });
  expect(r.status).toBe(200);
  await sleep(300); // the bridge's linger sends the last batch
  // end of this input: close every chain, as detect does at the end of its file
  expect(ctRun(['publish', empty, '--nats', nats.url, '--end']).status).toBe(0);
  expect(await worker.exit, worker.err.join('')).toBe(0);
  const reader = api(fx.url, fx.tokens.read);
  let got: Stored[] = [];
  for (let i = 0; i < 100; i++) {
    got = ((await reader.get('/v1/alerts?limit=500')).json as { alerts: Stored[] }).alerts;
    if (got.length === want.length && got.every((a) => a.final)) break;
    await sleep(100);
  }
  const stored = async (id: string) => {
    const { status: _s, final: _f, updated_at: _u, ...alert } = ((await reader.get(`/v1/alerts/${id}`)).json as { alert: Record<string, unknown> }).alert;
    return alert;
  };
  return { want, got, stored };
}

describe.skipIf(SKIP)('serve --nats', () => {
  it('ingested events reach the workers; their alerts land in the server store, as detect finds them', async () => {
    // one partition: byte-equal alerts whatever the keys (see docs/scale-out.md on several partitions)
    const { want, got, stored } = await ingest('shared-key-fleet', 1, false);
    const key = (a: { id: string; rev: number; score: number }) => `${a.id} ${a.rev} ${a.score}`;
    expect(got.map(key).sort()).toEqual(want.map(key).sort());
    expect(got.every((a) => a.final)).toBe(true);
    // the full stored alert equals detect's, field for field
    for (const w of want) expect(await stored(w.id)).toEqual(w);
  });

  it('--exact-keys on four partitions: the scenario set\'s alerts equal detect\'s, the hard-coded key across partitions included', async () => {
    const { want, got, stored } = await ingest('all', 4, true);
    expect(want.some((a) => JSON.stringify(a).includes('on 3 devices: hard-coded'))).toBe(true);
    expect(got.length).toBe(want.length);
    for (const w of want) expect(await stored(w.id)).toEqual(w);
    expect(ctRun(['serve', '--exact-keys']).stderr).toContain('--exact-keys needs --nats');
  });
});
