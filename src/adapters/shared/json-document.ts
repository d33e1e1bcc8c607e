// Reads a whole-file JSON document (CuckooDroid report, DroidBox output) as data with issues:
// empty, binary, cut or invalid JSON is an issue with its line, never a throw.
import type { Issue } from '../../model/index.js';
import type { Input } from './read-input.js';

export interface JsonDocument { value?: unknown; issues: Issue[]; notes: string[] }

export function parseJsonDocument(input: Input, file: string, what: string): JsonDocument {
  if (input.text.trim() === '') return { issues: [{ code: 'empty_input', message: `empty file: want ${what}`, file }], notes: ['empty input: no events'] };
  if (input.binary) return { issues: [{ code: 'not_json', message: `binary bytes: want ${what}`, file, line: 1 }], notes: [] };
  try {
    return { value: JSON.parse(input.text), issues: [], notes: [] };
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? input.text.slice(0, Number(pos[1])).split('\n').length : undefined;
    const cut = /Unexpected end of JSON input|Unterminated|Expected .* after/.test(msg) && !pos ? ' (cut short?)' : '';
    return { issues: [{ code: 'bad_json', message: `not valid JSON${cut}: ${msg.slice(0, 200)}; want ${what}`, file, ...(line ? { line } : {}) }], notes: [] };
  }
}
