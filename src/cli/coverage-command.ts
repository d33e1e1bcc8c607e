import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { fpSecretFromEnv } from './fp-secret.js';
import { formatIssue } from '../model/index.js';
import { runCoverage } from '../app/coverage.js';
import type { EventSource } from '../app/detect.js';
import { readAdapted } from '../ingest/read-adapted.js';
import { formatCoverageHtml, formatCoverageTable, navigatorLayer } from '../coverage/index.js';
import { COVERAGE_HELP } from './usage-assure.js';
import { UsageError } from './usage-error.js';
import { policyArg } from './policy-arg.js';
import { writeOutput } from './output-arg.js';

const FORMATS = ['table', 'json', 'html', 'navigator'];

export async function coverageCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        format: { type: 'string', default: 'table' }, policy: { type: 'string' }, out: { type: 'string' },
        from: { type: 'string' }, device: { type: 'string' }, app: { type: 'string' },
      },
    });
  } catch (e) { throw new UsageError((e as Error).message, COVERAGE_HELP); }
  const v = args.values;
  const files = args.positionals;
  if (files.length === 0) throw new UsageError('coverage needs at least one FILE (or - for stdin)', COVERAGE_HELP);
  for (const f of files) if (f !== '-' && !existsSync(f)) throw new UsageError(`input file not found: ${f}`);
  if (!FORMATS.includes(v.format!)) throw new UsageError(`--format: want ${FORMATS.join(', ')}, got '${v.format}'`, COVERAGE_HELP);
  if (v.from && files.includes('-')) throw new UsageError('--from reads files, not stdin', COVERAGE_HELP);
  const p = await policyArg(v.policy);
  if (!p) return 2;
  const log = (l: string) => process.stderr.write(l + '\n');
  const source: EventSource | undefined = v.from
    ? (onReject, counters) => readAdapted(files, {
      format: v.from!, ...(v.device ? { device: v.device } : {}), ...(v.app ? { app: v.app } : {}), fpSecret: fpSecretFromEnv(),
      onIssue: (i) => log(formatIssue(i)), onNote: (f, a, n) => log(`${f} (${a}): ${n}`),
    }, onReject, counters)
    : undefined;
  const { report } = await runCoverage({ files, policy: p.policy, log, ...(source ? { source } : {}) });
  const text = v.format === 'json' ? JSON.stringify(report, null, 2) + '\n'
    : v.format === 'html' ? formatCoverageHtml(report)
      : v.format === 'navigator' ? JSON.stringify(navigatorLayer(report), null, 2) + '\n'
        : formatCoverageTable(report);
  writeOutput(v.out, text);
  return 0;
}
