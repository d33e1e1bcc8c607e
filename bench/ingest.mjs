// Server benchmark: sustained ingest over HTTP (POST /v1/events, batches of 1,000, one request in
// flight, SQLite WAL synchronous=FULL) against `detect` on the same file in the same run, then
// ingest-to-alert latency (request sent -> alert version received on /v1/stream) at a paced
// 5,000 events/s. Usage: npm run build && node bench/ingest.mjs [--events N] [--rate 5000] [--seconds 60]
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/cli/main.js');
const args = process.argv.slice(2);
const opt = (name, d) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : d; };
const maxEvents = opt('events', 300_000);
const rate = opt('rate', 5000);
const seconds = opt('seconds', 60);
const BATCH = 1000;

function node(argv, o = {}) {
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 28, ...o });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
}

const fleetDir = join(root, 'bench/out/fleet-200x24');
const fleet = join(fleetDir, 'fleet.ndjson');
if (!existsSync(fleet)) { mkdirSync(fleetDir, { recursive: true }); node([cli, 'simulate', '--out', fleetDir, '--devices', '200', '--hours', '24', '--seed', '7'], { stdio: ['ignore', 'ignore', 'inherit'] }); }
const policy = fleet + '.policy.yaml';

async function readLines(file, max) {
  const out = [];
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const l of rl) { if (l.trim()) out.push(l); if (out.length >= max) break; }
  rl.close();
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'ct-bench-'));
const lines = await readLines(fleet, Math.max(maxEvents, rate * seconds));
const sample = lines.slice(0, maxEvents);
const sampleFile = join(work, 'sample.ndjson');
writeFileSync(sampleFile, sample.join('\n') + '\n');

async function startServe(db) {
  const token = node([cli, 'token', 'create', '--db', db, '--scope', 'admin']).stdout.trim();
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--db', db, '--policy', policy, '--rate-limit', '0', '--idle-flush', '1s'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((res, rej) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; const m = /^(http:\S+)\n/m.exec(out); if (m) res(m[1]); });
    child.once('exit', (c) => rej(new Error(`serve exited ${c}`)));
  });
  return { child, url, token, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

const post = async (s, body) => {
  const res = await fetch(s.url + '/v1/events', { method: 'POST', body, headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/x-ndjson' } });
  const j = await res.json();
  if (res.status !== 200) throw new Error(`ingest ${res.status}: ${JSON.stringify(j)}`);
  return j;
};
const pct = (xs, p) => { if (!xs.length) return NaN; const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const r1 = (x) => Math.round(x * 10) / 10;

// 1. detect on the sample file
let t = performance.now();
const d = node([cli, 'detect', sampleFile, '--policy', policy, '--stats'], { stdio: ['ignore', 'ignore', 'pipe'] });
const detectMs = performance.now() - t;
const dstats = JSON.parse(d.stderr.trim().split('\n').pop());

// 2. sustained HTTP ingest of the same events
const s1 = await startServe(join(work, 'throughput.db'));
const batches = [];
for (let i = 0; i < sample.length; i += BATCH) batches.push(sample.slice(i, i + BATCH).join('\n'));
t = performance.now();
let accepted = 0;
const rtt = [];
for (const b of batches) { const t0 = performance.now(); accepted += (await post(s1, b)).accepted; rtt.push(performance.now() - t0); }
const ingestMs = performance.now() - t;
const alerts1 = (await (await fetch(s1.url + '/v1/alerts?limit=500', { headers: { authorization: `Bearer ${s1.token}` } })).json()).alerts.length;
await s1.stop();
const dbBytes = statSync(join(work, 'throughput.db')).size;

// 3. paced ingest, latency from request start to the alert version on the stream
const s2 = await startServe(join(work, 'latency.db'));
const sentAt = new Map(); // ts of each net.send -> wall ms its request started
const lat = [], latFirst = [];
const seen = new Set();
const ac = new AbortController();
const stream = await fetch(s2.url + '/v1/stream', { headers: { authorization: `Bearer ${s2.token}` }, signal: ac.signal });
const reading = (async () => {
  const reader = stream.body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const now = performance.now();
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, i); buf = buf.slice(i + 2);
        if (!frame.includes('event: alert')) continue;
        const a = JSON.parse(frame.split('\n').find((l) => l.startsWith('data: ')).slice(6));
        if (a.final) continue; // finals come when a chain closes, a window later by design
        const at = sentAt.get(a.last_ts);
        if (at === undefined) continue;
        lat.push(now - at);
        if (!seen.has(a.id)) { seen.add(a.id); latFirst.push(now - at); }
      }
    }
  } catch { /* aborted */ }
})();
const paced = lines.slice(0, rate * seconds);
const interval = (BATCH / rate) * 1000;
const start = performance.now();
let behind = 0;
for (let i = 0, k = 0; i < paced.length; i += BATCH, k++) {
  const due = start + k * interval;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait)); else behind++;
  const chunk = paced.slice(i, i + BATCH);
  const t0 = performance.now();
  for (const l of chunk) if (l.includes('"net.send"')) { const ts = JSON.parse(l).ts; if (!sentAt.has(ts)) sentAt.set(ts, t0); }
  await post(s2, chunk.join('\n'));
}
const pacedMs = performance.now() - start;
await new Promise((r) => setTimeout(r, 2500));
ac.abort();
await reading;
await s2.stop();
rmSync(work, { recursive: true, force: true });

const result = {
  events: sample.length,
  detect_events_per_s: Math.round(dstats.ingest.lines / (detectMs / 1000)),
  http_ingest_events_per_s: Math.round(accepted / (ingestMs / 1000)),
  http_vs_detect: Math.round(((accepted / ingestMs) / (dstats.ingest.lines / detectMs)) * 1000) / 1000,
  batch_rtt_ms: { p50: r1(pct(rtt, 50)), p99: r1(pct(rtt, 99)) },
  alerts: { detect: dstats.alerts, server: alerts1 },
  db_bytes_per_event: Math.round(dbBytes / accepted),
  latency: {
    target_events_per_s: rate, achieved_events_per_s: Math.round(paced.length / (pacedMs / 1000)), batches_late: behind,
    alert_versions: lat.length, p50_ms: r1(pct(lat, 50)), p99_ms: r1(pct(lat, 99)), max_ms: r1(Math.max(...lat)),
    first_version_p99_ms: r1(pct(latFirst, 99)),
  },
};
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
