// Reads a JSON export that is either NDJSON (one object per line) or one (pretty-printed) object
// or array: the values with the line each starts on. Bad lines are issues with their line; values
// are never quoted in messages (an export can carry shell commands or certificate text).
import type { Issue } from '../../model/index.js';
import type { Input } from '../shared/read-input.js';

export interface JsonValue { line: number; value: unknown }

export function readJsonValues(input: Input, file: string, what: string): { values: JsonValue[]; issues: Issue[]; notes: string[] } {
  if (input.text.trim() === '') return { values: [], issues: [{ code: 'empty_input', message: `empty file: want ${what}`, file }], notes: ['empty input: no events'] };
  if (input.binary) return { values: [], issues: [{ code: 'not_json', message: `binary bytes: want ${what}`, file, line: 1 }], notes: [] };
  const values: JsonValue[] = [];
  const bad: Issue[] = [];
  const lines = input.text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (!parses(lines[first].trim()) && lines.length - first > 1) {
    // not JSON lines: one pretty-printed document (an array of records or one record)
    try {
      const v = JSON.parse(input.text) as unknown;
      return { values: Array.isArray(v) ? v.map((value) => ({ line: first + 1, value })) : [{ line: first + 1, value: v }], issues: [], notes: [] };
    } catch (e) {
      if (/^\s*[[{]\s*$/.test(lines[first])) {
        return { values: [], issues: [{ code: 'not_json', message: `one JSON document that does not parse (${jsonError(e)}): want ${what}`, file, line: first + 1 }], notes: [] };
      }
    }
  }
  lines.forEach((l, i) => {
    const s = l.trim();
    if (s === '') return;
    try {
      const v = JSON.parse(s) as unknown;
      if (Array.isArray(v)) for (const x of v) values.push({ line: i + 1, value: x });
      else values.push({ line: i + 1, value: v });
    } catch (e) {
      bad.push({ code: 'not_json', message: `not valid JSON (${jsonError(e)}): want ${what}`, file, line: i + 1 });
    }
  });
  return { values, issues: bad, notes: [] };
}

function parses(s: string): boolean {
  try { JSON.parse(s); return true; } catch { return false; }
}

/** V8's parse message without the quoted input it may carry */
function jsonError(e: unknown): string {
  const m = (e as Error).message;
  const pos = /position (\d+)/.exec(m);
  if (/Unexpected end|Unterminated/.test(m)) return 'cut short';
  return pos ? `syntax error at column ${Number(pos[1]) + 1}` : 'syntax error';
}
