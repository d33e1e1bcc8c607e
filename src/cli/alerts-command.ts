import { parseArgs } from 'node:util';
import { natsAlerts } from '../app/nats.js';
import { ALERTS_HELP } from './usage.js';
import { UsageError } from './usage-error.js';
import { requireUrl, untilSignal } from './nats-args.js';
import { StreamWriter } from '../sinks/stream-writer.js';

export async function alertsCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: false, strict: true, options: { nats: { type: 'string' }, follow: { type: 'boolean', default: false }, versions: { type: 'boolean', default: false } } });
  } catch (e) { throw new UsageError((e as Error).message, ALERTS_HELP); }
  const v = args.values;
  const url = requireUrl(v.nats, ALERTS_HELP);
  if (v.follow && v.versions) throw new UsageError('--follow already prints every version', ALERTS_HELP);
  const w = new StreamWriter(process.stdout, v.follow ? 0 : 64 * 1024);
  await natsAlerts({ url, follow: v.follow, versions: v.versions, write: (l) => w.line(l) }, untilSignal());
  await w.end(false);
  return 0;
}
