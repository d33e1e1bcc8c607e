// One stderr line per rejected input line, e.g.
// `events.ndjson:17: wrong_type [bytes_out]: want a non-negative integer, got "12"`.
import { formatIssue, type Issue } from '../model/issue.js';

// Parser messages quote raw input; control characters (ESC, CR, ...) must not reach a terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');

export function formatRejection(issue: Issue): string {
  const line = formatIssue(issue);
  return CONTROL.test(line) ? line.replace(CONTROL_ALL, escapeChar) : line;
}

function escapeChar(c: string): string {
  return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
}
