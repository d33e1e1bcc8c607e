import type { CommandSpec } from '../options/spec.js';
import { INPUT_OPTIONS, JSON_ALIAS, format } from '../options/common.js';
import { EXIT_CODES } from '../options/help.js';

export const EVAL: CommandSpec = {
  name: 'eval',
  synopsis: 'eval --labels F ALERTS',
  summary: 'precision / recall of an alert stream against scenario labels',
  usage: ['eval --labels FILE ALERTS [--format table|json|markdown] [--min-severity SEV]', 'eval --labels FILE --telemetry FILE|DIR... [-p POLICY] [options]'],
  description: "Precision and recall of an alert stream (NDJSON, '-' for stdin) against the labels written by 'simulate', per scenario and overall. With --telemetry instead of ALERTS, the telemetry (any supported format, sniffed) is detected first, as 'detect' would.\n--baseline ALERTS2 compares: ALERTS2 is the same telemetry detected with 'detect --baseline'; the table shows, per scenario, TP/FP/FN and the top severity/score without and with the baseline.",
  positionals: true,
  options: [
    { name: 'labels', type: 'string', arg: 'FILE', help: "labels.json written by 'simulate' (required)" },
    format(['table', 'json', 'markdown'], 'table', 'a table for people, JSON, or a Markdown table'),
    { name: 'min-severity', type: 'string', arg: 'SEV', values: ['low', 'medium', 'high', 'critical'], default: 'low', help: 'alerts below it do not count' },
    { name: 'baseline', type: 'string', arg: 'ALERTS2', help: "the same telemetry detected with 'detect --baseline': both side by side" },
    { name: 'telemetry', type: 'string', multiple: true, arg: 'FILE', help: 'detect this telemetry instead of reading ALERTS (repeatable)' },
    { name: 'policy', short: 'p', type: 'string', arg: 'FILE', help: 'with --telemetry: the policy to detect with' },
    JSON_ALIAS,
    { name: 'markdown', type: 'boolean', help: 'same as --format markdown', deprecated: { to: 'format', value: 'markdown' } },
    ...INPUT_OPTIONS,
  ],
  exits: EXIT_CODES,
};
