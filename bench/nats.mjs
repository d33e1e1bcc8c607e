// npm run bench:nats: our own cost of scale-out, whatever the host (real nats-server -js, real
// processes, repeated, medians reported):
//  1. efficiency: the same ≥1M-event fleet file drained by 1, 2 and 4 workers started without
//     --partitions (leases): CPU seconds of every process (workers + nats-server) per million
//     events, each worker's share of the events and of the CPU; every run's alerts must equal
//     detect's and every event be processed once (the bench fails otherwise);
//  2. latency over the floor: publish→alert at a steady 5,000 events/s through a worker and through
//     bench/echo-worker.mjs (same path, no engine), alternated in pairs: p50/p99 added, scavenges.
// Usage: node bench/nats.mjs [--runs N] [--latency-runs N] [--seconds S] [--latency-only] [--no-latency]
//   [--efficiency-only] [--static (also the hand-balanced --partitions layout: 1 and 2 workers,
//   drain and pipeline rates)] [--drain-only]
//   [--hours H (fleet of 200 devices × H hours: 24 = 1 M events, 120 = 5 M)] [--partitions N]
//   [--worker-node-args "V8 flags"] [--worker-node-options "NODE_OPTIONS"] [--plain] [--batch-lines N]
//   [--approximate-keys (publish without key uses on CT_USES; default: with, as for files)]
//   [--latency-exact-keys (the latency feed with key uses; default: without, as publish - and serve --nats)]
//   [--no-floor (skip the latency floor)] [--latency-static (the latency worker with --partitions: no leases)]
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcp } from 'node:net';
import { tmpdir, cpus } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/cli/main.js');
const out = join(root, 'bench/out');
const args = process.argv.slice(2);
const opt = (name, d) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : d; };
const runs = args.includes('--latency-only') ? 0 : opt('--runs', 3), seconds = opt('--seconds', 20);
// --partitions N: partitions of the stream (default 8: finer than 2 workers, so they can be balanced)
const PARTITIONS = opt('--partitions', 8);
const pubExtra = [...(args.includes('--plain') ? ['--no-compress'] : []), ...(args.includes('--approximate-keys') ? ['--approximate-keys'] : [])];
const batchArg = args.includes('--batch-lines') ? ['--batch-lines', args[args.indexOf('--batch-lines') + 1]] : [];
const natsBin = ['/usr/sbin/nats-server', '/usr/bin/nats-server'].find((p) => existsSync(p)) ?? 'nats-server';
mkdirSync(out, { recursive: true });

function node(argv) {
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function freePort() {
  return new Promise((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
}
async function startNats() {
  const port = await freePort(), store = mkdtempSync(join(tmpdir(), 'ct-bench-nats-'));
  const proc = spawn(natsBin, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', store], { stdio: 'ignore' });
  for (;;) {
    const ok = await new Promise((r) => { const c = tcp(port, '127.0.0.1', () => { c.destroy(); r(true); }); c.once('error', () => r(false)); });
    if (ok) break;
    await sleep(50);
  }
  return {
    pid: proc.pid,
    url: `nats://127.0.0.1:${port}`,
    async stop() { const e = new Promise((r) => proc.once('exit', r)); process.kill(proc.pid, 'SIGTERM'); await e; rmSync(store, { recursive: true, force: true }); },
  };
}
/** CPU seconds (user + system) a process has used so far, from /proc (Linux) */
function cpuSeconds(pid) {
  try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100; } catch { return NaN; }
}
/** peak resident memory (VmHWM) of a process so far, MB */
function peakRssMb(pid) {
  try { return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024; } catch { return NaN; }
}
const children = new Set();
process.once('exit', () => { for (const c of children) c.kill(); });
function run(argv, script = cli) {
  // --worker-node-options "...": NODE_OPTIONS of the ciphertrail processes (e.g. V8 GC flags)
  const nodeOptions = args.includes('--worker-node-options') ? args[args.indexOf('--worker-node-options') + 1] : undefined;
  // --worker-node-args "...": node command-line flags of the ciphertrail processes (V8 flags NODE_OPTIONS refuses)
  const nodeArgs = args.includes('--worker-node-args') ? args[args.indexOf('--worker-node-args') + 1].split(' ').filter(Boolean) : [];
  const child = spawn(process.execPath, [...nodeArgs, script, ...argv], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CT_BENCH_STATS: '1', ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) } });
  children.add(child);
  // last CPU reading before exit (sampled: /proc is gone once it exits)
  const timer = setInterval(() => {
    const c = cpuSeconds(child.pid); if (!Number.isNaN(c)) run.cpu.set(child.pid, c);
    const m = peakRssMb(child.pid); if (!Number.isNaN(m)) run.rss.set(child.pid, m);
  }, 50);
  child.once('exit', () => { children.delete(child); clearInterval(timer); });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const done = new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve(err) : reject(new Error(`${argv.join(' ')}: exit ${code}: ${err}`)))));
  done.pid = child.pid;
  return done;
}
run.cpu = new Map();
run.rss = new Map();

// the fleet file (shared with npm run bench) and its policy
// --hours H: the fleet `simulate --devices 200 --hours H` (npm run bench makes 24 and 120)
const hours = opt('--hours', 24);
const fleetDir = join(out, `fleet-200x${hours}`);
const file = join(fleetDir, 'fleet.ndjson'), policy = join(fleetDir, 'fleet.ndjson.policy.yaml');
if (!existsSync(file)) node([cli, 'simulate', '--out', fleetDir, '--devices', '200', '--hours', String(hours), '--seed', '7']);
const empty = join(out, 'empty.ndjson');
writeFileSync(empty, '');

async function detectRate() {
  const t = performance.now();
  node([cli, 'detect', file, '--policy', policy]);
  return lines / ((performance.now() - t) / 1000);
}

/** events per partition of the fleet file (the publisher's partitioner), cached beside the file */
async function partitionSizes(f, n) {
  const cache = `${f}.partitions-${n}.json`;
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8'));
  const { partitionOf, deviceOfLine } = await import(join(root, 'dist/nats/partitioner.js'));
  const sizes = new Array(n).fill(0), fd = openSync(f, 'r'), buf = Buffer.alloc(1 << 24);
  let rest = '';
  for (let k; (k = readSync(fd, buf, 0, buf.length, null)) > 0;) {
    const parts = (rest + buf.toString('latin1', 0, k)).split('\n');
    rest = parts.pop();
    for (const l of parts) if (l) sizes[partitionOf(deviceOfLine(l) ?? '', n)]++;
  }
  if (rest) sizes[partitionOf(deviceOfLine(rest) ?? '', n)]++;
  closeSync(fd);
  writeFileSync(cache, JSON.stringify(sizes));
  return sizes;
}
/** two workers balanced as an operator would: partitions by events, largest first, each to the
 *  lighter worker; the fleet stage (~0.3 CPU s per million events, measured alone) goes with the
 *  lighter one at the end */
const sizes = await partitionSizes(file, PARTITIONS);
// the file's events: the same non-empty lines the partition counts come from (one read, cached)
const lines = sizes.reduce((a, b) => a + b, 0);
console.error(`fleet file: ${lines.toLocaleString()} events (${file}); ${cpus().length} cores; ${runs} run(s)`);
const halves = [[], []], load = [0, 0];
for (const p of sizes.map((n, p) => p).sort((a, b) => sizes[b] - sizes[a])) { const h = load[0] <= load[1] ? 0 : 1; halves[h].push(p); load[h] += sizes[p]; }
const fleetSide = load[0] <= load[1] ? 0 : 1;
console.error(`partitions: ${sizes.join(' ')} events; 2 workers: ${halves.map((h, i) => `${h.sort((a, b) => a - b).join(',')} (${load[i]}${i === fleetSide ? ' + fleet stage' : ''})`).join(' | ')}`);
const workerSets = {
  1: [['--partitions', `0-${PARTITIONS - 1}`, '--fleet']],
  2: halves.map((h, i) => ['--partitions', h.join(','), ...(i === fleetSide ? ['--fleet'] : [])]),
};

/** backlog: publish the whole file, then time the workers draining it (to the last final alert) */
async function natsRate(n) {
  const nats = await startNats();
  try {
    const tp = performance.now();
    node([cli, 'publish', file, '--nats', nats.url, '--partitions', String(PARTITIONS), '--end', ...pubExtra, ...batchArg]);
    const publish = lines / ((performance.now() - tp) / 1000);
    const t = performance.now(), natsCpu0 = cpuSeconds(nats.pid);
    const ws = workerSets[n].map((w) => run(['worker', '--nats', nats.url, '--policy', policy, '--until-end', ...w]));
    const logs = await Promise.all(ws);
    const wall = (performance.now() - t) / 1000;
    // the workers' own run time (from connecting to their last checkpoint) vs the wall time from spawning them
    const inner = Math.max(...logs.map((l) => Number(/worker: \d+ event\(s\) in ([\d.]+) s/.exec(l)?.[1] ?? NaN)));
    // where the cores went while the workers drained the backlog (publisher finished before)
    const cores = { nats: +((cpuSeconds(nats.pid) - natsCpu0) / wall).toFixed(2), workers: ws.map((w) => +(run.cpu.get(w.pid) / wall).toFixed(2)), wall: +wall.toFixed(2), startup: +(wall - inner).toFixed(2) };
    return { publish, workers: lines / wall, cores };
  } finally { await nats.stop(); }
}

/** end to end: workers running, then publish; from publish start to the last final alert */
async function natsPipeline(n) {
  const nats = await startNats();
  try {
    node([cli, 'publish', empty, '--nats', nats.url, '--partitions', String(PARTITIONS)]); // sets up streams and partitions
    const t = performance.now();
    const ws = workerSets[n].map((w) => run(['worker', '--nats', nats.url, '--policy', policy, '--until-end', ...w]));
    await run(['publish', file, '--nats', nats.url, '--partitions', String(PARTITIONS), '--end', ...pubExtra, ...batchArg]);
    await Promise.all(ws);
    return lines / ((performance.now() - t) / 1000);
  } finally { await nats.stop(); }
}

/** the efficiency target: n workers started without --partitions (leases) drain the backlog;
 *  CPU seconds of every process (workers + nats-server) per million events, each worker's share
 *  of the events and of the CPU, and the alerts compared with detect's (asserted) */
let wantAlerts;
async function efficiency(n) {
  wantAlerts ??= node([cli, 'detect', file, '--policy', policy]).stdout.split('\n').filter((l) => l).sort();
  const nats = await startNats();
  try {
    node([cli, 'publish', file, '--nats', nats.url, '--partitions', String(PARTITIONS), '--end', ...pubExtra, ...batchArg]);
    const natsCpu0 = cpuSeconds(nats.pid), t = performance.now();
    const ws = Array.from({ length: n }, (_, i) => run(['worker', '--nats', nats.url, '--policy', policy, '--until-end', '--id', `w${i + 1}`]));
    const logs = await Promise.all(ws);
    const wall = (performance.now() - t) / 1000;
    const natsCpu = cpuSeconds(nats.pid) - natsCpu0;
    logs.forEach((l, i) => writeFileSync(join(out, `efficiency-${n}-w${i + 1}.log`), l));
    const workerCpu = ws.map((w) => run.cpu.get(w.pid));
    const rss = ws.map((w) => run.rss.get(w.pid));
    const events = logs.map((l) => Number(/worker: (\d+) event\(s\)/.exec(l)?.[1] ?? NaN));
    if (events.reduce((a, b) => a + b, 0) !== lines) throw new Error(`${n} workers processed ${events.join('+')} events, not ${lines}: an event processed twice or never (logs: bench/out/efficiency-${n}-w*.log)\n${logs.flatMap((l) => l.split('\n').filter((x) => /lease (lost|released)|timeout/.test(x))).join('\n')}`);
    const got = node([cli, 'alerts', '--nats', nats.url]).stdout.split('\n').filter((l) => l).sort();
    const parity = got.length === wantAlerts.length && got.every((l, i) => l === wantAlerts[i]);
    if (!parity) throw new Error(`${n} workers: ${got.length} alerts, detect ${wantAlerts.length}; not equal`);
    const total = natsCpu + workerCpu.reduce((a, b) => a + b, 0);
    const e = { cpuPerM: total / (lines / 1e6), natsCpu, workerCpu, events, wall, parity, rss };
    return { ...e, steady: steadyOf(e, logs) };
  } finally { await nats.stop(); }
}

/** the steady state of a cold drain: from each worker's first progress line (every 200 ms) past
 *  WARM_SHARE of its own events to its last one (its start-up, leases and JIT warm-up, and its
 *  exit, left out); nats-server's CPU in proportion to the events of that part */
const WARM_SHARE = 0.2;
function steadyOf(e, logs) {
  let cpu = 0, evs = 0;
  logs.forEach((l, i) => {
    const marks = [...l.matchAll(/progress: (\d+) event\(s\), ([\d.]+) CPU-s/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const from = marks.find(([ev]) => ev >= WARM_SHARE * e.events[i]), to = marks.at(-1);
    if (!from || !to || to[0] <= from[0]) return;
    cpu += to[1] - from[1];
    evs += to[0] - from[0];
  });
  const natsCpu = e.natsCpu * (evs / lines);
  return { cpuPerM: (cpu + natsCpu) / (evs / 1e6), natsCpu, workerCpu: e.workerCpu, events: e.events, wall: e.wall, parity: e.parity, rss: e.rss, measuredEvents: evs };
}

const r = { detect: [], publish: [], w1: [], w2: [], p1: [], p2: [] }, cores = { 1: [], 2: [] };
const eff = { 1: [], 2: [], 4: [] }, steady = { 1: [], 2: [], 4: [] };
const effOnly = args.includes('--efficiency-only');
for (let i = 0; i < (args.includes('--latency-only') ? 0 : runs); i++) {
  for (const n of [1, 2, 4]) {
    const e = await efficiency(n);
    eff[n].push(e);
    console.error(`efficiency run ${i + 1}, ${n} worker(s), cold: ${e.cpuPerM.toFixed(2)} CPU-s per million events (nats-server ${e.natsCpu.toFixed(2)} s, workers ${e.workerCpu.map((c) => c.toFixed(2)).join(' ')} s), events ${e.events.join(' ')}, ${e.wall.toFixed(1)} s wall, alerts equal detect's: ${e.parity}`);
    steady[n].push(e.steady);
    console.error(`efficiency run ${i + 1}, ${n} worker(s), steady: ${e.steady.cpuPerM.toFixed(2)} CPU-s per million events over the last ${e.steady.measuredEvents} events`);
  }
}
/** what a worker costs with nothing to do (start-up, leases, connections, exit): the fixed part of
 *  the sizing model, measured on an empty input in the same run */
async function idleWorkerCpu() {
  const nats = await startNats();
  try {
    node([cli, 'publish', empty, '--nats', nats.url, '--partitions', String(PARTITIONS), '--end']);
    const w = run(['worker', '--nats', nats.url, '--policy', policy, '--until-end']);
    await w;
    return run.cpu.get(w.pid);
  } finally { await nats.stop(); }
}
const idle = [];
for (let i = 0; i < (args.includes('--latency-only') ? 0 : runs); i++) idle.push(await idleWorkerCpu());
const fixedCpu = idle.length ? median(idle) : NaN;

/** the run with the median CPU per million events, and the ratio to one worker's median */
const summarize = (runsOf) => Object.fromEntries(Object.entries(runsOf).filter(([, v]) => v.length).map(([n, v]) => {
  const med = [...v].sort((a, b) => a.cpuPerM - b.cpuPerM)[Math.floor(v.length / 2)];
  const cpuSum = med.workerCpu.reduce((a, b) => a + b, 0);
  return [n, { cpu_s_per_million_events: +med.cpuPerM.toFixed(2), runs: v.map((x) => +x.cpuPerM.toFixed(2)), nats_server_cpu_s: +med.natsCpu.toFixed(2),
    workers: med.events.map((ev, i) => ({ events_share: +(ev / lines).toFixed(3), cpu_share: +(med.workerCpu[i] / cpuSum).toFixed(3), cpu_s: +med.workerCpu[i].toFixed(2) })),
    wall_s: +med.wall.toFixed(1), peak_rss_mb: med.rss.map((x) => Math.round(x)), alerts_equal_detect: v.every((x) => x.parity) }];
}));
const ratios = (rep) => { for (const n of ['2', '4']) if (rep[n] && rep['1']) rep[n].over_one_worker = +(rep[n].cpu_s_per_million_events / rep['1'].cpu_s_per_million_events).toFixed(3); return rep; };
const effReport = { steady: ratios(summarize(steady)), cold: ratios(summarize(eff)) };
// the sizing model (docs/scale-out.md): a worker costs a per-event part, the same whatever the
// number of workers (one worker's steady state, nats-server included), and a fixed part per
// process: start-up (an idle worker's CPU) plus warm-up, together one worker's cold drain minus its
// steady cost of the same events. Beside it, what was measured.
const sizing = effReport.cold['1'] && effReport.steady['1'] ? (() => {
  const M = lines / 1e6, perM = effReport.steady['1'].cpu_s_per_million_events;
  const fixed = (effReport.cold['1'].cpu_s_per_million_events - perM) * M;
  return { cpu_s_per_million_events: perM, fixed_cpu_s_per_worker: +fixed.toFixed(2), of_which_start_up: Number.isFinite(fixedCpu) ? +fixedCpu.toFixed(2) : null,
    rows: Object.keys(effReport.cold).map((n) => ({ workers: Number(n),
      model_cold: +(perM + (Number(n) * fixed) / M).toFixed(2), measured_cold: effReport.cold[n].cpu_s_per_million_events,
      model_steady: perM, measured_steady: effReport.steady[n]?.cpu_s_per_million_events })) };
})() : undefined;
if (effOnly) { console.log(JSON.stringify({ events: lines, partitions: PARTITIONS, efficiency: effReport, sizing }, null, 2)); process.exit(0); }
if (args.includes('--drain-only')) {
  // quick A/B of the data path: CPU seconds of the workers and nats-server per backlog drain
  for (let i = 0; i < runs; i++) for (const n of [1, 2]) {
    const a = await natsRate(n);
    console.log(JSON.stringify({ workers: n, events_per_s: Math.round(a.workers), publish_per_s: Math.round(a.publish), cpu_s: { nats: +(a.cores.nats * a.cores.wall).toFixed(2), workers: a.cores.workers.map((c) => +(c * a.cores.wall).toFixed(2)) }, ...a.cores }));
  }
  process.exit(0);
}
// the static layout (--partitions, balanced by hand): --static
for (let i = 0; i < (args.includes('--static') ? runs : 0); i++) {
  r.detect.push(await detectRate());
  const a = await natsRate(1); r.publish.push(a.publish); r.w1.push(a.workers); cores[1].push(a.cores);
  const b = await natsRate(2); r.w2.push(b.workers); cores[2].push(b.cores);
  console.error(`cores used while draining: 1 worker ${JSON.stringify(a.cores)}, 2 workers ${JSON.stringify(b.cores)}`);
  r.p1.push(await natsPipeline(1));
  r.p2.push(await natsPipeline(2));
  console.error(`run ${i + 1}: detect ${Math.round(r.detect[i])}/s, publish ${Math.round(r.publish[i])}/s, 1 worker ${Math.round(r.w1[i])}/s, 2 workers ${Math.round(r.w2[i])}/s, pipeline 1w ${Math.round(r.p1[i])}/s, 2w ${Math.round(r.p2[i])}/s`);
}

if (args.includes('--no-latency')) {
  const m = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(median(v))]));
  console.log(JSON.stringify({ efficiency: effReport, sizing, ...(args.includes('--static') ? { events_per_s: m, two_over_one_worker: +(m.w2 / m.w1).toFixed(2), one_worker_over_detect: +(m.w1 / m.detect).toFixed(2), cores_while_draining: cores } : {}) }, null, 2));
  process.exit(0);
}

// latency at a steady rate, modelling a live fleet: event time advances smoothly with wall time
// (SPEED× faster: one wall second = SPEED event seconds, so sessions of the scenario set finish
// within the run), many devices active at once. Each device session of the scenario set keeps its
// own timing; copy k of the set starts k·STAGGER later (new device names), so sessions overlap
// and events arrive at a steady rate. Events are sent when wall time reaches their event time;
// latency is measured after a warm-up of one session length (the feed starts empty), i.e. in the
// steady state. (The first round looped the set back to back: event time then jumped by hours
// every 0.8 s and the engine closed every chain at once, which no live fleet does.)
const { connect } = await import('@nats-io/transport-node');
const { openBus } = await import(join(root, 'dist/nats/connection.js'));
const { BatchPublisher } = await import(join(root, 'dist/nats/publisher.js'));
const scDir = join(out, 'scenarios');
if (!existsSync(join(scDir, 'all.ndjson'))) node([cli, 'simulate', '--out', scDir, '--scenario', 'all', '--seed', '1']);
const base = readFileSync(join(scDir, 'all.ndjson'), 'utf8').split('\n').filter((l) => l).map((l) => JSON.parse(l)).sort((a, b) => a.ts - b.ts);
const RATE = 5000, TICK = 2, SPEED = opt('--speed', 100), WARM = opt('--warm', 20);
const sessions = new Map();
for (const e of base) { let s = sessions.get(e.device); if (!s) sessions.set(e.device, s = []); s.push(e); }
// a session starts at its offset within its scenario group (minutes), not at its day offset
const sessionList = [...sessions.values()].map((evs) => ({ evs, first: evs[0].ts, offset: (evs[0].ts - base[0].ts) % 3_600_000 }));
const STAGGER = Math.round((base.length / RATE) * SPEED * 1000); // event ms between copies: RATE events/s in the steady state
const T0 = Date.UTC(2026, 0, 5, 8);
const horizon = (WARM + seconds) * SPEED * 1000;
const feed = [];
for (let k = 0; k * STAGGER < horizon; k++) for (const s of sessionList) for (const e of s.evs) {
  const ts = T0 + k * STAGGER + s.offset + (e.ts - s.first);
  if (ts - T0 < horizon) feed.push({ ts, line: JSON.stringify({ ...e, device: `${e.device}~${k}`, ts }), key: `${e.device}~${k}|${ts}` });
}
feed.sort((a, b) => a.ts - b.ts);
console.error(`latency feed: ${feed.length.toLocaleString()} events, ${sessionList.length * Math.ceil(horizon / STAGGER)} device sessions, event time ${SPEED}× wall time, ${WARM} s warm-up + ${seconds} s measured`);
// floor: the echo worker (bench/echo-worker.mjs: pull, unpack, reply; no engine) instead of
// `ciphertrail worker`, the same feed through the same publisher, stream and receiver: the
// latency this machine gives the path without the engine, measured in the same run
async function latencyRun(floor) {
  const nats = await startNats();
  let latency;
  try {
    const bus = await openBus(nats.url, 'bench-latency', PARTITIONS);
    const worker = floor ? run([nats.url, String(PARTITIONS)], join(root, 'bench/echo-worker.mjs')) : run(['worker', '--nats', nats.url, '--policy', join(scDir, 'policy.yaml'), '--lateness', '0s', '--until-end', '--checkpoint', args.includes('--checkpoint') ? args[args.indexOf('--checkpoint') + 1] : '5s', ...(args.includes('--no-replica') ? ['--no-replica'] : []), ...(args.includes('--latency-static') ? ['--partitions', `0-${PARTITIONS - 1}`, '--fleet'] : [])]);
    // lat: from publishing the event at the alert's last_ts; due: from publishing the input that
    // made the worker raise the version (Ct-Progress: the partition's processed event time then;
    // a version raised when a window closes is due at a later event, not at last_ts)
    const sent = new Map(), lat = [], slow = [], due = [], dueSlow = [], ticks = [];
    // this process publishes and receives: its own GC pauses delay the receive time it stamps.
    // Recorded, to tell them from the pipeline's (slow versions overlapping one are counted)
    const { PerformanceObserver } = await import('node:perf_hooks');
    const gcs = [];
    const gcObs = new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.duration >= 1) gcs.push([e.startTime, e.startTime + e.duration]); });
    gcObs.observe({ entryTypes: ['gc'] });
    const sentAt = (ts) => { let lo = 0, hi = ticks.length - 1; while (lo < hi) { const mid = (lo + hi) >> 1; if (ticks[mid][0] >= ts) hi = mid; else lo = mid + 1; } return ticks[lo]?.[1]; };
    let start = performance.now(), measureFrom = Infinity;
    const nc = await connect({ servers: nats.url });
    nc.subscribe('ct.alerts', { callback: (_e, m) => {
      const now = performance.now();
      if (m.headers?.get('Ct-Final') !== '0') return;
      const a = JSON.parse(m.string());
      const t0 = sent.get(`${a.device}|${a.last_ts}`);
      if (t0 !== undefined && t0 >= measureFrom) { const d = now - t0; lat.push(d); if (d > 5) slow.push(Math.round((t0 - start) / 100) / 10); }
      const pg = Number(m.headers?.get('Ct-Progress'));
      const t1 = pg ? sentAt(pg) : undefined;
      if (t1 !== undefined && t1 >= measureFrom) { due.push(now - t1); if (now - t1 > 5) dueSlow.push({ from: t1, to: now }); }
    } });
    await sleep(1000); // the worker is up
    const pub = new BatchPublisher(bus, { batchLines: 1 << 30, lingerMs: 0, end: true, endId: 'latency', ...(args.includes('--plain') ? { compress: false } : {}), ...(args.includes('--latency-exact-keys') ? { exactKeys: true } : {}) });
    const t0 = performance.now();
    start = t0;
    const startEpoch = Date.now();
    measureFrom = t0 + WARM * 1000;
    let i = 0, sentMeasured = 0;
    while (i < feed.length) {
      const now = performance.now();
      const upTo = T0 + (now - t0) * SPEED;
      ticks.push([upTo, now]);
      for (; i < feed.length && feed[i].ts <= upTo; i++) {
        if (!sent.has(feed[i].key)) sent.set(feed[i].key, now);
        if (now >= measureFrom) sentMeasured++;
        await pub.line('latency.ndjson', i + 1, feed[i].line);
      }
      await pub.linger();
      await sleep(TICK);
    }
    console.error('latency feed sent; waiting for the worker');
    const rate = sentMeasured / ((performance.now() - measureFrom) / 1000);
    await pub.end();
    const late = await Promise.race([worker.then(() => false), sleep(60_000).then(() => true)]);
    if (late) {
      console.error('the worker has not ended 60 s after the end marker; status:\n' + node([cli, 'status', '--nats', nats.url]).stdout);
      throw new Error('latency run: the worker did not end');
    }
    const workerLog = await worker;
    if (process.env.CT_NATS_TRACE && !floor) writeFileSync(join(out, 'latency-worker.log'), `bench start ${startEpoch}\n` + workerLog);
    const scavenges = Number(/gc: (\d+) scavenge/.exec(workerLog)?.[1] ?? NaN);
    await sleep(200);
    await nc.close();
    await bus.nc.close();
    gcObs.disconnect();
    const benchGc = dueSlow.filter((x) => gcs.some(([a, b]) => a < x.to && b > x.from)).length;
    latency = { scavenges, benchGc, rate, samples: lat.length, over5: lat.filter((x) => x > 5).length, slowAt: slow, p50: pct(lat, 0.5), p99: pct(lat, 0.99), max: Math.max(...lat),
      due: { slowAt: dueSlow.map((x) => `${Math.round(x.from - start)}+${Math.round(x.to - x.from)}`), samples: due.length, over5: due.filter((x) => x > 5).length, p50: pct(due, 0.5), p99: pct(due, 0.99), max: Math.max(...due) } };
  } finally { await nats.stop(); }
  return latency;
}
// latency over the floor: floor and worker alternated, --latency-runs pairs (default 3), medians
const pairs = [];
for (let i = 0; i < opt('--latency-runs', 3); i++) {
  const floor = args.includes('--no-floor') ? undefined : await latencyRun(true);
  const worker = await latencyRun(false);
  pairs.push({ floor, worker });
  console.error(`latency pair ${i + 1}: worker p50 ${worker.due.p50.toFixed(2)} ms p99 ${worker.due.p99.toFixed(2)} ms, ${worker.scavenges} scavenges${floor ? `; floor p50 ${floor.due.p50.toFixed(2)} ms p99 ${floor.due.p99.toFixed(2)} ms, ${floor.scavenges} scavenges` : ''}`);
}
const medianOf = (f) => median(pairs.map(f).filter((x) => x !== undefined && !Number.isNaN(x)));
const latency = pairs[Math.floor(pairs.length / 2)].worker;
const hasFloor = pairs.every((x) => x.floor);

const m = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, median(v)]));
const f = (x) => Math.round(x).toLocaleString('en-US');
const added = hasFloor ? { p50: medianOf((x) => x.worker.due.p50 - x.floor.due.p50), p99: medianOf((x) => x.worker.due.p99 - x.floor.due.p99) } : undefined;
const report = {
  events: lines, runs, partitions: PARTITIONS,
  efficiency: effReport, sizing,
  ...(args.includes('--static') ? {
    events_per_s: { detect: Math.round(m.detect), publish: Math.round(m.publish), one_worker: Math.round(m.w1), two_workers: Math.round(m.w2), pipeline_one_worker: Math.round(m.p1), pipeline_two_workers: Math.round(m.p2) },
    cores_while_draining: cores,
    ratios: { two_over_one_worker: +(m.w2 / m.w1).toFixed(2), one_worker_over_detect: +(m.w1 / m.detect).toFixed(2), pipeline_two_over_one: +(m.p2 / m.p1).toFixed(2) },
  } : {}),
  latency_over_floor_ms: {
    pairs: pairs.length, rate_events_per_s: Math.round(latency.rate),
    ...(added ? { p50_added: +added.p50.toFixed(2), p99_added: +added.p99.toFixed(2) } : {}),
    worker: { p50: +medianOf((x) => x.worker.due.p50).toFixed(2), p99: +medianOf((x) => x.worker.due.p99).toFixed(2), scavenges: medianOf((x) => x.worker.scavenges), samples: latency.due.samples, over_5ms: latency.due.over5, over_5ms_during_a_gc_pause_of_this_process: latency.benchGc },
    ...(hasFloor ? { floor: { what: 'the same feed through bench/echo-worker.mjs: pull, unpack, one reply per batch; no engine', p50: +medianOf((x) => x.floor.due.p50).toFixed(2), p99: +medianOf((x) => x.floor.due.p99).toFixed(2), scavenges: medianOf((x) => x.floor.scavenges) } } : {}),
    from_last_ts_event: { p50: +latency.p50.toFixed(2), p99: +latency.p99.toFixed(2), samples: latency.samples },
  },
};
console.log(JSON.stringify(report, null, 2));
const line = (rep) => Object.entries(rep).map(([n, e]) => `${n} worker(s) ${e.cpu_s_per_million_events}${e.over_one_worker ? ` (${e.over_one_worker}× one)` : ''}`).join(' | ');
console.error(`
efficiency (CPU-s per million events, workers + nats-server; median of ${runs}; target: 2 and 4 workers ≤ 1.10× one, steady state)
  steady (each worker after its first ${WARM_SHARE * 100}% of events): ${line(effReport.steady)}
  cold (from process start, all of the file): ${line(effReport.cold)}
  shares (steady) events: ${Object.entries(effReport.steady).map(([n, e]) => `${n}: ${e.workers.map((w) => w.events_share).join('/')}`).join('  ')}; CPU: ${Object.entries(effReport.steady).map(([n, e]) => `${n}: ${e.workers.map((w) => w.cpu_share).join('/')}`).join('  ')}
  alerts equal detect's in every run: ${[...Object.values(effReport.steady), ...Object.values(effReport.cold)].every((e) => e.alerts_equal_detect)}
latency at ${f(latency.rate)} events/s over the floor (median of ${pairs.length} pairs): ${added ? `p50 +${added.p50.toFixed(2)} ms (target ≤ 0.5), p99 +${added.p99.toFixed(2)} ms (target ≤ 1.5)` : 'no floor'}; scavenges worker ${report.latency_over_floor_ms.worker.scavenges}${hasFloor ? `, floor ${report.latency_over_floor_ms.floor.scavenges}` : ''}`);
