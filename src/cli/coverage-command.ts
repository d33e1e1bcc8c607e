import { runCoverage } from '../app/coverage.js';
import { formatCoverageHtml, formatCoverageTable, navigatorLayer } from '../coverage/index.js';
import { UsageError } from './usage-error.js';
import { policyArg } from './policy-arg.js';
import { writeOutput } from './output-arg.js';
import { parseCommand } from './options/parse.js';
import { COVERAGE } from './specs/coverage.js';
import { cliLog } from './log.js';
import { telemetryArgs, type TelemetryValues } from './telemetry-args.js';

export async function coverageCommand(argv: string[]): Promise<number> {
  const { values: v, positionals: paths, notices } = parseCommand<{ format: string; policy?: string; out?: string } & TelemetryValues>(COVERAGE, argv);
  const log = cliLog(v);
  for (const n of notices) log.error(n);
  if (paths.length === 0) throw new UsageError('coverage: give at least one FILE or DIR (or - for stdin)');
  const p = await policyArg(v.policy);
  if (!p) return 2;
  const input = await telemetryArgs(paths, v, log);
  try {
    const { report } = await runCoverage({ files: input.files, read: input.read, ...(input.source ? { source: input.source } : {}), policy: p.policy, log: log.error });
    const text = v.format === 'json' ? JSON.stringify(report, null, 2) + '\n'
      : v.format === 'html' ? formatCoverageHtml(report)
        : v.format === 'navigator' ? JSON.stringify(navigatorLayer(report), null, 2) + '\n'
          : formatCoverageTable(report);
    writeOutput(v.out, text);
    return input.finish() ?? 0;
  } finally {
    await input.cleanup();
  }
}
