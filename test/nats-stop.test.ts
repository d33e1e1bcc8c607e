// SIGTERM on the long-running commands with a real nats-server, up and gone: each exits within its
// grace period and says what it left; with the server up nothing is lost (a restarted worker
// resumes from its checkpoint and the alerts equal detect's).
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, DeliverPolicy } from '@nats-io/jetstream';
import { unpackBatch, ENCODING_HEADER } from '../src/nats/batch.js';
import { ct, tmp } from './helpers.js';
import { api, scenarioDir } from './server-helpers.js';
import { NatsServer, ctRun, ctSpawn, sleep, sortedLines, status, waitFor, stopAll, type Proc, needNats } from './nats-helpers.js';

const SKIP = !needNats();

const GRACE_MS = 2000;
/** process start-up and exit on a loaded CI machine */
const MARGIN_MS = 2000;

let dir: string, policy: string, halves: string[], want: string[], lineCount: number[];

beforeAll(async () => {
  dir = tmp('ct-natsstop-');
  const sc = await scenarioDir();
  policy = join(sc, 'policy.yaml');
  const lines = readFileSync(join(sc, 'shared-key-fleet.ndjson'), 'utf8').split('\n').filter((l) => l);
  const cut = Math.floor(lines.length / 2);
  halves = [lines.slice(0, cut), lines.slice(cut)].map((xs, i) => { const f = join(dir, `half${i}.ndjson`); writeFileSync(f, xs.join('\n') + '\n'); return f; });
  lineCount = [cut, lines.length - cut];
  want = sortedLines(ct(['detect', ...halves, '--policy', policy]).stdout);
  expect(want.length).toBeGreaterThan(0);
}, 60_000);

let nats: NatsServer | undefined;
const procs: Proc[] = [];
afterEach(async () => { await stopAll(procs, nats); nats = undefined; });

const spawn = (...args: string[]) => { const p = ctSpawn(args); procs.push(p); return p; };
const publish = (url: string, ...args: string[]) => { const r = ctRun(['publish', ...args, '--nats', url]); expect(r.status, r.stderr).toBe(0); };
const events = (url: string) => status(url).parts.reduce((n, p) => n + (p.events ?? 0), 0);

/** SIGTERM, then the exit code, how long the exit took and what the process said on stderr */
async function term(p: Proc): Promise<{ code: number | null; ms: number; err: string }> {
  const t0 = Date.now();
  p.child.kill('SIGTERM');
  const code = await p.exit;
  return { code, ms: Date.now() - t0, err: p.err.join('') };
}

/** a nats-server with the first half published, and `serve --nats` over a new database */
async function serveNats(): Promise<{ server: NatsServer; url: string; token: string; s: Proc; base: string }> {
  const server = nats = await NatsServer.start();
  const url = server.url;
  publish(url, halves[0], '--partitions', '1');
  const db = join(tmp('ct-natsstop-db-'), 'ct.db');
  const token = ct(['token', 'create', '--db', db, '--scope', 'ingest']).stdout.trim();
  const s = spawn('serve', '--nats', url, '--port', '0', '--db', db, '--policy', policy, '--grace', `${GRACE_MS}ms`);
  const base = await waitFor('serve to listen', () => s.out.join('').split('\n')[0].trim() || undefined);
  return { server, url, token, s, base };
}

describe.skipIf(SKIP)('stopping on SIGTERM', () => {
  it('worker, NATS server gone: exits 1 within the grace period, naming the partitions not checkpointed', async () => {
    nats = await NatsServer.start();
    const url = nats.url;
    publish(url, halves[0], '--partitions', '2', '--batch-lines', '50');
    // no periodic checkpoint: what it processed is not checkpointed when the server goes
    const w = spawn('worker', '--nats', url, '--policy', policy, '--checkpoint', '1h', '--grace', `${GRACE_MS}ms`);
    await waitFor('the worker to process the first half', () => events(url) >= lineCount[0]);
    await nats.stop();
    const r = await term(w);
    expect(r.code, r.err).toBe(1);
    expect(r.ms).toBeLessThan(GRACE_MS + MARGIN_MS);
    expect(r.err).toMatch(/worker: stopped on SIGTERM; the grace period \(2 s\) ran out; left unfinished: partition \d not checkpointed since stream sequence 0 \(processed to \d+\)/);
  });

  it('worker, NATS server gone: a second SIGTERM exits at once; --grace is in the --help of each command', async () => {
    nats = await NatsServer.start();
    const url = nats.url;
    publish(url, halves[0], '--partitions', '2');
    const w = spawn('worker', '--nats', url, '--policy', policy, '--checkpoint', '1h', '--grace', '1m');
    await waitFor('the worker to process the first half', () => events(url) >= lineCount[0]);
    await nats.stop();
    w.child.kill('SIGTERM');
    await sleep(300); // two signals close together may arrive as one
    const r = await term(w);
    expect(r.code, r.err).toBe(1);
    expect(r.ms).toBeLessThan(MARGIN_MS);
    expect(r.err).toMatch(/worker: stopped on a second SIGTERM; left unfinished: partition \d not checkpointed/);
    for (const cmd of ['worker', 'alerts', 'serve']) expect(ct([cmd, '--help']).stdout).toContain('--grace');
  });

  it('worker, NATS server up: exits 0 at once, checkpointed; a restarted worker resumes there and the alerts equal detect\'s', async () => {
    nats = await NatsServer.start();
    const url = nats.url;
    publish(url, halves[0], '--partitions', '1', '--batch-lines', '50');
    const a = spawn('worker', '--nats', url, '--policy', policy, '--checkpoint', '1h', '--id', 'A');
    await waitFor('worker A to process the first half', () => events(url) >= lineCount[0]);
    const r = await term(a);
    expect(r.code, r.err).toBe(0);
    expect(r.ms).toBeLessThan(MARGIN_MS);
    expect(r.err).toContain('worker: stopped on SIGTERM; every checkpoint written');
    const reached = status(url).parts[0].seq;
    publish(url, halves[1], '--batch-lines', '50', '--end');
    const b = spawn('worker', '--nats', url, '--policy', policy, '--until-end', '--id', 'B');
    expect(await b.exit, b.err.join('')).toBe(0);
    expect(b.err.join('')).toContain(`partition 0: resumed from checkpoint at stream sequence ${reached}`);
    expect(sortedLines(ctRun(['alerts', '--nats', url]).stdout)).toEqual(want);
  });

  it('alerts --follow: exits 0 at once with the server up, within the grace period with it gone', async () => {
    nats = await NatsServer.start();
    const url = nats.url;
    publish(url, ...halves, '--partitions', '1', '--end');
    const w = spawn('worker', '--nats', url, '--policy', policy, '--until-end');
    expect(await w.exit, w.err.join('')).toBe(0);
    const versions = sortedLines(ctRun(['alerts', '--nats', url, '--versions']).stdout).length;
    const follow = async () => {
      const f = spawn('alerts', '--nats', url, '--follow', '--grace', `${GRACE_MS}ms`);
      await waitFor('alerts --follow to print every version', () => sortedLines(f.out.join('')).length >= versions);
      return f;
    };
    const up = await term(await follow());
    expect(up.code, up.err).toBe(0);
    expect(up.ms).toBeLessThan(MARGIN_MS);
    expect(up.err).toContain(`alerts: stopped on SIGTERM; ${versions} alert version(s) printed`);
    const f = await follow();
    await nats.stop();
    const down = await term(f);
    expect(down.code === 0 || down.code === 1, down.err).toBe(true);
    expect(down.ms).toBeLessThan(GRACE_MS + MARGIN_MS);
    expect(down.err).toMatch(/alerts: stopped on SIGTERM/);
  });

  it('serve --nats, NATS server gone: exits 1 within the grace period, naming the events not published; serve alone exits 0 at once', async () => {
    const { server, token, s, base } = await serveNats();
    await server.stop();
    const res = await api(base, token).post('/v1/events', readFileSync(halves[1], 'utf8'), { 'content-type': 'application/x-ndjson' });
    expect(res.status, res.text).toBe(200);
    const r = await term(s);
    expect(r.code, r.err).toBe(1);
    expect(r.ms).toBeLessThan(GRACE_MS + MARGIN_MS);
    expect(r.err).toMatch(/ciphertrail: stopped on SIGTERM; the grace period \(2 s\) ran out; left unfinished: \d+ accepted event\(s\) not yet published to NATS/);

    const alone = spawn('serve', '--port', '0', '--db', join(tmp('ct-natsstop-db-'), 'ct.db'), '--policy', policy);
    await waitFor('serve to listen', () => alone.out.join('').includes('http'));
    const r2 = await term(alone);
    expect(r2.code, r2.err).toBe(0);
    expect(r2.ms).toBeLessThan(MARGIN_MS);
    expect(r2.err).toContain('ciphertrail: stopped on SIGTERM; HTTP server and store closed');
  });

  it('serve --nats, NATS server up: a request in flight at SIGTERM is answered, and the stop waits until every accepted event is published', async () => {
    const { url, token, s, base } = await serveNats();
    const lines = readFileSync(halves[1], 'utf8').split('\n').filter((l) => l);
    const first = await api(base, token).post('/v1/events', lines.slice(0, 10).join('\n') + '\n', { 'content-type': 'application/x-ndjson' });
    expect(first.status, first.text).toBe(200);
    // the second request's body is half sent when SIGTERM comes, the rest 200 ms later
    const body = lines.slice(10).join('\n') + '\n', cut = body.length >> 1;
    const reply = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(base + '/v1/events', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, cut));
      setTimeout(() => { s.child.kill('SIGTERM'); setTimeout(() => req.end(body.slice(cut)), 200); }, 200);
    });
    const t0 = Date.now();
    const r = await reply;
    expect(r.status, r.text).toBe(200);
    expect(JSON.parse(r.text).accepted).toBe(lines.length - 10);
    const code = await s.exit;
    const err = s.err.join('');
    expect(code, err).toBe(0);
    expect(Date.now() - t0).toBeLessThan(GRACE_MS + MARGIN_MS);
    expect(err).toContain('ciphertrail: stopped on SIGTERM; HTTP server and store closed, every accepted event published to NATS');
    // every acknowledged line is in CT_TEL (half 0 by publish, half 1 through the server)
    const nc = await connect({ servers: url });
    try {
      const last = (await (await jetstreamManager(nc)).streams.info('CT_TEL')).state.last_seq;
      const it = await (await jetstream(nc).consumers.get('CT_TEL', { deliver_policy: DeliverPolicy.All })).consume();
      let n = 0;
      for await (const m of it) { if (m.data.length) n += unpackBatch(m.data, m.headers?.get(ENCODING_HEADER) || undefined).lines.length; if (m.seq >= last) break; }
      it.stop();
      expect(n).toBe(lineCount[0] + lineCount[1]);
    } finally { await nc.close(); }
  });
});
