import type { CommandSpec } from '../options/spec.js';

export const ALERTS: CommandSpec = {
  name: 'alerts',
  synopsis: 'alerts --nats URL',
  summary: 'print the distributed alert stream as NDJSON',
  usage: ['alerts --nats URL [--follow | --versions] [--grace DURATION]'],
  description: 'Prints the CT_ALERTS stream as alerts v1 NDJSON: the latest version of each alert, ordered by first_ts then id (default), every stored version once (--versions), or every version as it arrives, forever (--follow; stop with Ctrl-C).\nSIGINT/SIGTERM stop and exit 0; if the stop takes longer than --grace (e.g. stdout not read, NATS server gone), or a second signal comes, it exits 1 at once, naming what it left.',
  positionals: false,
  options: [
    { name: 'nats', type: 'string', arg: 'URL', help: 'NATS server(s), comma-separated (required)' },
    { name: 'follow', type: 'boolean', help: 'every version as it arrives, until stopped' },
    { name: 'versions', type: 'boolean', help: 'every stored version once' },
    { name: 'grace', type: 'string', arg: 'DURATION', default: '5s', help: 'how long a stop may take before the exit is forced' },
  ],
};
