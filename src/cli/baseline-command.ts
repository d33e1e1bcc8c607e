import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { runBaseline, mergeBaselineFiles, writeBaseline } from '../app/baseline.js';
import { BASELINE_HELP } from './usage.js';
import { UsageError } from './usage-error.js';

export async function baselineCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { out: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' } } });
  } catch (e) { throw new UsageError((e as Error).message, BASELINE_HELP); }
  const v = args.values;
  if (!v.out) throw new UsageError('baseline needs --out FILE (- for stdout)', BASELINE_HELP);
  const log = (l: string) => process.stderr.write(l + '\n');
  if (args.positionals[0] === 'merge') {
    const files = args.positionals.slice(1);
    if (files.length === 0) throw new UsageError('baseline merge needs at least one BASELINE.json', BASELINE_HELP);
    if (v.since || v.until) throw new UsageError('--since/--until apply to telemetry, not to baseline merge', BASELINE_HELP);
    await writeBaseline(await mergeBaselineFiles(files), v.out);
    return 0;
  }
  const files = args.positionals;
  if (files.length === 0) throw new UsageError('baseline needs at least one telemetry FILE (or - for stdin)', BASELINE_HELP);
  for (const f of files) if (f !== '-' && !existsSync(f)) throw new UsageError(`input file not found: ${f}`);
  const r = await runBaseline({ files, ...(v.since ? { since: v.since } : {}), ...(v.until ? { until: v.until } : {}), log });
  await writeBaseline(r.baseline, v.out);
  log(`baseline: ${Object.keys(r.baseline.apps).length} app(s) from ${r.learned} event(s)${r.outside ? `, ${r.outside} outside --since/--until` : ''}${v.out !== '-' ? ` -> ${v.out}` : ''}`);
  return 0;
}
