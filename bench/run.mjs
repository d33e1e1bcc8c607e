// npm run bench: generates fleet files with `simulate`, then measures side by side, in one run,
// the parse floor and the full `detect` on the same file; repeats and reports medians.
// Usage: node --expose-gc bench/run.mjs [--runs N] [--quick]   (--quick skips the 5M-event file)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/cli/main.js');
const out = join(root, 'bench/out');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 3) || 3;
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
mkdirSync(out, { recursive: true });

function node(argv, opts = {}) {
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
}

function fleet(devices, hours) {
  const dir = join(out, `fleet-${devices}x${hours}`);
  const file = join(dir, 'fleet.ndjson');
  if (!existsSync(file)) node([cli, 'simulate', '--out', dir, '--devices', String(devices), '--hours', String(hours), '--seed', '7'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return file;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

function measure(file) {
  const floor = [], detect = [], rssDetect = [], rssFloor = [];
  let lines = 0, stats;
  for (let i = 0; i < runs; i++) {
    const f = JSON.parse(node([join(root, 'bench/parse-floor.mjs'), file]).stdout);
    lines = f.lines;
    floor.push(f.lines / (f.ms / 1000));
    rssFloor.push(f.max_rss_bytes);
    const t = process.hrtime.bigint();
    const d = node([cli, 'detect', file, '--policy', file + '.policy.yaml', '--stats'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    stats = JSON.parse(d.stderr.trim().split('\n').pop());
    detect.push(stats.ingest.lines / (ms / 1000));
    rssDetect.push(stats.max_rss_bytes);
  }
  return {
    file, bytes: statSync(file).size, events: lines,
    floor_events_per_s: Math.round(median(floor)), detect_events_per_s: Math.round(median(detect)),
    ratio: Math.round((median(detect) / median(floor)) * 1000) / 1000,
    ratios: detect.map((d, i) => Math.round((d / floor[i]) * 1000) / 1000),
    peak_rss_mb: Math.round(median(rssDetect) / 1e5) / 10, floor_rss_mb: Math.round(median(rssFloor) / 1e5) / 10,
    alerts: stats.alerts, contexts_peak: stats.engine.contextsPeak, late: stats.engine.late,
  };
}

const results = [];
const small = fleet(200, 24);
results.push(measure(small));
// same fleet, five times longer: memory must follow live contexts, not input length
if (!quick) results.push(measure(fleet(200, 120)));
const state = JSON.parse(node(['--expose-gc', join(root, 'bench/state-size.mjs'), small]).stdout);

console.log(`runs per size: ${runs} (medians; the machine is shared, so ratios are measured side by side)\n`);
console.log('events      file MB  parse floor ev/s  detect ev/s  ratio  per-run ratios        peak RSS MB  alerts  ctx peak');
for (const r of results) {
  console.log(`${String(r.events).padEnd(11)} ${(r.bytes / 1e6).toFixed(0).padStart(7)}  ${String(r.floor_events_per_s).padStart(16)}  ${String(r.detect_events_per_s).padStart(11)}  ${r.ratio.toFixed(3)}  ${r.ratios.join(' ').padEnd(20)}  ${String(r.peak_rss_mb).padStart(11)}  ${String(r.alerts).padStart(6)}  ${r.contexts_peak}`);
}
if (results.length === 2) console.log(`\npeak RSS ${results[1].events} vs ${results[0].events} events: ${(((results[1].peak_rss_mb / results[0].peak_rss_mb) - 1) * 100).toFixed(1)}%`);
console.log(`state: ${state.bytes_per_context} bytes per live context (${state.live_contexts} contexts after ${state.events} events)`);
console.log('\n' + JSON.stringify({ results, state }));
