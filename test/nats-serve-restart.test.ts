// `serve --nats` killed with kill -9 while the events it had accepted (stored in SQLite) were not
// yet published or acknowledged: the next start publishes them, batches already sent go again
// with the same Nats-Msg-Id (JetStream drops the copies), and every stored event reaches the
// workers exactly once. The NATS server is frozen (SIGSTOP) so that the kill lands for certain
// while batches wait for their acknowledgement.
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ct, tmp } from './helpers.js';
import { api, scenarioDir } from './server-helpers.js';
import { NatsServer, ctRun, ctSpawn, sleep, sortedLines, waitFor, stopAll, type Proc, needNats } from './nats-helpers.js';

const SKIP = !needNats();

let dir: string, policy: string, parts: string[], total: number, want: string[];

beforeAll(async () => {
  dir = tmp('ct-natsrestart-');
  const sc = await scenarioDir();
  policy = join(sc, 'policy.yaml');
  const lines = readFileSync(join(sc, 'all.ndjson'), 'utf8').split('\n').filter((l) => l);
  total = lines.length;
  const a = Math.floor(lines.length / 3), b = Math.floor((2 * lines.length) / 3);
  parts = [lines.slice(0, a), lines.slice(a, b), lines.slice(b)].map((xs) => xs.join('\n') + '\n');
  const file = join(dir, 'all.ndjson');
  writeFileSync(file, parts.join(''));
  want = sortedLines(ct(['detect', file, '--policy', policy]).stdout);
  expect(want.length).toBeGreaterThan(0);
}, 60_000);

let nats: NatsServer | undefined;
const procs: Proc[] = [];
afterEach(async () => {
  if (nats?.proc.pid && nats.proc.exitCode === null) process.kill(nats.proc.pid, 'SIGCONT');
  await stopAll(procs, nats);
  nats = undefined;
});

const spawn = (...args: string[]) => { const p = ctSpawn(args); procs.push(p); return p; };

describe.skipIf(SKIP)('serve --nats after kill -9', () => {
  it('publishes what it had accepted and not published, once: the workers see every stored event once and the alerts equal detect\'s', async () => {
    nats = await NatsServer.start();
    const url = nats.url;
    const empty = join(dir, 'empty.ndjson');
    writeFileSync(empty, '');
    // one partition: alerts byte-equal to detect's whatever the keys (docs/scale-out.md)
    expect(ctRun(['publish', empty, '--nats', url, '--partitions', '1']).status).toBe(0);
    const db = join(tmp('ct-natsrestart-db-'), 'ct.db');
    const token = ct(['token', 'create', '--db', db, '--scope', 'ingest']).stdout.trim();
    const serve = () => {
      const s = spawn('serve', '--nats', url, '--port', '0', '--db', db, '--policy', policy);
      return waitFor('serve to listen', () => s.out.join('').split('\n')[0].trim() || undefined).then((base) => ({ s, base }));
    };
    const post = async (base: string, body: string) => {
      const r = await api(base, token).post('/v1/events', body, { 'content-type': 'application/x-ndjson' });
      expect(r.status, r.text).toBe(200);
      return r.json as { accepted: number };
    };

    const first = await serve();
    await post(first.base, parts[0]);
    await sleep(500); // published and acknowledged
    // the NATS server frozen: the second part is stored, its batches are sent and never acknowledged
    process.kill(nats.proc.pid!, 'SIGSTOP');
    await post(first.base, parts[1]);
    await sleep(500);
    first.s.child.kill('SIGKILL');
    await first.s.exit;
    process.kill(nats.proc.pid!, 'SIGCONT');

    const second = await serve();
    await waitFor('the republish note', () => /stored event\(s\) published again after the last stop/.test(second.s.err.join('')) || undefined, 20_000);
    await post(second.base, parts[2]);
    await sleep(500);
    expect(ctRun(['publish', empty, '--nats', url, '--end']).status).toBe(0);
    const worker = spawn('worker', '--nats', url, '--policy', policy, '--until-end');
    const code = await Promise.race([worker.exit, sleep(40_000).then(() => 'did not end')]);
    expect(code, `${worker.err.join('')}\nserve before the kill: ${first.s.err.join('')}\nserve after: ${second.s.err.join('')}\n${ctRun(['status', '--nats', url]).stdout}`).toBe(0);
    // every stored event once: none lost, none twice
    const stored = (new Database(db, { readonly: true }).prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    expect(stored).toBe(total);
    expect(Number(/worker: (\d+) event\(s\)/.exec(worker.err.join(''))?.[1])).toBe(total);
    expect(sortedLines(ctRun(['alerts', '--nats', url]).stdout)).toEqual(want);
    second.s.child.kill('SIGTERM');
    expect(await second.s.exit, second.s.err.join('')).toBe(0);
  }, 120_000);
});
