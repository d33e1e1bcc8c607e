// Bytes of engine state per live (device, app) context: heap after feeding the first minutes of
// the fleet file (all contexts still live) minus the heap before, over the live contexts.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Engine } from '../dist/analytics/engine.js';
import { normalizeEvent } from '../dist/normalize/normalize-event.js';
import { DEFAULT_POLICY } from '../dist/model/index.js';

const [file, minutesArg] = process.argv.slice(2);
const minutes = Number(minutesArg ?? 8);
const events = [];
let t0;
for await (const line of createInterface({ input: createReadStream(file) })) {
  const r = normalizeEvent(JSON.parse(line), { file, line: events.length + 1 });
  if (r.ok !== true) continue;
  t0 ??= r.accepted.event.ts;
  if (r.accepted.event.ts > t0 + minutes * 60_000) break;
  events.push(r.accepted);
}
global.gc(); global.gc();
const before = process.memoryUsage().heapUsed;
const engine = new Engine({ policy: DEFAULT_POLICY, lateness: 30_000, onAlert: () => {} });
for (const e of events) engine.push(e);
global.gc(); global.gc();
const after = process.memoryUsage().heapUsed;
const live = engine.liveContexts;
process.stdout.write(JSON.stringify({ events: events.length, live_contexts: live, bytes_per_context: Math.round((after - before) / live) }) + '\n');
