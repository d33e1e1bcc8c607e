import { parseArgs } from 'node:util';
import { createWriteStream, existsSync } from 'node:fs';
import { fpSecretFromEnv } from './fp-secret.js';
import { formatIssue } from '../model/index.js';
import { readAdapted } from '../ingest/read-adapted.js';
import { createIngestCounters } from '../ingest/read-events.js';
import { StreamWriter } from '../sinks/stream-writer.js';
import { CONVERT_HELP } from './usage.js';
import { UsageError } from './usage-error.js';

export async function convertCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { from: { type: 'string', default: 'auto' }, device: { type: 'string' }, app: { type: 'string' }, out: { type: 'string' } },
    });
  } catch (e) { throw new UsageError((e as Error).message, CONVERT_HELP); }
  const v = args.values;
  const files = args.positionals;
  if (files.length === 0) throw new UsageError('convert needs at least one FILE', CONVERT_HELP);
  for (const f of files) if (!existsSync(f)) throw new UsageError(`input file not found: ${f}`);
  const out = new StreamWriter(v.out ? createWriteStream(v.out) : process.stdout);
  const log = (l: string) => process.stderr.write(l + '\n');
  const counters = createIngestCounters();
  let issues = 0;
  const batches = readAdapted(files, {
    format: v.from!, ...(v.device ? { device: v.device } : {}), ...(v.app ? { app: v.app } : {}), fpSecret: fpSecretFromEnv(),
    onIssue: (i) => { issues++; log(formatIssue(i)); },
    onNote: (f, a, n) => log(`${f} (${a}): ${n}`),
  }, (r) => log(formatIssue(r.issue)), counters);
  for await (const batch of batches) for (const a of batch) out.line(JSON.stringify(a.event));
  await out.end(Boolean(v.out));
  log(`converted ${counters.accepted} event(s)${counters.rejected ? `, ${counters.rejected} invalid` : ''}${issues ? `, ${issues} record(s) skipped` : ''}`);
  return 0;
}
