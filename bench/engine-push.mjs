// Isolated timings of the detect stages on a fleet file: ingest (read + split + parse + validate,
// as `detect` does it) and the engine alone (Engine.push + end over preloaded accepted events).
// Usage: node --expose-gc bench/engine-push.mjs FILE [--policy FILE] [--runs N] [--only ingest|engine]
import { readEvents } from '../dist/ingest/read-events.js';
import { Engine } from '../dist/analytics/engine.js';
import { DEFAULT_POLICY } from '../dist/model/index.js';
import { loadPolicy } from '../dist/policy/index.js';

const args = process.argv.slice(2);
const file = args[0];
const opt = (k) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
const runs = Number(opt('--runs') ?? 3);
const only = opt('--only');
let policy = DEFAULT_POLICY;
if (opt('--policy')) policy = (await loadPolicy(opt('--policy'))).value;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function ingest(keep) {
  const out = [];
  const t = process.hrtime.bigint();
  for await (const batch of readEvents([file], () => {})) if (keep) out.push(batch);
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, batches: out };
}

const res = {};
if (only !== 'engine') {
  const ms = [];
  for (let i = 0; i < runs; i++) { ms.push((await ingest(false)).ms); global.gc?.(); }
  res.ingest_ms = ms.map(Math.round); res.ingest_median = Math.round(median(ms));
}
if (only !== 'ingest') {
  const { batches } = await ingest(true);
  const ms = [];
  let alerts = 0;
  for (let i = 0; i < runs; i++) {
    global.gc?.();
    alerts = 0;
    const engine = new Engine({ policy, lateness: 30_000, onAlert: (u) => { if (u.final) alerts++; } });
    const t = process.hrtime.bigint();
    for (const b of batches) for (const x of b) engine.push(x);
    engine.end();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  res.engine_ms = ms.map(Math.round); res.engine_median = Math.round(median(ms)); res.engine_min = Math.round(Math.min(...ms)); res.alerts = alerts;
}
console.log(JSON.stringify(res));
