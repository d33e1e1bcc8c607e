import type { CommandSpec } from '../options/spec.js';
import { INPUT_OPTIONS, OUT_FILE, POLICY, QUIET, VERBOSE, format } from '../options/common.js';
import { EXIT_CODES } from '../options/help.js';
import { FORWARD, FORWARD_WAIT } from './forward.js';

const EVIDENCE = 'Evidence (compliance run record)';

export const DETECT: CommandSpec = {
  name: 'detect',
  synopsis: 'detect FILE...',
  summary: 'correlate telemetry (any supported format) into AN1731 alerts v1',
  usage: ['detect FILE|DIR... [options]'],
  description: "Reads telemetry ('-' for stdin), sniffing each file's format (telemetry v1 NDJSON, sandbox reports, captures, OCSF; gzip and zip read), and writes AN1731 alerts to stdout, diagnostics to stderr. Each alert is written once, in its final state. An input that gives no event is an error (exit 4) naming what the file looks like and the --from that reads it.",
  positionals: true,
  options: [
    POLICY,
    format(['ndjson', 'table', 'ocsf'], 'ndjson', 'alerts v1 NDJSON, a table for people, or OCSF Detection Findings (class 2004) for SIEMs'),
    OUT_FILE,
    { name: 'baseline', type: 'string', arg: 'FILE', help: 'fleet baseline (ciphertrail baseline): a chain departing from its app\'s baseline scores higher, one matching the norm of a widely seen app lower' },
    { name: 'lateness', type: 'string', arg: 'DURATION', default: '30s', help: 'how late an event may arrive and still be ordered' },
    { name: 'dead-letter', type: 'string', arg: 'FILE', help: 'write every rejected line with its reason to FILE (NDJSON)' },
    { name: 'max-line-length', type: 'string', arg: 'SIZE', help: 'longest line read (default 1m); longer lines are rejected unread (docs/input-limits.md)' },
    { name: 'fail-on', type: 'string', arg: 'SEVERITY', values: ['low', 'medium', 'high', 'critical'], help: 'exit 1 when an alert of SEVERITY or above is found' },
    { name: 'stats', type: 'boolean', help: 'print a JSON stats record on stderr at the end' },
    { name: 'updates', type: 'boolean', help: 'write every version of a growing alert (same id, rising rev)' },
    QUIET, VERBOSE,
    ...INPUT_OPTIONS,
    { name: 'evidence', type: 'string', arg: 'FILE', group: EVIDENCE, help: 'append a run record to FILE (JSON lines, hash-chained): engine version, policy hash and effective thresholds, input digests and counts, event time span, coverage summary, alerts by severity, prev_hash and hash. Needs input files (not stdin)' },
    { name: 'evidence-time', type: 'string', arg: 'T', group: EVIDENCE, help: 'record time (RFC 3339 or epoch ms); default SOURCE_DATE_EPOCH (seconds) when set, else the current time' },
    ...FORWARD, FORWARD_WAIT,
    { name: 'evidence-key-file', type: 'string', arg: 'FILE', group: EVIDENCE, help: "sign the record with HMAC-SHA256 using the key in FILE (default: env CIPHERTRAIL_EVIDENCE_KEY when set); verify with 'evidence verify'" },
  ],
  exits: EXIT_CODES,
};
