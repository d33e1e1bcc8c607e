import type { CommandSpec } from '../options/spec.js';
import { INPUT_OPTIONS, OUT_DIR, QUIET, VERBOSE, format } from '../options/common.js';
import { EXIT_CODES } from '../options/help.js';

export const REPORT: CommandSpec = {
  name: 'report',
  synopsis: 'report ALERTS',
  summary: 'incident reports (md, html, json), playbook, STIX 2.1 indicators',
  usage: ['report ALERTS --out-dir DIR [--id ID] [--telemetry FILE|DIR]... [-f md,html,json,stix]'],
  description: "Writes one incident report per alert of ALERTS (alert NDJSON from detect, '-' for stdin; of several versions of one id the highest rev is used): a plain summary, the chain as a timeline linked to its evidence, the data-exposure assessment (with what cannot be known), a playbook tailored to the alert (contain, investigate, eradicate, recover, notify; in order, with who does what) and the indicators. Files are DIR/<alert id>.md|.html|.json, and always DIR/<alert id>.stix.json (the indicators as a STIX 2.1 bundle). The HTML is one self-contained file that prints. A bad alert line is reported as file:line: code [field] and the other alerts are still reported.",
  positionals: true,
  options: [
    OUT_DIR,
    { name: 'out', short: 'o', type: 'string', arg: 'DIR', help: 'same as --out-dir', deprecated: { to: 'out-dir' } },
    { name: 'id', type: 'string', arg: 'ID', help: 'only this alert (exit 2 when it is not in ALERTS)' },
    { name: 'telemetry', type: 'string', multiple: true, arg: 'FILE', help: 'the telemetry detect read (repeatable; any supported format, sniffed): evidence refs are joined back to their lines, so the timeline has times and file:line links' },
    { ...format(['md', 'html', 'json', 'stix'], 'md', 'the report files to write'), list: true },
    QUIET, VERBOSE,
    ...INPUT_OPTIONS,
  ],
  exits: EXIT_CODES,
};
