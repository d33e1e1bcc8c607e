import { test } from 'vitest';
import { runDetect } from '../src/app/detect.js';
import { NdjsonSink } from '../src/sinks/ndjson-sink.js';
import { DEFAULT_POLICY } from '../src/model/index.js';
test('smoke', async () => {
  const r = await runDetect({ files: ['/tmp/ct/ex.ndjson'], policy: DEFAULT_POLICY, lateness: 30000, sink: new NdjsonSink(process.stdout), log: console.error });
  console.error(JSON.stringify(r));
});
