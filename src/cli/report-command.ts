import { runReport, type ReportFormat } from '../app/report.js';
import { UsageError } from './usage-error.js';
import { parseCommand } from './options/parse.js';
import { REPORT } from './specs/report.js';
import { cliLog } from './log.js';
import { telemetryArgs, type TelemetryArgs, type TelemetryValues } from './telemetry-args.js';

export async function reportCommand(argv: string[]): Promise<number> {
  const { values: v, positionals, notices } = parseCommand<{ 'out-dir'?: string; id?: string; telemetry?: string[]; format: string } & TelemetryValues>(REPORT, argv);
  const log = cliLog(v);
  for (const n of notices) log.error(n);
  if (positionals.length !== 1) throw new UsageError('report: give exactly one ALERTS file (or -)');
  if (!v['out-dir']) throw new UsageError('report: give --out-dir DIR');
  const formats = v.format.split(',').map((s) => s.trim()).filter(Boolean) as ReportFormat[];
  const telemetry: TelemetryArgs | undefined = v.telemetry?.length ? await telemetryArgs(v.telemetry, v, log) : undefined;
  try {
    const r = await runReport({
      alerts: positionals[0], ...(v.id !== undefined ? { id: v.id } : {}),
      telemetry: telemetry?.files ?? [], ...(telemetry ? { telemetryNames: telemetry.names } : {}),
      formats, outDir: v['out-dir'], log: log.error,
    });
    for (const p of r.written) process.stdout.write(p + '\n');
    return telemetry?.finish() ?? 0;
  } finally {
    await telemetry?.cleanup();
  }
}
