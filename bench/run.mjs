// npm run bench: generates fleet files with `simulate` (seed 7), the sparse and the dense mix at
// 200 devices × 24 h (≈1 M events) and × 120 h (≈5 M), then measures side by side, in one run, the
// parse floor and the full `detect` on each file; repeats and reports medians. The runs go round
// the files (run 1 of every file, then run 2, ...), so a burst of load on this shared machine
// falls on all of them alike, and the dense/sparse comparison is made within one run.
// Usage: node --expose-gc bench/run.mjs [--runs N] [--quick]   (--quick keeps only the 1M files)
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

/** the targets printed next to the figures */
const TARGET = { sparseRatio: 0.65, denseRatio: 0.45, densePerEvent: 1.3, rssMb1M: 200, rssGrowth: 0.1 };

function node(argv, opts = {}) {
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
}

function fleet(mix, devices, hours) {
  // the sparse files keep their old place: other benchmarks (bench/ingest.mjs, nats.mjs) reuse them
  const dir = join(out, mix === 'sparse' ? `fleet-${devices}x${hours}` : `fleet-${mix}-${devices}x${hours}`);
  const file = join(dir, 'fleet.ndjson');
  if (!existsSync(file)) {
    node([cli, 'simulate', '--out', dir, '--devices', String(devices), '--hours', String(hours), '--seed', '7', '--mix', mix], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return file;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const r3 = (x) => Math.round(x * 1000) / 1000;

function floorRun(file) {
  const f = JSON.parse(node([join(root, 'bench/parse-floor.mjs'), file]).stdout);
  return { lines: f.lines, evps: f.lines / (f.ms / 1000), rss: f.max_rss_bytes };
}

function detectRun(file) {
  const t = process.hrtime.bigint();
  const d = node([cli, 'detect', file, '--policy', file + '.policy.yaml', '--stats'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const stats = JSON.parse(d.stderr.trim().split('\n').pop());
  return { evps: stats.ingest.lines / (ms / 1000), rss: stats.max_rss_bytes, stats };
}

const SIZES = [{ size: '1M', hours: 24 }, ...(quick ? [] : [{ size: '5M', hours: 120 }])];
const cases = [];
for (const { size, hours } of SIZES) for (const mix of ['sparse', 'dense']) cases.push({ mix, size, file: fleet(mix, 200, hours), floor: [], detect: [] });

for (let i = 0; i < runs; i++) {
  for (const c of cases) {
    c.floor.push(floorRun(c.file));
    c.detect.push(detectRun(c.file));
  }
}

const results = cases.map((c) => {
  const floor = median(c.floor.map((r) => r.evps)), detect = median(c.detect.map((r) => r.evps));
  const stats = c.detect[c.detect.length - 1].stats;
  return {
    mix: c.mix, size: c.size, file: c.file, bytes: statSync(c.file).size, events: c.floor[0].lines,
    floor_events_per_s: Math.round(floor), detect_events_per_s: Math.round(detect),
    ratio: r3(detect / floor),
    ratios: c.detect.map((d, i) => r3(d.evps / c.floor[i].evps)),
    detect_ns_per_event: Math.round(1e9 / detect),
    peak_rss_mb: Math.round(median(c.detect.map((r) => r.rss)) / 1e5) / 10, floor_rss_mb: Math.round(median(c.floor.map((r) => r.rss)) / 1e5) / 10,
    alerts: stats.alerts, contexts_peak: stats.engine.contextsPeak, late: stats.engine.late,
  };
});
const find = (mix, size) => results.find((r) => r.mix === mix && r.size === size);
const state = JSON.parse(node(['--expose-gc', join(root, 'bench/state-size.mjs'), find('sparse', '1M').file]).stdout);

// dense time per event over sparse time per event: from the medians, and run by run (same run)
const perEvent = SIZES.map(({ size }) => {
  const s = cases.find((c) => c.mix === 'sparse' && c.size === size), d = cases.find((c) => c.mix === 'dense' && c.size === size);
  return {
    size, dense_over_sparse: r3(find('sparse', size).detect_events_per_s / find('dense', size).detect_events_per_s),
    per_run: s.detect.map((sr, i) => r3(sr.evps / d.detect[i].evps)),
  };
});
const rssGrowth = quick ? [] : ['sparse', 'dense'].map((mix) => ({ mix, pct: Math.round((find(mix, '5M').peak_rss_mb / find(mix, '1M').peak_rss_mb - 1) * 1000) / 10 }));

const mark = (ok) => (ok ? 'PASS' : 'MISS');
const targets = [];
for (const r of results) {
  const want = r.mix === 'dense' ? TARGET.denseRatio : TARGET.sparseRatio;
  targets.push({ target: `${r.mix} ${r.size} detect/floor ratio >= ${want}`, value: r.ratio, pass: r.ratio >= want });
}
for (const p of perEvent) targets.push({ target: `${p.size} dense time per event <= ${TARGET.densePerEvent}x sparse`, value: p.dense_over_sparse, pass: p.dense_over_sparse <= TARGET.densePerEvent });
for (const r of results.filter((x) => x.size === '1M')) targets.push({ target: `${r.mix} 1M peak RSS <= ${TARGET.rssMb1M} MB`, value: r.peak_rss_mb, pass: r.peak_rss_mb <= TARGET.rssMb1M });
for (const g of rssGrowth) targets.push({ target: `${g.mix} peak RSS 5M vs 1M within ±${TARGET.rssGrowth * 100}%`, value: g.pct, pass: Math.abs(g.pct) <= TARGET.rssGrowth * 100 });

console.log(`runs per file: ${runs} (medians; runs go round the files, so ratios are measured side by side)\n`);
console.log('mix     events     file MB  parse floor ev/s  detect ev/s  ratio  per-run ratios        peak RSS MB  alerts  ctx peak');
for (const r of results) {
  console.log(`${r.mix.padEnd(7)} ${String(r.events).padEnd(10)} ${(r.bytes / 1e6).toFixed(0).padStart(7)}  ${String(r.floor_events_per_s).padStart(16)}  ${String(r.detect_events_per_s).padStart(11)}  ${r.ratio.toFixed(3)}  ${r.ratios.join(' ').padEnd(20)}  ${String(r.peak_rss_mb).padStart(11)}  ${String(r.alerts).padStart(6)}  ${r.contexts_peak}`);
}
console.log('');
for (const p of perEvent) console.log(`dense ÷ sparse detect time per event, ${p.size}: ${p.dense_over_sparse.toFixed(3)}× (per run: ${p.per_run.join(' ')})`);
for (const g of rssGrowth) console.log(`peak RSS 5M vs 1M, ${g.mix}: ${g.pct >= 0 ? '+' : ''}${g.pct}%`);
console.log(`state: ${state.bytes_per_context} bytes per live context (sparse 1M, ${state.live_contexts} contexts after ${state.events} events)`);
console.log('\ntargets:');
for (const t of targets) console.log(`  ${mark(t.pass)}  ${t.target.padEnd(46)} ${t.value}`);
console.log('\n' + JSON.stringify({ results, per_event: perEvent, rss_growth: rssGrowth, targets, state }));
