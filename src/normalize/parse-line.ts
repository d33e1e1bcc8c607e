// One NDJSON line -> accepted event, rejection, or skip (blank lines are ignored by the contract).
import type { SourceRef } from '../model/event.js';
import type { Issue } from '../model/issue.js';
import { normalizeEvent, type NormalizeResult } from './normalize-event.js';
import { namesForbidden } from './screen-event.js';

export type ParseResult = NormalizeResult | { ok: 'skip' };

const SKIP: ParseResult = { ok: 'skip' };

export function parseLine(text: string, source: SourceRef): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // Blank lines also land here (JSON.parse('') throws), so valid lines pay nothing for the check.
    if (text.trim().length === 0) return SKIP;
    return { ok: false, issue: notJson(err, source.file, source.line, text) };
  }
  return normalizeEvent(value, source);
}

/** the issue of a line JSON.parse refused (`err` is what it threw); one that seems to carry a
 *  forbidden field is rejected as such, without the parser's message (it quotes the line) */
export function notJson(err: unknown, file: string, line: number, text: string): Issue {
  if (namesForbidden(text)) {
    return { code: 'forbidden_field', message: 'not valid JSON, and names a field that may carry raw key material or plaintext (not quoted)', file, line };
  }
  // (V8's message quotes the line: a secret named in a way the test above misses would be printed)
  const m = (err as Error).message.replace(/,? (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
  return { code: 'not_json', message: `not valid JSON: ${m}`, file, line };
}
