// Alert stream (NDJSON, contract v1) -> the alerts eval needs. Records of other kinds are skipped;
// bad lines become line-numbered issues, never exceptions.
import { SEVERITIES, type Alert, type Issue } from '../model/index.js';
import { readLines, type ReadLinesOptions } from '../ingest/read-lines.js';

export interface ReadAlertsResult {
  alerts: Alert[];
  issues: Issue[];
}

/** Reads an alert stream from a file (`-` = stdin, gzip sniffed). Blank lines and records whose
 *  `kind` is not `"alert"` are skipped. A line that is not JSON (`not_json`), not an object
 *  (`not_object`), or an alert lacking a field eval relies on (`invalid_alert`, naming the field)
 *  becomes an issue with its line number and is left out. Only the fields eval uses are checked
 *  (`id`, `device`, `app`, `severity`, `score`, `rev` when present); full conformance is
 *  check-alerts' job. An unreadable file throws (CiphertrailError `read_error`). */
export async function readAlerts(path: string, options: ReadLinesOptions = {}): Promise<ReadAlertsResult> {
  const alerts: Alert[] = [];
  const issues: Issue[] = [];
  for await (const batch of readLines(path, options)) {
    for (let i = 0; i < batch.lines.length; i++) {
      const r = parseAlertLine(batch.lines[i], batch.file, batch.firstLine + i);
      if (r === undefined) continue;
      if ('code' in r) issues.push(r);
      else alerts.push(r);
    }
  }
  return { alerts, issues };
}

/** One line -> an alert, an issue, or undefined (blank line or another kind of record). */
export function parseAlertLine(text: string, file: string, line: number): Alert | Issue | undefined {
  if (text.trim().length === 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { code: 'not_json', message: `not valid JSON: ${(err as Error).message}`, file, line };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { code: 'not_object', message: 'a record must be a JSON object', file, line };
  }
  const rec = value as Record<string, unknown>;
  if (rec.kind !== 'alert') return undefined;
  const bad = alertFieldProblem(rec);
  if (bad) return { code: 'invalid_alert', message: bad.message, file, line, field: bad.field };
  return rec as unknown as Alert;
}

function alertFieldProblem(rec: Record<string, unknown>): { field: string; message: string } | undefined {
  for (const field of ['id', 'device', 'app'] as const) {
    const v = rec[field];
    if (typeof v !== 'string' || v.length === 0) return { field, message: `\`${field}\` must be a non-empty string` };
  }
  if (!(SEVERITIES as readonly unknown[]).includes(rec.severity)) {
    return { field: 'severity', message: `\`severity\` must be one of ${SEVERITIES.join(', ')}` };
  }
  if (typeof rec.score !== 'number' || !Number.isFinite(rec.score)) {
    return { field: 'score', message: '`score` must be a number' };
  }
  if (rec.rev !== undefined && (typeof rec.rev !== 'number' || !Number.isFinite(rec.rev))) {
    return { field: 'rev', message: '`rev` must be a number' };
  }
  return undefined;
}
