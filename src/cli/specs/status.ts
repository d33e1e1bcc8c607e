import type { CommandSpec } from '../options/spec.js';
import { JSON_ALIAS, format } from '../options/common.js';

export const STATUS: CommandSpec = {
  name: 'status',
  synopsis: 'status --nats URL',
  summary: 'partitions, owners, lag and throughput of the distributed engine',
  usage: ['status --nats URL [--format text|json]', 'status --db FILE [--format text|json]'],
  description: "Shows each partition with its owner, stream sequence reached, lag (messages not yet processed), events and events/s (as the workers last reported them, every second), the time it spent waiting for the key uses its batches depend on (uses-wait, with the CT_USES sequence it waits for now; '-' for input published without them), the fleet stage, the forwarding outputs (versions not yet delivered, dead letters) and the size of each stream.\nWith --db: the forwarding outputs of a server\'s database (serve --forward), with its newest dead letters.",
  positionals: false,
  options: [
    { name: 'nats', type: 'string', arg: 'URL', help: 'NATS server(s), comma-separated (required)' },
    { name: 'db', type: 'string', arg: 'FILE', help: "a server's database: its forwarding outputs instead of the NATS engine" },
    format(['text', 'json'], 'text', 'as text or JSON'),
    JSON_ALIAS,
  ],
};
