import { parseArgs } from 'node:util';
import { REPORT_FORMATS, runReport, type ReportFormat } from '../app/report.js';
import { REPORT_HELP } from './usage.js';
import { UsageError } from './usage-error.js';

export async function reportCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        id: { type: 'string' }, telemetry: { type: 'string', multiple: true, default: [] },
        format: { type: 'string', default: 'md' }, out: { type: 'string' },
      },
    });
  } catch (e) { throw new UsageError((e as Error).message, REPORT_HELP); }
  const v = args.values;
  if (args.positionals.length !== 1) throw new UsageError('report needs exactly one ALERTS file (or -)', REPORT_HELP);
  if (!v.out) throw new UsageError('report needs --out DIR', REPORT_HELP);
  const formats = v.format.split(',').map((s) => s.trim()).filter(Boolean);
  for (const f of formats) if (!(REPORT_FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format: '${f}' is not one of ${REPORT_FORMATS.join('|')}`, REPORT_HELP);
  if (formats.length === 0) throw new UsageError('--format: give at least one of md, html, json, stix', REPORT_HELP);
  const r = await runReport({
    alerts: args.positionals[0], ...(v.id !== undefined ? { id: v.id } : {}), telemetry: v.telemetry as string[],
    formats: formats as ReportFormat[], outDir: v.out, log: (l) => process.stderr.write(l + '\n'),
  });
  for (const p of r.written) process.stdout.write(p + '\n');
  return 0;
}
