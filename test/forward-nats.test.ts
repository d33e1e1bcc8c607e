// Forwarding from the distributed mode: the fleet-stage worker forwards CT_ALERTS through a
// durable consumer per output. A worker killed (-9) while the receiver is down leaves the versions
// on its consumer; the next worker delivers them. Real nats-server, real HTTP receiver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ct, tmp } from './helpers.js';
import { NatsServer, ctRun, ctSpawn, sortedLines, status, waitFor, type Proc } from './nats-helpers.js';
import { HttpReceiver, dedup } from './forward-receivers.js';

let dir: string;
let nats: NatsServer;
const procs: Proc[] = [];
beforeAll(async () => {
  dir = tmp('ct-fwd-nats-');
  expect(ct(['simulate', '--out', join(dir, 'sc'), '--scenario', 'all', '--seed', '1']).status).toBe(0);
  nats = await NatsServer.start();
}, 60_000);
afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await nats?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('worker --forward', () => {
  it('needs the fleet stage (one forwarder per output in a cluster)', () => {
    const r = ct(['worker', '--nats', nats.url, '--partitions', '0', '--forward', 'syslog:tcp://127.0.0.1:1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--forward runs on the worker with the fleet stage/);
  });

  it('kill -9 of the forwarding worker while the receiver is down: the next worker delivers every version, none lost', async () => {
    const file = join(dir, 'sc/all.ndjson'), policy = join(dir, 'sc/policy.yaml');
    expect(ctRun(['publish', file, '--nats', nats.url, '--partitions', '2', '--end']).status).toBe(0);
    const http = await HttpReceiver.start(undefined, { listen: false });
    const spec = `webhook:${http.url},versions=all`;
    const w1 = ctSpawn(['worker', '--nats', nats.url, '--policy', policy, '--forward', spec, '--id', 'w1']);
    procs.push(w1);
    // the input processed to its end, every version in the stream and held for the output
    const s1 = await waitFor('alerts published and queued', () => {
      const s = status(nats.url) as ReturnType<typeof status> & { forward: { pending: number }[] };
      return s.parts.every((p) => p.ended) && s.fleet?.progress === 'end' && s.forward[0]?.pending === s.streams.CT_ALERTS.messages && s;
    }, 60_000);
    const want = sortedLines(ctRun(['alerts', '--nats', nats.url, '--versions']).stdout).map((l) => { const a = JSON.parse(l); return `${a.id}#${a.rev}`; }).sort();
    expect(want.length).toBe(s1.streams.CT_ALERTS.messages);
    expect(want.length).toBeGreaterThan(10);
    w1.child.kill('SIGKILL');
    await w1.exit;
    await sleep(200);
    await http.up();
    try {
      const w2 = ctSpawn(['worker', '--nats', nats.url, '--policy', policy, '--forward', spec, '--id', 'w2']);
      procs.push(w2);
      await waitFor('every version delivered', () => dedup(http.deliveries).unique.size >= want.length && true, 60_000);
      w2.child.kill('SIGTERM');
      expect(await w2.exit, w2.err.join('')).toBe(0);
      const { unique, duplicates } = dedup(http.deliveries);
      expect([...unique.keys()].sort()).toEqual(want);
      const seen = new Map<string, number>();
      for (const d of unique.values()) { expect(d.rev).toBe((seen.get(d.id) ?? 0) + 1); seen.set(d.id, d.rev); }
      const table = ctRun(['status', '--nats', nats.url]).stdout;
      expect(table).toMatch(/^forward webhook:http:\/\/127\.0\.0\.1:\d+#[0-9a-f]{8}: 0 version\(s\) not yet delivered, 0 dead-lettered$/m);
      console.log(`forward figures (worker kill -9): ${JSON.stringify({ versions: want.length, received: http.deliveries.length, duplicates, lost: want.length - unique.size })}`);
    } finally { await http.down(); }
  }, 150_000);
});
