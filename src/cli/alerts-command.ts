import { parseArgs } from 'node:util';
import { natsAlerts } from '../app/nats.js';
import { ALERTS_HELP } from './usage.js';
import { UsageError } from './usage-error.js';
import { requireUrl } from './nats-args.js';
import { DEFAULT_GRACE, GracefulStop, parseGrace } from './graceful-stop.js';
import { StreamWriter } from '../sinks/stream-writer.js';

export async function alertsCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: false, strict: true, options: { nats: { type: 'string' }, follow: { type: 'boolean', default: false }, versions: { type: 'boolean', default: false }, grace: { type: 'string', default: DEFAULT_GRACE } } });
  } catch (e) { throw new UsageError((e as Error).message, ALERTS_HELP); }
  const v = args.values;
  const url = requireUrl(v.nats, ALERTS_HELP);
  if (v.follow && v.versions) throw new UsageError('--follow already prints every version', ALERTS_HELP);
  const graceMs = parseGrace(v.grace, ALERTS_HELP);
  const w = new StreamWriter(process.stdout, v.follow ? 0 : 64 * 1024);
  // a reader of stdout that stopped reading holds what is queued for it
  const queued = () => { const n = process.stdout.writableLength; return n ? [`${n} byte(s) of alerts not yet written to stdout`] : []; };
  const stop = new GracefulStop('alerts', graceMs, (l) => process.stderr.write(l + '\n'), queued);
  const n = await natsAlerts({ url, follow: v.follow, versions: v.versions, write: (l) => w.line(l) }, stop.stopped);
  await w.end(false);
  stop.done(`${n} alert version(s) printed`);
  return 0;
}
