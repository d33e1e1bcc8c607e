// One NDJSON line -> accepted event, rejection, or skip (blank lines are ignored by the contract).
import type { SourceRef } from '../model/event.js';
import { normalizeEvent, type NormalizeResult } from './normalize-event.js';

export type ParseResult = NormalizeResult | { ok: 'skip' };

const SKIP: ParseResult = { ok: 'skip' };

export function parseLine(text: string, source: SourceRef): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // Blank lines also land here (JSON.parse('') throws), so valid lines pay nothing for the check.
    if (text.trim().length === 0) return SKIP;
    return {
      ok: false,
      issue: { code: 'not_json', message: `not valid JSON: ${(err as Error).message}`, file: source.file, line: source.line },
    };
  }
  return normalizeEvent(value, source);
}
