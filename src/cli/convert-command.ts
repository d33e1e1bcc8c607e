import { createWriteStream } from 'node:fs';
import { formatIssue } from '../model/index.js';
import { readEvents, createIngestCounters } from '../ingest/read-events.js';
import { StreamWriter } from '../sinks/stream-writer.js';
import { UsageError } from './usage-error.js';
import { parseCommand } from './options/parse.js';
import { CONVERT } from './specs/convert.js';
import { cliLog } from './log.js';
import { telemetryArgs, type TelemetryValues } from './telemetry-args.js';

export async function convertCommand(argv: string[]): Promise<number> {
  const { values: v, positionals: paths, notices } = parseCommand<{ out?: string } & TelemetryValues>(CONVERT, argv);
  const log = cliLog(v);
  for (const n of notices) log.error(n);
  if (paths.length === 0) throw new UsageError('convert: give at least one FILE or DIR');
  const input = await telemetryArgs(paths, v, log);
  try {
    const out = new StreamWriter(v.out ? createWriteStream(v.out) : process.stdout);
    const counters = createIngestCounters();
    // every event is validated as detect would: an adapter bug is a counted rejection
    for await (const batch of readEvents(input.files, (r) => log.error(formatIssue(r.issue)), counters, input.read)) {
      for (const a of batch) out.line(JSON.stringify(a.event));
    }
    await out.end(Boolean(v.out));
    log.info(`converted ${counters.accepted} event(s)${counters.rejected ? `, ${counters.rejected} invalid` : ''}`);
    return input.finish() ?? 0;
  } finally {
    await input.cleanup();
  }
}
