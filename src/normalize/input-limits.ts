// The bounds every input line and event must keep (docs/input-limits.md): past them a line is
// rejected like any other bad line, before anything parses it whole or recurses into it.
import type { Issue } from '../model/issue.js';

/** Longest line read, in characters (bytes for ASCII): a longer line is skipped unread. */
export const MAX_LINE_LENGTH = 1 << 20;

/** Deepest nesting of objects and arrays in one event (the event itself is depth 1). Stores,
 *  content ids and outputs walk events recursively; this bound keeps them off the stack limit. */
export const MAX_DEPTH = 64;

/** Largest |ts| in epoch ms: what a JavaScript Date can represent (±273,790 years), so every
 *  accepted time can be formatted. */
export const MAX_TS = 8.64e15;

/** the issue of a line longer than `max` characters (`length` of them were seen) */
export function lineTooLong(length: number, max: number, file: string, line: number): Issue {
  return {
    code: 'line_too_long', file, line,
    message: `line of ${length} characters exceeds the limit of ${max} (--max-line-length)`,
  };
}
