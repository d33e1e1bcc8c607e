// Composition root of `ciphertrail report`: alert reader -> (telemetry join) -> report model ->
// renderers -> files. The only place that wires the report stage to files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CiphertrailError, formatIssue } from '../model/index.js';
import { buildReport, buildStix, indexEvidence, readReportAlerts, renderHtml, renderMarkdown, type IncidentReport } from '../report/index.js';

export const REPORT_FORMATS = ['md', 'html', 'json', 'stix'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  alerts: string;
  id?: string;
  telemetry: string[];
  /** names of the telemetry files in messages and refs, where they differ from their paths */
  telemetryNames?: ReadonlyMap<string, string>;
  formats: ReportFormat[];
  outDir: string;
  log: (line: string) => void;
  /** how many bad telemetry lines to describe one by one */
  issueLimit?: number;
}

export interface ReportResult { written: string[]; reports: number; badAlertLines: number; badTelemetryLines: number }

/** file name of an alert id: ids are `an1731-<hex>`, anything else is made safe */
export const fileBase = (id: string): string => id.replace(/[^A-Za-z0-9._-]/g, '_');

/** Renders one report in each format; STIX always accompanies the others. */
export function renderReport(r: IncidentReport, format: ReportFormat, stixName?: string): string {
  switch (format) {
    case 'md': return renderMarkdown(r, stixName ? { stix: stixName } : {});
    case 'html': return renderHtml(r, stixName ? { stix: stixName } : {});
    case 'json': return JSON.stringify(r, null, 2) + '\n';
    case 'stix': return JSON.stringify(buildStix(r), null, 2) + '\n';
  }
}

export async function runReport(o: ReportOptions): Promise<ReportResult> {
  const { alerts: all, issues } = await readReportAlerts(o.alerts);
  for (const i of issues) o.log(formatIssue(i));
  let alerts = all;
  if (o.id !== undefined) {
    alerts = all.filter((a) => a.id === o.id);
    if (alerts.length === 0) {
      throw new CiphertrailError('not_found', `no alert with id '${o.id}' in ${o.alerts} (${all.length} valid alert(s) read${issues.length ? `, ${issues.length} bad line(s)` : ''})`);
    }
  }
  if (alerts.length === 0 && issues.length > 0) {
    throw new CiphertrailError('invalid_alerts', `no valid alert in ${o.alerts}: ${issues.length} bad line(s)`);
  }
  const index = o.telemetry.length ? await indexEvidence(o.telemetry, alerts, o.telemetryNames) : undefined;
  if (index) {
    const limit = o.issueLimit ?? 100;
    for (const i of index.issues.slice(0, limit)) o.log(formatIssue(i));
    if (index.issues.length > limit) o.log(`… ${index.issues.length - limit} more rejected telemetry line(s)`);
  }
  try {
    await mkdir(o.outDir, { recursive: true });
  } catch (e) {
    throw new CiphertrailError('bad_out', `report: cannot use --out ${o.outDir} as a directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const formats = [...new Set<ReportFormat>([...o.formats, 'stix'])];
  const written: string[] = [];
  // sorted: the same input writes the same files in the same order
  for (const a of [...alerts].sort((x, y) => x.first_ts - y.first_ts || (x.id < y.id ? -1 : 1))) {
    const report = buildReport(a, index?.itemsOf(a));
    const base = fileBase(a.id);
    for (const f of formats) {
      const path = join(o.outDir, `${base}.${f === 'stix' ? 'stix.json' : f}`);
      await writeFile(path, renderReport(report, f, `${base}.stix.json`));
      written.push(path);
    }
    if (index && report.evidence.unresolved.length) o.log(`${a.id}: ${report.evidence.unresolved.length} of ${report.evidence.refs} evidence ref(s) not found in the telemetry`);
  }
  if (alerts.length === 0) o.log(`no alert in ${o.alerts}: nothing to report`);
  return { written, reports: alerts.length, badAlertLines: issues.length, badTelemetryLines: index?.issues.length ?? 0 };
}
