// Workers that share the partitions by themselves, with a real nats-server: three started together
// split 8 partitions 3/3/2 and process each event once; kill -9 of one mid-stream, the others take
// its partitions and the alerts equal detect's; a worker paused past the lease TTL finds its
// partitions gone and writes no checkpoint under its old leases.
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { ct, tmp } from './helpers.js';
import { NatsServer, ctRun, ctSpawn, sleep, sortedLines, waitFor, stopAll, type Proc } from './nats-helpers.js';

// short, so the tests of expiry are quick; those of cooperative hand-overs use a longer one, so a
// starved CI host never lets a lease expire there (an expired lease replays from the checkpoint,
// which is correct but would break their exactly-once count)
const TTL = '2s', CALM_TTL = '10s';
let dir: string, fleet: string, policy: string, lines: number, want: string[];

beforeAll(() => {
  dir = tmp('ct-leases-');
  expect(ct(['simulate', '--out', join(dir, 'fleet'), '--devices', '80', '--hours', '2', '--seed', '11']).status).toBe(0);
  fleet = join(dir, 'fleet/fleet.ndjson');
  policy = join(dir, 'fleet/fleet.ndjson.policy.yaml');
  lines = readFileSync(fleet, 'utf8').split('\n').filter((l) => l).length;
  want = sortedLines(ct(['detect', fleet, '--policy', policy]).stdout);
  expect(want.length).toBeGreaterThan(0);
}, 120_000);

let nats: NatsServer | undefined;
const procs: Proc[] = [];
afterEach(async () => { await stopAll(procs, nats); nats = undefined; });

const worker = (url: string, id: string, ...more: string[]) => {
  const ttl = more[0] === 'calm' ? CALM_TTL : TTL;
  const p = ctSpawn(['worker', '--nats', url, '--policy', policy, '--lease-ttl', ttl, '--checkpoint', '500ms', '--id', id, ...more.filter((x) => x !== 'calm')]);
  procs.push(p);
  return p;
};
const publishFile = (url: string, file: string, ...args: string[]) => { const r = ctRun(['publish', file, '--nats', url, '--partitions', '8', '--batch-lines', '200', ...args]); expect(r.status, r.stderr).toBe(0); };
/** the fleet in two files, first and second half of its lines */
const halves = (tag: string): [string, string] => {
  const all = readFileSync(fleet, 'utf8').split('\n').filter((l) => l);
  const [a, b] = [all.slice(0, all.length >> 1), all.slice(all.length >> 1)].map((xs, i) => { const f = join(dir, `${tag}-half${i}.ndjson`); writeFileSync(f, xs.join('\n') + '\n'); return f; });
  return [a, b];
};
const publish = (url: string, ...args: string[]) => { const r = ctRun(['publish', fleet, '--nats', url, '--partitions', '8', '--batch-lines', '200', ...args]); expect(r.status, r.stderr).toBe(0); };
interface Status { parts: { partition: number; events?: number; lease: { owner: string; epoch: number; ageMs: number } | null }[]; members: { id: string }[]; fleetLease: { owner: string } | null }
/** status --json; a run that failed (a request timed out on a starved host) reads as nothing
 *  held yet, so a waitFor polling it tries again instead of failing on empty output */
const status = (url: string): Status => {
  const r = ctRun(['status', '--nats', url, '--json']);
  return r.status === 0 && r.stdout.trim() ? JSON.parse(r.stdout) as Status : { parts: [], members: [], fleetLease: null };
};
const holders = (s: Status) => {
  const n: Record<string, number> = {};
  for (const p of s.parts) if (p.lease) n[p.lease.owner] = (n[p.lease.owner] ?? 0) + 1;
  return n;
};
const eventsOf = (p: Proc) => Number(/worker: (\d+) event\(s\)/.exec(p.err.join(''))?.[1] ?? NaN);

describe('partition leases', () => {
  it('three workers started together split 8 partitions 3/3/2, drain the backlog once, and leave releasing their leases', async () => {
    nats = await NatsServer.start();
    const url = nats.url;
    publish(url, '--end');
    const ws = ['w1', 'w2', 'w3'].map((id) => worker(url, id, 'calm'));
    const split = await waitFor('three workers holding 3/3/2', () => {
      const h = holders(status(url));
      const counts = Object.values(h).sort();
      return counts.join('/') === '2/3/3' && Object.keys(h).length === 3 ? h : undefined;
    }, 30_000);
    expect(Object.keys(split).sort()).toEqual(['w1', 'w2', 'w3']);
    await waitFor('the backlog drained', () => status(url).parts.reduce((n, p) => n + (p.events ?? 0), 0) >= lines ? true : undefined, 60_000);
    expect(sortedLines(ctRun(['alerts', '--nats', url]).stdout)).toEqual(want);
    // the status table shows the holder, epoch and renewal age of every lease
    const table = ctRun(['status', '--nats', url]).stdout;
    expect(table).toMatch(/lease \(holder, epoch, renewed ago\)/);
    expect(table).toMatch(/w[123] e\d+ \d+\.\ds/);
    for (const w of ws) w.child.kill('SIGTERM');
    const codes = await Promise.all(ws.map((w) => w.exit));
    expect(codes, ws.map((w) => w.err.join('')).join('\n')).toEqual([0, 0, 0]);
    // each event processed by exactly one worker (hand-overs resume from the last checkpoint)
    expect(ws.map(eventsOf).reduce((a, b) => a + b, 0)).toBe(lines);
    const after = status(url);
    expect(after.parts.every((p) => p.lease === null)).toBe(true);
    expect(after.members).toEqual([]);
  }, 120_000);

  it('a worker joining mid-stream: the first hands over half its partitions from their last checkpoints, each event processed once', async () => {
    nats = await NatsServer.start();
    const url = nats.url;
    const half = halves('join');
    const pub = (f: string, ...more: string[]) => publishFile(url, f, ...more);
    pub(half[0]);
    const a = worker(url, 'a', 'calm', '--until-end');
    await waitFor('a holding all 8, the first half processed', () => { const s = status(url); return holders(s).a === 8 && s.parts.reduce((n, p) => n + (p.events ?? 0), 0) >= lines >> 1 ? true : undefined; }, 30_000);
    const b = worker(url, 'b', 'calm', '--until-end');
    await waitFor('a and b holding 4 each', () => { const h = holders(status(url)); return h.a === 4 && h.b === 4 ? true : undefined; }, 30_000);
    pub(half[1], '--end');
    expect(await Promise.all([a.exit, b.exit]), a.err.join('') + b.err.join('')).toEqual([0, 0]);
    expect(a.err.join('')).toMatch(/partition \d: lease released for rebalancing/);
    expect(eventsOf(a) + eventsOf(b), a.err.join('') + b.err.join('')).toBe(lines);
    expect(eventsOf(b)).toBeGreaterThan(0);
    expect(sortedLines(ctRun(['alerts', '--nats', url]).stdout)).toEqual(sortedLines(ct(['detect', ...half, '--policy', policy]).stdout));
  }, 120_000);

  it('kill -9 of the worker running the fleet stage, mid-stream: the others take its partitions and the fleet stage within the TTL, and the alerts equal detect\'s', async () => {
    nats = await NatsServer.start();
    const url = nats.url;
    const ids = ['a', 'b', 'c'];
    const ws = ids.map((id) => worker(url, id, '--until-end'));
    const first = await waitFor('every partition and the fleet stage leased', () => { const s = status(url); return s.parts.every((p) => p.lease) && s.fleetLease ? s : undefined; }, 30_000);
    const v = first.fleetLease!.owner;
    const victim = ws[ids.indexOf(v)];
    const survivors = ws.filter((w) => w !== victim);
    const held = first.parts.filter((p) => p.lease?.owner === v).map((p) => p.partition);
    expect(held.length).toBeGreaterThan(0);
    // the first half only: on a slow host the victim could otherwise finish the whole input
    // (and every worker end) before the kill lands
    const [h0, h1] = halves('kill');
    publishFile(url, h0);
    await waitFor('the victim to process some events', () => status(url).parts.some((p) => held.includes(p.partition) && (p.events ?? 0) > 0) ? true : undefined, 30_000);
    const mark = survivors.map((w) => w.err.join('').length);
    victim.child.kill('SIGKILL');
    const t0 = Date.now();
    // read from the survivors' own log, not from status: once they have taken over they may drain
    // the rest and exit (releasing every lease) between two status polls on a slow host
    const since = () => survivors.map((w, i) => w.err.join('').slice(mark[i])).join('\n');
    await waitFor('its partitions and the fleet stage taken over', () => {
      const log = since();
      return held.every((p) => log.includes(`partition ${p}: lease taken`)) && log.includes('fleet stage: lease taken') ? true : undefined;
    }, 30_000).catch((e: Error) => { throw new Error(`${e.message} (partitions ${held.join(',')} of ${v}); the survivors said:\n${since()}`); });
    // taken over once the lease has not been renewed for the TTL: not long after
    expect(Date.now() - t0).toBeLessThan(10_000);
    publishFile(url, h1, '--end');
    const codes = await Promise.all(survivors.map((w) => w.exit));
    expect(codes, ws.map((w) => w.err.join('')).join('\n')).toEqual([0, 0]);
    expect(sortedLines(ctRun(['alerts', '--nats', url]).stdout)).toEqual(sortedLines(ct(['detect', h0, h1, '--policy', policy]).stdout));
  }, 120_000);

  it('a worker paused past the TTL finds its partitions gone and writes no checkpoint under its old leases', async () => {
    nats = await NatsServer.start();
    const url = nats.url;
    // every checkpoint written, with the epoch it was written under (object store watch)
    const nc = await connect({ servers: url });
    const writes: { name: string; epoch: number }[] = [];
    const os = await new Objm(jetstream(nc)).create('ct_ckpt');
    const watch = await os.watch({ includeHistory: false });
    void (async () => { for await (const i of watch) if (i?.description?.startsWith('epoch ')) writes.push({ name: i.name, epoch: Number(i.description.slice(6)) }); })();
    try {
      const a = worker(url, 'a'), b = worker(url, 'b');
      await waitFor('a and b holding 4 each', () => { const h = holders(status(url)); return h.a === 4 && h.b === 4 ? true : undefined; }, 30_000);
      const aHeld = status(url).parts.filter((p) => p.lease?.owner === 'a').map((p) => p.partition);
      publish(url);
      await waitFor('checkpoints from a', () => writes.some((w) => aHeld.includes(Number(w.name.slice(1)))) ? true : undefined, 30_000);
      a.child.kill('SIGSTOP');
      await waitFor('b holding all 8', () => holders(status(url)).b === 8 ? true : undefined, 30_000);
      const epochs = status(url).parts.map((p) => p.lease!.epoch);
      publish(url, '--end');
      await sleep(1500);
      const mark = writes.length;
      a.child.kill('SIGCONT');
      await waitFor('a to notice', () => (a.err.join('').match(/lease lost/g) ?? []).length >= aHeld.length ? true : undefined, 20_000);
      await sleep(3000);
      // after it came back: no checkpoint of a partition under an epoch older than the one b took
      const stale = writes.slice(mark).filter((w) => w.name.startsWith('p') && w.epoch < epochs[Number(w.name.slice(1))]);
      expect(stale).toEqual([]);
      expect(a.err.join('')).toMatch(/partition \d: lease lost \(taken over by another worker\); stopped without writing/);
      for (const w of [a, b]) w.child.kill('SIGTERM');
      expect(await Promise.all([a.exit, b.exit]), a.err.join('') + b.err.join('')).toEqual([0, 0]);
      expect(sortedLines(ctRun(['alerts', '--nats', url]).stdout)).toEqual(want);
    } finally { watch.stop(); await nc.close(); }
  }, 120_000);
});
