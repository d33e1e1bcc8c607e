// Cuckoo's droidmon processing module (Cuckoo 2.0, and CuckooDroid built on it) keeps no
// per-thread tree. A droidmon.log line it has a handler for only feeds a summary (crypto_keys,
// fingerprint...); a line it has no handler for is kept in `droidmon.error` as
// "Unhandled: %r" of the line, one it cannot parse (a logcat tag before the JSON) as
// "Invalid JSON line: %r". `droidmon.raw`, when the report keeps it, holds every parsed record.
// This reads those records back, with their own droidmon timestamps.
import { parsePythonLiteral } from '../../collect/python-literal.js';
import { parseDroidmonLine } from '../droidmon/parse-line.js';

export interface ModuleRecord { record: Record<string, unknown>; field: string; pkg?: string }

export interface ModuleRecords {
  records: ModuleRecord[];
  /** where the records came from */
  source: 'raw' | 'error';
  /** error entries that are not a droidmon line (other processing errors) */
  otherErrors: number;
}

const ENTRY = /^(Unhandled|Invalid JSON line):\s*([\s\S]*)$/;

/** the line inside Python's repr: 'text\n', u'…', b'…' (a byte string's \xNN escapes are UTF-8 bytes) */
export function unrepr(repr: string): string | undefined {
  const body = repr.trim().replace(/^[ubUB](?=['"])/, '');
  if (!/^['"]/.test(body)) return undefined;
  let text: string;
  try { text = parsePythonLiteral(body).value as string; } catch { return undefined; }
  if (typeof text !== 'string') return undefined;
  // a Python 2 str is bytes: \xNN escapes of UTF-8 text come out as Latin-1 characters
  return /[\x80-\xff]/.test(text) && !/[^\x00-\xff]/.test(text) ? Buffer.from(text, 'latin1').toString('utf8') : text;
}

/** `issue` receives what could not be read back, with its JSON path */
export function moduleRecords(droidmon: Record<string, unknown>, issue: (code: string, message: string, field: string) => void): ModuleRecords {
  const records: ModuleRecord[] = [];
  const raw = Array.isArray(droidmon.raw) ? droidmon.raw : [];
  const useRaw = raw.length > 0;
  if (useRaw) {
    raw.forEach((r, i) => {
      const field = `droidmon.raw[${i}]`;
      if (r && typeof r === 'object' && !Array.isArray(r) && typeof (r as Record<string, unknown>).method === 'string') records.push({ record: r as Record<string, unknown>, field });
      else issue('bad_record', 'raw entry is not a droidmon record: skipped', field);
    });
  }
  let otherErrors = 0;
  const errors = Array.isArray(droidmon.error) ? droidmon.error : [];
  errors.forEach((e, i) => {
    const field = `droidmon.error[${i}]`;
    const m = typeof e === 'string' ? ENTRY.exec(e) : null;
    if (!m) { otherErrors++; return; }
    // raw already holds every line the module could parse, the unhandled ones too
    if (useRaw && m[1] === 'Unhandled') return;
    const line = unrepr(m[2]);
    if (line === undefined) { issue('bad_record', `${m[1]} entry whose line is not a Python string literal: skipped`, field); return; }
    const r = parseDroidmonLine(line.trim());
    if (!r.ok) { issue(r.reason, `${r.message}: skipped`, field); return; }
    records.push({ record: r.line.record, field, ...(r.line.pkg ? { pkg: r.line.pkg } : {}) });
  });
  return { records, source: useRaw ? 'raw' : 'error', otherErrors };
}
