// `serve --nats` ingest: wall time from the first POST until serve has stopped on SIGTERM (every
// accepted event stored, published and acknowledged: the journal of nats-outbox-store included),
// against a real nats-server, for one or more builds alternated in the same run (a build is a
// checkout with dist/ built). Batches of 500 lines, one request in flight, 4 partitions, no worker.
// Usage: npm run bench:serve-nats [-- FILE [BUILD_DIR...]] (default: a simulated 100-device,
// 2-hour fleet and this checkout)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const natsBin = ['/usr/sbin/nats-server', '/usr/bin/nats-server'].find((p) => existsSync(p)) ?? 'nats-server';
const RUNS = 3;
let [file, ...builds] = process.argv.slice(2);
if (!builds.length) builds = [root];
const work = mkdtempSync(join(tmpdir(), 'ct-bench-servenats-'));
if (!file) {
  file = join(work, 'fleet/fleet.ndjson');
  const r = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'simulate', '--out', join(work, 'fleet'), '--devices', '100', '--hours', '2', '--seed', '3'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}
const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const bodies = [];
for (let i = 0; i < lines.length; i += 500) bodies.push(lines.slice(i, i + 500).join('\n') + '\n');
const freePort = () => new Promise((r) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function once(build) {
  const cli = join(build, 'dist/cli/main.js');
  const port = await freePort();
  const nats = spawn(natsBin, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', mkdtempSync(join(work, 'nats-'))], { stdio: 'ignore' });
  await sleep(500);
  const url = `nats://127.0.0.1:${port}`;
  try {
    spawnSync(process.execPath, [cli, 'publish', '/dev/null', '--nats', url, '--partitions', '4']);
    const db = join(mkdtempSync(join(work, 'db-')), 'ct.db');
    const token = spawnSync(process.execPath, [cli, 'token', 'create', '--db', db, '--scope', 'ingest'], { encoding: 'utf8' }).stdout.trim();
    const serve = spawn(process.execPath, [cli, 'serve', '--nats', url, '--port', '0', '--db', db], { stdio: ['ignore', 'pipe', 'ignore'] });
    const base = await new Promise((r) => serve.stdout.once('data', (d) => r(String(d).split('\n')[0].trim())));
    const t0 = performance.now();
    for (const body of bodies) {
      const res = await fetch(`${base}/v1/events`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`POST: ${res.status}`);
    }
    const exited = new Promise((r) => serve.once('exit', r));
    serve.kill('SIGTERM');
    if ((await exited) !== 0) throw new Error('serve did not stop cleanly');
    return (performance.now() - t0) / 1000;
  } finally { nats.kill('SIGTERM'); await sleep(300); }
}

const seconds = new Map(builds.map((b) => [b, []]));
for (let r = 0; r < RUNS; r++) {
  for (const b of builds) {
    const s = await once(b);
    seconds.get(b).push(s);
    console.log(`run ${r + 1} ${b}: ${s.toFixed(2)} s, ${Math.round(lines.length / s)} events/s`);
  }
}
for (const b of builds) {
  const m = [...seconds.get(b)].sort((x, y) => x - y)[RUNS >> 1];
  console.log(`median ${b}: ${m.toFixed(2)} s, ${Math.round(lines.length / m)} events/s (${lines.length} events)`);
}
rmSync(work, { recursive: true, force: true });
