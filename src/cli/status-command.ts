import { parseArgs } from 'node:util';
import { natsStatus } from '../app/nats.js';
import { STATUS_HELP } from './usage.js';
import { UsageError } from './usage-error.js';
import { requireUrl } from './nats-args.js';

export async function statusCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: false, strict: true, options: { nats: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean', default: false } } });
  } catch (e) { throw new UsageError((e as Error).message, STATUS_HELP); }
  if (args.values.db !== undefined) {
    if (args.values.nats) throw new UsageError('--db and --nats: one or the other', STATUS_HELP);
    process.stdout.write((await import('../app/forward-status.js')).serverForwardStatus(args.values.db, args.values.json));
    return 0;
  }
  process.stdout.write(await natsStatus(requireUrl(args.values.nats, STATUS_HELP), args.values.json));
  return 0;
}
