import { natsStatus } from '../app/nats.js';
import { UsageError } from './usage-error.js';
import { parseCommand } from './options/parse.js';
import { STATUS } from './specs/status.js';
import { requireUrl } from './nats-args.js';

export async function statusCommand(argv: string[]): Promise<number> {
  const { values: v, notices } = parseCommand<{ nats?: string; db?: string; format: string }>(STATUS, argv);
  for (const n of notices) process.stderr.write(n + '\n');
  if (v.db !== undefined) {
    if (v.nats) throw new UsageError('status: --db and --nats: one or the other');
    process.stdout.write((await import('../app/forward-status.js')).serverForwardStatus(v.db, v.format === 'json'));
    return 0;
  }
  process.stdout.write(await natsStatus(requireUrl(v.nats), v.format === 'json'));
  return 0;
}
