// Self time of a `node --cpu-prof` profile of `detect`, per function (original source file and
// line, through the bundle's source map: dist/cli/detect-command.js is one esbuild bundle) and
// grouped by stage (the README's "profile by stage" tables). Start-up is every sample before the
// first one in acceptLine. Used by profile-stages.mjs and profile-detect.mjs.
import { readFileSync, existsSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

export const STARTUP = 'start-up (before the first line is parsed)';

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

const maps = new Map();
/** original source and 1-based line of a call frame (generated position where there is no map) */
function origin(url, line, col) {
  if (!url.startsWith('file://')) return { source: url, line: line + 1 };
  if (!maps.has(url)) {
    const path = fileURLToPath(url);
    maps.set(url, existsSync(path + '.map') ? new SourceMap(JSON.parse(readFileSync(path + '.map', 'utf8'))) : null);
  }
  const e = maps.get(url)?.findEntry(line, col);
  if (e?.originalSource) return { source: e.originalSource, line: e.originalLine + 1 };
  return { source: url, line: line + 1 };
}

/** `src/...` for the project's own files, else the path or URL as V8 gave it */
export const shortSource = (s) => s.replace(/^.*?\/src\//, 'src/').replace(/^file:\/\/.*\/node_modules\//, 'node_modules/');

/** { total, startup, stages: [[stage, ms]] by ms, functions: [{ name, source, line, ms }] by ms } */
export function analyzeProfile(prof) {
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map(); // node id -> ms
  let startup = 0, seenAccept = false;
  for (let i = 0; i < prof.samples.length; i++) {
    const n = byId.get(prof.samples[i]);
    const ms = (prof.timeDeltas[i + 1] ?? 0) / 1000;
    if (!seenAccept && n.callFrame.functionName === 'acceptLine') seenAccept = true;
    if (!seenAccept) { startup += ms; continue; }
    self.set(n.id, (self.get(n.id) ?? 0) + ms);
  }
  const stages = new Map(), fns = new Map();
  let total = startup;
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber, columnNumber } = byId.get(id).callFrame;
    total += ms;
    let stage;
    const { source, line } = origin(url, lineNumber, columnNumber);
    if (functionName === '(garbage collector)') stage = 'garbage collection';
    else if (functionName === '(idle)') stage = 'idle (waiting for reads)';
    else stage = STAGES.find(([, test]) => test(`${source}|${functionName}`))?.[0] ?? 'other';
    stages.set(stage, (stages.get(stage) ?? 0) + ms);
    const name = functionName || '(anonymous)';
    const key = `${name}|${source}|${line}`;
    const f = fns.get(key) ?? fns.set(key, { name, source: source ? shortSource(source) : '', line: source ? line : 0, ms: 0 }).get(key);
    f.ms += ms;
  }
  stages.set(STARTUP, startup);
  return {
    total, startup,
    stages: [...stages].sort((a, b) => b[1] - a[1]),
    functions: [...fns.values()].sort((a, b) => b.ms - a.ms),
  };
}

export const readProfile = (file) => analyzeProfile(JSON.parse(readFileSync(file, 'utf8')));

/** "file:line" of a function row, or nothing for V8's own entries (GC, program, idle) */
export const where = (f) => (f.source ? `${f.source}:${f.line}` : '');
