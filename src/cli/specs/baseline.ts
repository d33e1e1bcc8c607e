import type { CommandSpec } from '../options/spec.js';
import { INPUT_OPTIONS, QUIET, VERBOSE } from '../options/common.js';
import { EXIT_CODES } from '../options/help.js';

export const BASELINE: CommandSpec = {
  name: 'baseline',
  synopsis: 'baseline FILE... -o F',
  summary: 'learn what each app normally does (BASELINE.json)',
  usage: ['baseline TELEMETRY|DIR... -o BASELINE.json [--since T] [--until T]', 'baseline merge BASELINE.json... -o BASELINE.json'],
  description: 'Learns, per app package across devices, what the fleet normally does: data categories read, crypto (algorithms, encrypt/decrypt volumes, key origins, hardware-backed keys), staged file paths and entropy, the execution context of its sends, destinations (registrable domains, bare IPs), ports, TLS, payload formats, send hours, signers and installers, and on how many devices each was seen (device ids are stored hashed). One streaming pass, memory bounded per app. Telemetry is read as detect reads it (formats sniffed).\nmerge combines baselines (e.g. one per day): the result equals one run over all the inputs.',
  positionals: true,
  options: [
    { name: 'out', short: 'o', type: 'string', arg: 'FILE', help: "where to write BASELINE.json ('-' for stdout; required)" },
    { name: 'since', type: 'string', arg: 'T', help: 'event-time lower bound: RFC 3339 time, epoch ms, or a duration (24h) counted back from the newest event of the input (never the wall clock)' },
    { name: 'until', type: 'string', arg: 'T', help: 'event-time upper bound, as --since' },
    QUIET, VERBOSE,
    ...INPUT_OPTIONS,
  ],
  exits: EXIT_CODES,
};
