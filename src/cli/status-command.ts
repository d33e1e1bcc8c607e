import { natsStatus } from '../app/nats.js';
import { UsageError } from './usage-error.js';
import { parseCommand } from './options/parse.js';
import { STATUS } from './specs/status.js';
import { requireUrl } from './nats-args.js';

export async function statusCommand(argv: string[]): Promise<number> {
  const args = parseCommand<{ nats?: string; format: string }>(STATUS, argv);
  for (const n of args.notices) process.stderr.write(n + '\n');
  process.stdout.write(await natsStatus(requireUrl(args.values.nats), args.values.format === 'json'));
  return 0;
}
