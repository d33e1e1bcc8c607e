import type { Alert, Severity } from '../model/index.js';
import { formatIssue } from '../model/index.js';
import { readAlerts, readLabels, evaluate, formatEvalTable, formatEvalMarkdown, formatCompareTable, formatCompareMarkdown, type EvalComparison } from '../eval/index.js';
import { runDetect } from '../app/detect.js';
import { parseDuration } from '../policy/index.js';
import { UsageError } from './usage-error.js';
import { parseCommand } from './options/parse.js';
import { EVAL } from './specs/eval.js';
import { cliLog, type CliLog } from './log.js';
import { telemetryArgs, type TelemetryValues } from './telemetry-args.js';
import { policyArg } from './policy-arg.js';

interface EvalValues extends TelemetryValues { labels?: string; format: string; 'min-severity': Severity; baseline?: string; telemetry?: string[]; policy?: string }

/** the alerts of `--telemetry`, detected as `detect` would (final versions) */
async function detected(v: EvalValues, log: CliLog): Promise<{ alerts: Alert[]; unusable?: number } | undefined> {
  const p = await policyArg(v.policy);
  if (!p) return undefined;
  const input = await telemetryArgs(v.telemetry!, v, log);
  try {
    const alerts: Alert[] = [];
    await runDetect({
      files: input.files, read: input.read, ...(input.source ? { source: input.source } : {}), policy: p.policy, lateness: parseDuration('30s')!,
      sink: { write: (a) => { alerts.push(a); }, close: async () => {} }, log: log.error,
    });
    const unusable = input.finish();
    return { alerts, ...(unusable !== undefined ? { unusable } : {}) };
  } finally {
    await input.cleanup();
  }
}

export async function evalCommand(argv: string[]): Promise<number> {
  const { values: v, positionals, notices } = parseCommand<EvalValues>(EVAL, argv);
  const log = cliLog(v);
  for (const n of notices) log.error(n);
  if (!v.labels) throw new UsageError('eval: give --labels FILE');
  const fromTelemetry = Boolean(v.telemetry?.length);
  if (fromTelemetry ? positionals.length !== 0 : positionals.length !== 1) throw new UsageError('eval: give exactly one ALERTS file (or -), or --telemetry FILE... instead');
  const labels = await readLabels(v.labels);
  let alerts: Alert[];
  let unusable: number | undefined;
  if (fromTelemetry) {
    const d = await detected(v, log);
    if (!d) return 2;
    ({ alerts, unusable } = d);
  } else {
    const r = await readAlerts(positionals[0]);
    for (const i of r.issues) log.error(formatIssue(i));
    alerts = r.alerts;
  }
  const report = evaluate(labels, alerts, { minSeverity: v['min-severity'] });
  if (v.baseline) {
    // the same telemetry detected with `detect --baseline`: both reports side by side
    const b = await readAlerts(v.baseline);
    for (const i of b.issues) log.error(formatIssue(i));
    const other = evaluate(labels, b.alerts, { minSeverity: v['min-severity'] });
    const cmp: EvalComparison = { version: 1, without: report, with_baseline: other };
    process.stdout.write(v.format === 'json' ? JSON.stringify(cmp, null, 2) + '\n' : v.format === 'markdown' ? formatCompareMarkdown(report, other) : formatCompareTable(report, other));
  } else {
    process.stdout.write(v.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : v.format === 'markdown' ? formatEvalMarkdown(report) : formatEvalTable(report));
  }
  return unusable ?? 0;
}
