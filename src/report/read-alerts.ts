// Alert stream -> the alerts to report on. The first checks are eval's (one reader of alert lines
// in the project); then everything a report relies on is checked as check-alerts does, naming the
// field. A bad line is an issue (file:line:field) and the others are still reported.
import { FACETS, type Issue } from '../model/index.js';
import { readLines } from '../ingest/read-lines.js';
import { parseAlertLine } from '../eval/read-alerts.js';
import type { ReportAlert } from './model.js';

export interface ReportAlerts { alerts: ReportAlert[]; issues: Issue[] }

/** Reads alerts (`-` = stdin, gzip sniffed); of several versions of one id the highest `rev` wins. */
export async function readReportAlerts(path: string): Promise<ReportAlerts> {
  const byId = new Map<string, ReportAlert>();
  const issues: Issue[] = [];
  for await (const batch of readLines(path)) {
    for (let i = 0; i < batch.lines.length; i++) {
      const r = parseReportAlertLine(batch.lines[i], batch.file, batch.firstLine + i);
      if (r === undefined) continue;
      if ('code' in r) { issues.push(r); continue; }
      const prev = byId.get(r.id);
      if (!prev || (r.rev ?? 0) >= (prev.rev ?? 0)) byId.set(r.id, r);
    }
  }
  return { alerts: [...byId.values()], issues };
}

export function parseReportAlertLine(text: string, file: string, line: number): ReportAlert | Issue | undefined {
  const r = parseAlertLine(text, file, line);
  if (r === undefined || 'code' in r) return r;
  const bad = reportFieldProblem(r as unknown as Record<string, unknown>);
  if (bad) return { code: 'invalid_alert', message: bad.message, file, line, field: bad.field };
  return r as ReportAlert;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The contract (../shared/spec/alerts-v1.md) as check-alerts.mjs reads it, plus the exposure
 *  figures the report prints. Returns the first problem with its field. */
export function reportFieldProblem(a: Record<string, unknown>): { field: string; message: string } | undefined {
  if (a.analytic !== 'AN1731') return { field: 'analytic', message: '`analytic` must be "AN1731"' };
  if (a.technique !== 'T1521.001') return { field: 'technique', message: '`technique` must be "T1521.001"' };
  for (const f of ['first_ts', 'last_ts'] as const) if (!isNum(a[f])) return { field: f, message: `\`${f}\` must be a number (epoch ms)` };
  if ((a.first_ts as number) > (a.last_ts as number)) return { field: 'first_ts', message: '`first_ts` is after `last_ts`' };
  if ((a.score as number) < 0 || (a.score as number) > 100) return { field: 'score', message: '`score` must be within 0..100' };
  if (!isNum(a.confidence) || a.confidence < 0 || a.confidence > 1) return { field: 'confidence', message: '`confidence` must be a number within 0..1' };
  if (!isObj(a.facets) || Object.keys(a.facets).length === 0) return { field: 'facets', message: '`facets` must be an object with at least one facet' };
  for (const [k, v] of Object.entries(a.facets)) {
    if (!(FACETS as readonly string[]).includes(k)) return { field: `facets.${k}`, message: `not a facet of the contract (${FACETS.join(', ')})` };
    if (!isObj(v)) return { field: `facets.${k}`, message: 'a facet must be an object' };
    if (!isNum(v.strength)) return { field: `facets.${k}.strength`, message: '`strength` must be a number' };
    if (typeof v.why !== 'string') return { field: `facets.${k}.why`, message: '`why` must be a string' };
  }
  if (!isStrArray(a.missing) || a.missing.some((m) => !(FACETS as readonly string[]).includes(m))) {
    return { field: 'missing', message: '`missing` must be an array of facet names' };
  }
  for (const m of a.missing) if (m in a.facets) return { field: `missing.${m}`, message: 'listed as missing and as observed' };
  if (!isObj(a.exposure)) return { field: 'exposure', message: '`exposure` must be an object' };
  const e = a.exposure;
  for (const k of ['data_categories', 'destinations'] as const) if (!isStrArray(e[k])) return { field: `exposure.${k}`, message: `\`${k}\` must be an array of strings` };
  if (e.staged_paths !== undefined && !isStrArray(e.staged_paths)) return { field: 'exposure.staged_paths', message: '`staged_paths` must be an array of strings' };
  for (const k of ['data_items', 'bytes_encrypted', 'bytes_staged', 'bytes_sent'] as const) {
    if (e[k] !== undefined && (!isNum(e[k]) || (e[k] as number) < 0)) return { field: `exposure.${k}`, message: `\`${k}\` must be a non-negative number` };
  }
  if (!isStrArray(a.evidence) || a.evidence.length === 0) return { field: 'evidence', message: '`evidence` must be a non-empty array of strings' };
  return undefined;
}
