import { parseArgs } from 'node:util';
import { SEVERITIES, type Severity, formatIssue } from '../model/index.js';
import { readAlerts, readLabels, evaluate, formatEvalTable, formatEvalMarkdown, formatCompareTable, formatCompareMarkdown, type EvalComparison } from '../eval/index.js';
import { EVAL_HELP } from './usage.js';
import { UsageError } from './usage-error.js';

export async function evalCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { labels: { type: 'string' }, json: { type: 'boolean', default: false }, markdown: { type: 'boolean', default: false }, 'min-severity': { type: 'string', default: 'low' }, baseline: { type: 'string' } },
    });
  } catch (e) { throw new UsageError((e as Error).message, EVAL_HELP); }
  const v = args.values;
  if (!v.labels) throw new UsageError('eval needs --labels FILE', EVAL_HELP);
  if (args.positionals.length !== 1) throw new UsageError('eval needs exactly one ALERTS file (or -)', EVAL_HELP);
  if (!SEVERITIES.includes(v['min-severity'] as Severity)) throw new UsageError(`--min-severity: want one of ${SEVERITIES.join('|')}`, EVAL_HELP);
  const labels = await readLabels(v.labels);
  const { alerts, issues } = await readAlerts(args.positionals[0]);
  for (const i of issues) process.stderr.write(formatIssue(i) + '\n');
  const report = evaluate(labels, alerts, { minSeverity: v['min-severity'] as Severity });
  if (v.baseline) {
    // the same telemetry detected with `detect --baseline`: both reports side by side
    const b = await readAlerts(v.baseline);
    for (const i of b.issues) process.stderr.write(formatIssue(i) + '\n');
    const other = evaluate(labels, b.alerts, { minSeverity: v['min-severity'] as Severity });
    const cmp: EvalComparison = { version: 1, without: report, with_baseline: other };
    process.stdout.write(v.json ? JSON.stringify(cmp, null, 2) + '\n' : v.markdown ? formatCompareMarkdown(report, other) : formatCompareTable(report, other));
    return 0;
  }
  process.stdout.write(v.json ? JSON.stringify(report, null, 2) + '\n' : v.markdown ? formatEvalMarkdown(report) : formatEvalTable(report));
  return 0;
}
