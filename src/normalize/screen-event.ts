// Screens a parsed line before anything validates, stores or prints it: nesting depth (stores,
// content ids and outputs recurse into events) and the contract's forbidden fields — names that
// can carry raw key bytes, IVs or plaintext (telemetry-v1.md "Forbidden fields"). Such a line is
// rejected whole: its sensor breaks the contract, and a rejection is loud where a dropped field
// is not. Iterative, so a hostile depth cannot exhaust the stack here either.
import { MAX_DEPTH } from './input-limits.js';

export interface ScreenProblem {
  code: 'too_deep' | 'forbidden_field';
  field: string;
  message: string;
}

const FORBIDDEN: ReadonlySet<string> = new Set([
  'key', 'key_hex', 'key_b64', 'secret', 'password', 'plaintext', 'cleartext', 'iv', 'nonce', 'body',
  'data', 'sample', 'content',
]);

/** true when a field named `name` (any case) may carry raw key material or plaintext */
export function isForbiddenName(name: string): boolean {
  const n = name.toLowerCase();
  return FORBIDDEN.has(n) || n.startsWith('raw_key');
}

// Quoted forbidden names as they appear in the text of a line, or an escape that could spell one.
const NAMES = 'key|key_hex|key_b64|raw_key[^"]*|secret|password|plaintext|cleartext|iv|nonce|body|data|sample|content';
const FORBIDDEN_TEXT = new RegExp(`"(?:${NAMES})"|\\\\u`, 'i');
const FORBIDDEN_KEY_TEXT = new RegExp(`"(?:${NAMES})"\\s*:`, 'i');

/** true when the text of a line that is not JSON has what looks like a forbidden field: its
 *  text and the parser's message (which quotes it) are then not repeated anywhere */
export function namesForbidden(text: string): boolean {
  return FORBIDDEN_KEY_TEXT.test(text);
}

/** Cheap test on a line's text: false means `screenEvent` of its parse finds nothing, so the
 *  ingest hot path walks only the rare line that could fail. */
export function mayFailScreen(text: string): boolean {
  return FORBIDDEN_TEXT.test(text) || containers(text) > MAX_DEPTH;
}

/** `{` and `[` in `text`, counted up to MAX_DEPTH + 1 (in strings too: it only has to
 *  over-count). An event nests at most as deep as it has containers. */
function containers(text: string): number {
  let n = 0;
  for (let i = text.indexOf('{'); i !== -1 && n <= MAX_DEPTH; i = text.indexOf('{', i + 1)) n++;
  for (let i = text.indexOf('['); i !== -1 && n <= MAX_DEPTH; i = text.indexOf('[', i + 1)) n++;
  return n;
}

interface Frame { v: object; depth: number; path: string }

/** The first problem of a parsed value: a container deeper than MAX_DEPTH or a forbidden field
 *  name at any depth; undefined when it has neither. */
export function screenEvent(value: unknown): ScreenProblem | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const stack: Frame[] = [{ v: value, depth: 1, path: '' }];
  for (let f = stack.pop(); f !== undefined; f = stack.pop()) {
    if (Array.isArray(f.v)) {
      const a = f.v as unknown[];
      for (let i = 0; i < a.length; i++) {
        const x = a[i];
        if (x !== null && typeof x === 'object') {
          const path = `${f.path}[${i}]`;
          if (f.depth >= MAX_DEPTH) return tooDeep(path);
          stack.push({ v: x, depth: f.depth + 1, path });
        }
      }
      continue;
    }
    const o = f.v as Record<string, unknown>;
    for (const k in o) {
      const path = f.path === '' ? k : `${f.path}.${k}`;
      if (isForbiddenName(k)) {
        return {
          code: 'forbidden_field', field: path,
          message: 'field may carry raw key material or plaintext and is never accepted; send a fingerprint (*_fp) instead',
        };
      }
      const x = o[k];
      if (x !== null && typeof x === 'object') {
        if (f.depth >= MAX_DEPTH) return tooDeep(path);
        stack.push({ v: x, depth: f.depth + 1, path });
      }
    }
  }
  return undefined;
}

function tooDeep(path: string): ScreenProblem {
  return { code: 'too_deep', field: path, message: `nested deeper than ${MAX_DEPTH} levels of objects and arrays` };
}

/** whether the text of a line rejected with `code` may be kept (dead letters): not when it
 *  carries a forbidden field, nor when it is too deep to serialize safely */
export function mayKeepRaw(code: string): boolean {
  return code !== 'forbidden_field' && code !== 'too_deep';
}
