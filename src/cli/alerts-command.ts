import { natsAlerts } from '../app/nats.js';
import { UsageError } from './usage-error.js';
import { parseCommand } from './options/parse.js';
import { ALERTS } from './specs/alerts.js';
import { requireUrl } from './nats-args.js';
import { DEFAULT_GRACE, GracefulStop, parseGrace } from './graceful-stop.js';
import { StreamWriter } from '../sinks/stream-writer.js';

export async function alertsCommand(argv: string[]): Promise<number> {
  const args = parseCommand<{ nats?: string; follow?: boolean; versions?: boolean; grace: string }>(ALERTS, argv);
  for (const n of args.notices) process.stderr.write(n + '\n');
  const v = args.values;
  const url = requireUrl(v.nats);
  if (v.follow && v.versions) throw new UsageError('--follow already prints every version');
  const graceMs = parseGrace(v.grace);
  const w = new StreamWriter(process.stdout, v.follow ? 0 : 64 * 1024);
  // a reader of stdout that stopped reading holds what is queued for it
  const queued = () => { const n = process.stdout.writableLength; return n ? [`${n} byte(s) of alerts not yet written to stdout`] : []; };
  const stop = new GracefulStop('alerts', graceMs, (l) => process.stderr.write(l + '\n'), queued);
  const n = await natsAlerts({ url, follow: v.follow === true, versions: v.versions === true, write: (l) => w.line(l) }, stop.stopped);
  await w.end(false);
  stop.done(`${n} alert version(s) printed`);
  return 0;
}
