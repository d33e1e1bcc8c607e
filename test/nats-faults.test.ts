// Fault tests on a real nats-server with workers as real processes: kill -9 a worker mid-stream
// and start another (checkpoint restore + redelivered batches), restart nats-server mid-stream,
// a poison message. Each must end with exactly the alerts of `detect` on the same input.
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, headers } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, DeliverPolicy } from '@nats-io/jetstream';
import { ct, tmp } from './helpers.js';
import { NatsServer, ctRun, ctSpawn, sortedLines, status, waitFor, sleep, stopAll, type Proc, needNats } from './nats-helpers.js';

const SKIP = !needNats();

let dir: string, policy: string, parts: string[], counts: number[];
let want: string[], wantVersions: string[];

beforeAll(() => {
  dir = tmp('ct-natsf-');
  expect(ct(['simulate', '--out', join(dir, 'fleet'), '--devices', '60', '--hours', '1', '--seed', '11']).status).toBe(0);
  policy = join(dir, 'fleet/fleet.ndjson.policy.yaml');
  const lines = readFileSync(join(dir, 'fleet/fleet.ndjson'), 'utf8').split('\n').filter((l) => l);
  // three consecutive pieces of one input: 60 %, 10 %, 30 %; one bad line in the second
  const cut = [0, Math.floor(lines.length * 0.6), Math.floor(lines.length * 0.7), lines.length];
  parts = [0, 1, 2].map((i) => join(dir, `part${i}.ndjson`));
  counts = [];
  parts.forEach((f, i) => {
    const piece = lines.slice(cut[i], cut[i + 1]);
    if (i === 1) piece.splice(5, 0, '{"v":1,"type":"net.send","ts":');
    counts.push(piece.length);
    writeFileSync(f, piece.join('\n') + '\n');
  });
  const d = ct(['detect', ...parts, '--policy', policy]);
  want = sortedLines(d.stdout);
  expect(want.length).toBeGreaterThan(0);
  wantVersions = sortedLines(ct(['detect', ...parts, '--policy', policy, '--updates']).stdout);
}, 60_000);

let nats: NatsServer | undefined;
const procs: Proc[] = [];
afterEach(async () => { await stopAll(procs, nats); nats = undefined; });

const events = (url: string) => status(url).parts.reduce((n, p) => n + (p.events ?? 0), 0);
const publish = (url: string, files: string[], ...more: string[]) => {
  const r = ctRun(['publish', ...files, '--nats', url, '--partitions', '2', '--batch-lines', '100', ...more]);
  expect(r.status, r.stderr).toBe(0);
};
const worker = (url: string, ...more: string[]) => { const p = ctSpawn(['worker', '--nats', url, '--policy', policy, ...more]); procs.push(p); return p; };
/** kill -9 worker A, publish the rest with the end marker, run replacement B to the end: the
 *  (partition, stream sequence) checkpoints B resumed from, and what both logged */
async function killAndTakeOver(url: string, a: Proc, rest: string[], ...pub: string[]): Promise<{ resumed: [number, number][]; log: string }> {
  a.child.kill('SIGKILL');
  expect(await a.exit).toBe(null);
  publish(url, rest, '--end', ...pub);
  const b = worker(url, '--until-end', '--id', 'B');
  expect(await b.exit, b.err.join('')).toBe(0);
  const resumed = [...b.err.join('').matchAll(/partition (\d+): resumed from checkpoint at stream sequence (\d+)/g)].map(([, p, seq]) => [Number(p), Number(seq)] as [number, number]);
  return { resumed, log: b.err.join('') + a.err.join('') };
}

function expectDetectOutput(url: string): void {
  expect(sortedLines(ctRun(['alerts', '--nats', url]).stdout)).toEqual(want);
  // every version exactly once: nothing lost, no duplicate (id, rev)
  expect(sortedLines(ctRun(['alerts', '--nats', url, '--versions']).stdout)).toEqual(wantVersions);
}

describe.skipIf(SKIP)('NATS fault tolerance', () => {
  /** part 0, then part 1 behind a checkpoint, kill -9, the rest with a replacement */
  async function killMidStream(...pub: string[]): Promise<void> {
    nats = await NatsServer.start();
    const url = nats.url;
    publish(url, [parts[0]], ...pub);
    const a = worker(url, '--checkpoint', '1s', '--id', 'A');
    await waitFor('worker A to process part 0', () => events(url) >= counts[0]);
    // idle past the checkpoint interval: the first batch of part 1 is checkpointed, the rest is not
    await sleep(1500);
    publish(url, [parts[1]], ...pub);
    await waitFor('worker A to process part 1', () => events(url) >= counts[0] + counts[1] - 1 && status(url).parts.every((p) => p.pending === 0));
    const reached = status(url).parts.map((p) => p.seq);
    const { resumed } = await killAndTakeOver(url, a, [parts[2]], ...pub);
    expect(resumed.length).toBe(2);
    // at least one partition's checkpoint was behind what A had processed: B got those batches again
    expect(resumed.some(([p, seq]) => seq < reached[p])).toBe(true);
    expectDetectOutput(url);
  }

  it('kill -9 a worker mid-stream, start another: it resumes from the checkpoint, replays the tail, no alert lost or doubled', async () => {
    // (files are published with their key uses, CT_USES: the replacement reads them again from the start)
    await killMidStream();
    expect(status(nats!.url).streams.CT_USES.messages).toBeGreaterThan(0);
  });

  it('the same with --approximate-keys input (no key uses)', async () => {
    await killMidStream('--approximate-keys');
    expect(status(nats!.url).streams.CT_USES.messages).toBe(0);
  });

  /** a live feed at the tail: the worker's checkpoints come from its replica thread */
  async function killAtTheTail(...pub: string[]): Promise<void> {
    nats = await NatsServer.start();
    const url = nats.url;
    // part 2 in six pieces published apart: each finds the worker idle at the tail
    const lines2 = readFileSync(parts[2], 'utf8').split('\n').filter((l) => l);
    const pieces = [0, 1, 2, 3, 4, 5].map((k) => {
      const f = join(dir, `part2-${k}.ndjson`);
      writeFileSync(f, lines2.slice(Math.floor((lines2.length * k) / 6), Math.floor((lines2.length * (k + 1)) / 6)).join('\n') + '\n');
      return f;
    });
    publish(url, [parts[0], parts[1]], ...pub);
    const a = worker(url, '--checkpoint', '300ms', '--id', 'A');
    await waitFor('worker A to process parts 0 and 1', () => events(url) >= counts[0] + counts[1] - 1);
    for (const f of pieces.slice(0, 5)) { await sleep(450); publish(url, [f], ...pub); }
    await sleep(450);
    const started = new Map([...a.err.join('').matchAll(/partition (\d+): at the tail; checkpoints from the replica thread after stream sequence (\d+)/g)].map(([, p, seq]) => [Number(p), Number(seq)]));
    expect(started.size, a.err.join('')).toBe(2);
    const { resumed, log } = await killAndTakeOver(url, a, [pieces[5]], ...pub);
    // a checkpoint after the replica started is one the replica took
    expect(resumed.some(([p, seq]) => seq > started.get(p)!), log).toBe(true);
    expectDetectOutput(url);
  }

  it('kill -9 a worker whose checkpoints came from its replica thread (live feed at the tail): the takeover is exact too', async () => {
    // (files with their key uses: the replica keeps a copy of the worker's key-use index)
    await killAtTheTail();
    expect(status(nats!.url).streams.CT_USES.messages).toBeGreaterThan(0);
  });

  it('the same with --approximate-keys input', async () => {
    await killAtTheTail('--approximate-keys');
  });

  it('restart nats-server mid-stream: the worker reconnects, no accepted event is lost', async () => {
    nats = await NatsServer.start();
    const url = nats.url;
    publish(url, [parts[0]]);
    const w = worker(url, '--checkpoint', '500ms', '--until-end', '--id', 'W');
    await waitFor('worker to process part 0', () => events(url) >= counts[0]);
    await nats.restart();
    publish(url, [parts[1], parts[2]], '--end');
    expect(await w.exit, w.err.join('')).toBe(0);
    expect(events(url)).toBe(counts[0] + counts[1] + counts[2] - 1);
    expectDetectOutput(url);
  });

  it('a poison message is dead-lettered with its reason and the partition keeps flowing; so is a bad line, with file and line', async () => {
    nats = await NatsServer.start();
    const url = nats.url;
    publish(url, [parts[0]]);
    const nc = await connect({ servers: url });
    try {
      await jetstream(nc).publish('ct.tel.0', 'this is not a batch', { msgID: 'poison-1' });
      // a compressed batch whose bytes are damaged (a batch is deflate-raw on the wire, header Ct-Enc)
      const h = headers();
      h.set('Ct-Enc', 'deflate-raw');
      await jetstream(nc).publish('ct.tel.1', 'damaged deflate bytes', { msgID: 'poison-2', headers: h });
      publish(url, [parts[1], parts[2]], '--end');
      const w = worker(url, '--until-end');
      expect(await w.exit, w.err.join('')).toBe(0);
      expectDetectOutput(url);
      const jsm = await jetstreamManager(nc);
      expect((await jsm.streams.info('CT_DEAD')).state.messages).toBe(3);
      const c = await jetstream(nc).consumers.get('CT_DEAD', { deliver_policy: DeliverPolicy.All });
      const dead: { subject: string; reason: string; file?: string; line?: string; body: string }[] = [];
      for await (const m of await c.consume()) {
        dead.push({ subject: m.subject, reason: m.headers!.get('Ct-Reason'), file: m.headers!.get('Ct-File'), line: m.headers!.get('Ct-Line'), body: m.string() });
        if (dead.length === 3) break;
      }
      const damaged = dead.find((d) => d.body === 'damaged deflate bytes')!;
      expect(damaged.subject).toBe('ct.dead.1');
      expect(damaged.reason).toMatch(/^batch is not valid deflate-raw data: /);
      const poison = dead.find((d) => d.body === 'this is not a batch')!;
      expect(poison.subject).toBe('ct.tel.0'.replace('tel', 'dead'));
      expect(poison.reason).toBe('batch header is not JSON');
      const bad = dead.find((d) => d.body !== 'this is not a batch' && d.body !== 'damaged deflate bytes')!;
      expect(bad.file).toBe(parts[1]);
      expect(bad.line).toBe('6');
      expect(bad.reason).toMatch(new RegExp(`^${parts[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6: `));
      expect(status(url).parts.reduce((n, p) => n + p.deadLettered, 0)).toBe(3);
    } finally { await nc.close(); }
  });
});
