import { runBaseline, mergeBaselineFiles, writeBaseline } from '../app/baseline.js';
import { UsageError } from './usage-error.js';
import { parseCommand } from './options/parse.js';
import { BASELINE } from './specs/baseline.js';
import { cliLog } from './log.js';
import { telemetryArgs, type TelemetryValues } from './telemetry-args.js';

export async function baselineCommand(argv: string[]): Promise<number> {
  const { values: v, positionals, notices } = parseCommand<{ out?: string; since?: string; until?: string } & TelemetryValues>(BASELINE, argv);
  const log = cliLog(v);
  for (const n of notices) log.error(n);
  if (!v.out) throw new UsageError('baseline: give -o/--out FILE (- for stdout)');
  if (positionals[0] === 'merge') {
    const files = positionals.slice(1);
    if (files.length === 0) throw new UsageError('baseline merge: give at least one BASELINE.json');
    if (v.since || v.until) throw new UsageError('baseline merge: --since/--until apply to telemetry, not to merge');
    await writeBaseline(await mergeBaselineFiles(files), v.out);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('baseline: give at least one telemetry FILE or DIR (or - for stdin)');
  const input = await telemetryArgs(positionals, v, log);
  try {
    const r = await runBaseline({ files: input.files, read: input.read, ...(v.since ? { since: v.since } : {}), ...(v.until ? { until: v.until } : {}), log: log.error });
    await writeBaseline(r.baseline, v.out);
    log.info(`baseline: ${Object.keys(r.baseline.apps).length} app(s) from ${r.learned} event(s)${r.outside ? `, ${r.outside} outside --since/--until` : ''}${v.out !== '-' ? ` -> ${v.out}` : ''}`);
    return input.finish() ?? 0;
  } finally {
    await input.cleanup();
  }
}
