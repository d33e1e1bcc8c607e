// CPU profile of `detect` on a telemetry file, or on its first N events: runs the built CLI under
// `node --cpu-prof` and prints the functions with the most self time (original file:line through
// the bundle's source map), then the same samples by stage (cpu-profile.mjs). The profile is kept
// in bench/out/profiles/ for DevTools or profile-stages.mjs.
// Usage: node bench/profile-detect.mjs FILE [--events N] [--top 25] [--policy P] [--interval US]
//   the policy defaults to FILE.policy.yaml when it exists (the fleet's); the sampling interval to
//   250 µs (node's 1000 µs gives too few samples for a run of a second or two)
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { readProfile, STARTUP, where } from './cpu-profile.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/cli/main.js');
const argv = process.argv.slice(2);
const opt = (name) => { const i = argv.indexOf(name); return i === -1 ? undefined : argv[i + 1]; };
const file = argv[0];
if (!file || file.startsWith('--') || !existsSync(file)) {
  console.error('usage: node bench/profile-detect.mjs FILE [--events N] [--top 25] [--policy P] [--interval US]');
  process.exit(2);
}
if (!existsSync(cli)) { console.error('dist/cli/main.js is missing: npm run build first'); process.exit(2); }
const events = opt('--events') === undefined ? undefined : Number(opt('--events'));
if (events !== undefined && !(Number.isInteger(events) && events > 0)) { console.error('--events: want a positive integer'); process.exit(2); }
const top = Number(opt('--top') ?? 25);
const interval = Number(opt('--interval') ?? 250);
const policy = opt('--policy') ?? (existsSync(file + '.policy.yaml') ? file + '.policy.yaml' : undefined);

/** the first n lines of `from` into `to` */
async function head(from, to, n) {
  const out = createWriteStream(to);
  let k = 0;
  for await (const line of createInterface({ input: createReadStream(from), crlfDelay: Infinity })) {
    if (!out.write(line + '\n')) await once(out, 'drain');
    if (++k >= n) break;
  }
  out.end();
  await once(out, 'close');
}

const tmp = mkdtempSync(join(tmpdir(), 'ciphertrail-prof-'));
try {
  let input = file;
  if (events !== undefined) { input = join(tmp, 'head.ndjson'); await head(file, input, events); }
  const profDir = join(tmp, 'prof');
  const r = spawnSync(process.execPath, [
    '--cpu-prof', '--cpu-prof-dir', profDir, `--cpu-prof-interval=${interval}`,
    cli, 'detect', input, ...(policy ? ['--policy', policy] : []), '--stats',
  ], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`detect failed (${r.status}): ${r.stderr}`);
  const stats = JSON.parse(r.stderr.trim().split('\n').pop());
  const [prof] = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
  const keepDir = join(root, 'bench/out/profiles');
  mkdirSync(keepDir, { recursive: true });
  const kept = join(keepDir, `${basename(dirname(file))}-${basename(file, '.ndjson')}-${events ?? 'all'}.cpuprofile`);
  renameSync(join(profDir, prof), kept);

  const p = readProfile(kept);
  const pct = (ms) => ((ms / p.total) * 100).toFixed(1).padStart(5);
  console.log(`detect ${file}${events !== undefined ? ` (first ${events.toLocaleString('en')} events)` : ''}${policy ? ` --policy ${policy}` : ''}`);
  console.log(`${stats.ingest.lines.toLocaleString('en')} events, ${stats.alerts} alerts, ${Math.round(p.total).toLocaleString('en')} ms sampled every ${interval} µs; profile: ${kept}\n`);
  console.log(`top ${top} by self time (${STARTUP}: ${Math.round(p.startup)} ms, ${pct(p.startup).trim()} %, not listed)`);
  console.log(' #   self ms      %  function                              file:line');
  p.functions.slice(0, top).forEach((f, i) => {
    console.log(`${String(i + 1).padStart(2)}  ${f.ms.toFixed(1).padStart(8)}  ${pct(f.ms)}  ${f.name.padEnd(36)}  ${where(f)}`);
  });
  console.log('\nby stage:');
  for (const [s, ms] of p.stages) console.log(`  ${s.padEnd(58)} ${Math.round(ms).toString().padStart(6)} ms  ${pct(ms)} %`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
