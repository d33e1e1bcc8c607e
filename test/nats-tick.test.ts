// Idle ticks on a live feed (`serve --nats`): a worker holds the last `lateness` of event time in
// its reorder buffer until newer events come. When ingest goes quiet, the server's bridge
// publishes a tick to each partition it fed, the worker advances its engine past the buffer (as
// the embedded engine's idle flush does) and the chain whose decisive event was the newest one is
// raised. Control: the same feed with ticks far off raises nothing.
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { ct, tmp, ROOT, CLI } from './helpers.js';
import { startFixture, api, scenarioDir, type Fixture } from './server-helpers.js';
import { NatsServer, ctRun, ctSpawn, sleep, type Proc, needNats } from './nats-helpers.js';

const SKIP = !needNats();

const dist = (p: string) => import(join(ROOT, 'dist', p)) as Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => { for (const c of cleanup.reverse()) await c().catch(() => undefined); });

/** the shortest prefix of the scenario whose first alert needs the release: none without it */
async function prefixNeedingRelease(lines: string[], policyFile: string): Promise<string[]> {
  const { Engine } = await dist('analytics/engine.js');
  const { acceptLine } = await dist('normalize/accept-line.js');
  const policy = (await (await dist('policy/load-policy.js')).loadPolicy(policyFile)).value;
  const alerts = (k: number, release: boolean) => {
    let n = 0, newest = -Infinity;
    const e = new Engine({ policy, lateness: 30_000, onAlert: () => { n++; } });
    for (let i = 0; i < k; i++) { const r = acceptLine(lines[i], 'f', i + 1); e.push(r); newest = Math.max(newest, r.ts); }
    if (release) e.advanceTo(newest + 30_000);
    return n;
  };
  for (let k = 1; k <= lines.length; k++) if (alerts(k, false) === 0 && alerts(k, true) > 0) return lines.slice(0, k);
  throw new Error('no prefix of the scenario needs the release');
}

async function liveAlerts(idleFlushMs: number, body: string, policy: string, waitMs: number): Promise<{ id: string }[]> {
  const nats = await NatsServer.start();
  cleanup.push(() => nats.stop());
  const dir = tmp('ct-tick-');
  const empty = join(dir, 'empty.ndjson');
  writeFileSync(empty, '');
  expect(ctRun(['publish', empty, '--nats', nats.url, '--partitions', '1']).status).toBe(0);
  const fx: Fixture = await startFixture({ nats: nats.url, idleFlushMs });
  cleanup.push(() => fx.close());
  const worker: Proc = ctSpawn(['worker', '--nats', nats.url, '--policy', policy]);
  cleanup.push(async () => { worker.child.kill('SIGKILL'); await worker.exit; });
  expect((await api(fx.url, fx.tokens.ingest).post('/v1/events', body, { 'content-type': 'application/x-ndjson' })).status).toBe(200);
  const reader = api(fx.url, fx.tokens.read);
  let got: { id: string }[] = [];
  for (let t = 0; t < waitMs; t += 100) {
    got = ((await reader.get('/v1/alerts?limit=50')).json as { alerts: typeof got }).alerts;
    if (got.length > 0) break;
    await sleep(100);
  }
  return got;
}

/** the anubis scenario's shortest prefix that needs the release, its policy, detect's alert ids */
async function decisivePrefix(): Promise<{ policy: string; prefix: string[]; want: string[] }> {
  const sc = await scenarioDir();
  const policy = join(sc, 'policy.yaml');
  const lines = readFileSync(join(sc, 'anubis-rc4-b64.ndjson'), 'utf8').split('\n').filter((l) => l);
  const prefix = await prefixNeedingRelease(lines, policy);
  const file = join(tmp('ct-tick-in-'), 'prefix.ndjson');
  writeFileSync(file, prefix.join('\n') + '\n');
  const want = ct(['detect', file, '--policy', policy]).stdout.split('\n').filter((l) => l).map((l) => (JSON.parse(l) as { id: string }).id);
  expect(want.length).toBeGreaterThan(0);
  return { policy, prefix, want };
}

describe.skipIf(SKIP)('serve --nats: idle ticks', () => {
  it('a quiet feed is released by a tick: the alert its newest event completes is raised, with detect\'s id', async () => {
    const { policy, prefix, want } = await decisivePrefix();

    // ticks after 100 ms of silence: the worker releases and raises the alert
    const ticked = await liveAlerts(100, prefix.join('\n') + '\n', policy, 15_000);
    expect(ticked.length).toBeGreaterThan(0);
    expect(ticked.map((a) => a.id).every((id) => want.includes(id))).toBe(true);

    // control: ticks only after 10 minutes: the decisive event waits in the reorder buffer
    const held = await liveAlerts(600_000, prefix.join('\n') + '\n', policy, 3_000);
    expect(held).toEqual([]);
  }, 60_000);

  // `tail -f feed | ciphertrail publish - --nats …`: the pipe stays open, so lines must go out
  // after --linger (not wait for a full batch) and a quiet partition must get ticks
  it('publish - (a live pipe left open): lines go out after --linger, ticks release the partition: the alert appears', async () => {
    const { policy, prefix, want } = await decisivePrefix();
    const pipeAlerts = async (idleFlush: string, waitMs: number) => {
      const nats = await NatsServer.start();
      cleanup.push(() => nats.stop());
      const empty = join(tmp('ct-tick-pipe-'), 'empty.ndjson');
      writeFileSync(empty, '');
      expect(ctRun(['publish', empty, '--nats', nats.url, '--partitions', '1']).status).toBe(0);
      const worker = ctSpawn(['worker', '--nats', nats.url, '--policy', policy]);
      cleanup.push(async () => { worker.child.kill('SIGKILL'); await worker.exit; });
      const pub = spawn(process.execPath, [CLI, 'publish', '-', '--nats', nats.url, '--linger', '50ms', '--idle-flush', idleFlush], { stdio: ['pipe', 'ignore', 'pipe'] });
      cleanup.push(async () => { pub.kill('SIGKILL'); });
      pub.stdin!.write(prefix.join('\n') + '\n'); // and the pipe stays open
      let got: string[] = [];
      for (let t = 0; t < waitMs && got.length === 0; t += 200) {
        await sleep(200);
        got = ctRun(['alerts', '--nats', nats.url]).stdout.split('\n').filter((l) => l).map((l) => (JSON.parse(l) as { id: string }).id);
      }
      expect(pub.exitCode).toBe(null); // still reading its open pipe
      return got;
    };
    const ticked = await pipeAlerts('100ms', 15_000);
    expect(ticked.length).toBeGreaterThan(0);
    expect(ticked.every((id) => want.includes(id))).toBe(true);
    // control: ticks only after 10 minutes: the lines are out, the decisive event waits in the reorder buffer
    expect(await pipeAlerts('10m', 3_000)).toEqual([]);
  }, 60_000);
});
