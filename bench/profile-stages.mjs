// Self time of a `node --cpu-prof` profile of `detect`, grouped by stage (the README's "profile
// by stage" tables). Functions are placed by their source file, through the bundle's source map
// (dist/cli/detect-command.js is one esbuild bundle); start-up is every sample before the first
// one in acceptLine.
// Usage: node bench/profile-stages.mjs FILE.cpuprofile [--top N]
import { readFileSync, existsSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const [file] = process.argv.slice(2);
const topN = Number(process.argv[process.argv.indexOf('--top') + 1]) || 0;
const prof = JSON.parse(readFileSync(file, 'utf8'));

const maps = new Map();
function sourceOf(url, line, col) {
  if (!url.startsWith('file://')) return url;
  if (!maps.has(url)) {
    const path = fileURLToPath(url);
    maps.set(url, existsSync(path + '.map') ? new SourceMap(JSON.parse(readFileSync(path + '.map', 'utf8'))) : null);
  }
  const m = maps.get(url);
  const e = m?.findEntry(line, col);
  return e?.originalSource ?? url;
}

/** [stage, test on "source file|function"] in order: the first that matches wins */
const STAGES = [
  ['JSON.parse (self time of acceptLine, where V8 counts it)', (s) => /accept-line/.test(s)],
  ['validation (normalize-event, valid-fast)', (s) => /normalize\/(valid-fast|normalize-event|parse-)/.test(s)],
  ['engine: reorder buffer', (s) => /reorder-buffer/.test(s)],
  ['engine: window records (Recent, rows)', (s) => /an1731\/(recent|rows|send-rows|encrypt-rows)\./.test(s)],
  ['engine: chain evaluation (bounds, facets, views)', (s) => /an1731\//.test(s)],
  ['engine: dispatch, contexts, idle sweep', (s) => /analytics\//.test(s)],
  ['read + line split + glue', (s) => /ingest\/|app\/detect|node:|^$|\|\(program\)/.test(s) || !s.includes('/')],
];

const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map(); // node id -> ms
const deltas = prof.timeDeltas;
let startup = 0, seenAccept = false;
const isAccept = (n) => n.callFrame.functionName === 'acceptLine';
for (let i = 0; i < prof.samples.length; i++) {
  const n = byId.get(prof.samples[i]);
  const ms = (deltas[i + 1] ?? 0) / 1000;
  if (!seenAccept && isAccept(n)) seenAccept = true;
  if (!seenAccept) { startup += ms; continue; }
  self.set(n.id, (self.get(n.id) ?? 0) + ms);
}

const stages = new Map(), fns = new Map();
let total = startup;
for (const [id, ms] of self) {
  const { functionName, url, lineNumber, columnNumber } = byId.get(id).callFrame;
  total += ms;
  let stage;
  if (functionName === '(garbage collector)') stage = 'garbage collection';
  else if (functionName === '(idle)') stage = 'idle (waiting for reads)';
  else {
    const src = sourceOf(url, lineNumber, columnNumber);
    const key = `${src}|${functionName}`;
    stage = STAGES.find(([, test]) => test(key))?.[0] ?? 'other';
    const f = `${functionName || '(anonymous)'} ${src.replace(/^.*\/src\//, '')}`;
    fns.set(f, (fns.get(f) ?? 0) + ms);
  }
  stages.set(stage, (stages.get(stage) ?? 0) + ms);
}
stages.set('start-up (before the first line is parsed)', startup);
const pct = (ms) => `${Math.round(ms).toLocaleString('en')} ms (${Math.round((ms / total) * 100)} %)`;
for (const [s, ms] of [...stages].sort((a, b) => b[1] - a[1])) console.log(`| ${s} | ${pct(ms)} |`);
console.log(`| total | ${Math.round(total).toLocaleString('en')} ms |`);
if (topN) {
  console.log('\ntop functions by self time:');
  for (const [f, ms] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, topN)) console.log(`${ms.toFixed(0).padStart(6)} ms  ${f}`);
}
