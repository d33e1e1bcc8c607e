// POST /v1/events body -> validated events: size limit (before and after gunzip), one line at a
// time through the same validation as `detect`, a content hash as id for events without one.
import { createHash } from 'node:crypto';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { Accepted } from '../model/index.js';
import { lineTooLong, MAX_LINE_LENGTH } from '../normalize/input-limits.js';
import { parseLine } from '../normalize/parse-line.js';
import { HttpError } from './http-error.js';

const gunzipAsync = promisify(gunzip);

export const MAX_REPORTED_ERRORS = 1000;

export interface LineError { line: number; code: string; field?: string; message: string }

export interface ParsedBatch {
  events: Accepted[];
  /** non-blank lines */
  lines: number;
  rejected: number;
  errors: LineError[];
}

const tooLarge = (max: number, what: string) =>
  new HttpError(413, 'payload_too_large', `${what} exceeds the limit of ${max} bytes`, { limit: max });

/** Reads the request body up to `max` bytes (413 past it), gunzipped when Content-Encoding says gzip. */
export async function readBody(req: Request, max: number): Promise<Buffer> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) throw tooLarge(max, 'request body');
  const enc = (req.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (enc !== 'identity' && enc !== 'gzip' && enc !== 'x-gzip') {
    throw new HttpError(415, 'unsupported_encoding', `Content-Encoding '${enc}' is not supported; send identity or gzip`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try { r = await reader.read(); } catch (e) {
        throw new HttpError(400, 'bad_request', `request body could not be read: ${(e as Error).message}`);
      }
      const { done, value } = r;
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(max, 'request body');
      }
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
  }
  const raw = Buffer.concat(chunks, size);
  if (enc === 'identity') return raw;
  try {
    return await gunzipAsync(raw, { maxOutputLength: max });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw tooLarge(max, 'decompressed body');
    throw new HttpError(400, 'bad_request', `body is not valid gzip: ${err.message}`);
  }
}

/** Sorted-key JSON: the same event gives the same text whatever its key order. Recursive: only
 *  for accepted events, whose depth normalization bounds (MAX_DEPTH). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return '{' + Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => JSON.stringify(k) + ':' + canonical(o[k])).join(',') + '}';
  }
  return JSON.stringify(v) ?? 'null';
}

/** id of an event that came without one: `h-` + 128 bits of SHA-256 of its canonical JSON */
export function contentId(event: object): string {
  return 'h-' + createHash('sha256').update(canonical(event)).digest('hex').slice(0, 32);
}

export function parseBatch(text: string, file = 'body', maxLineLength = MAX_LINE_LENGTH): ParsedBatch {
  const out: ParsedBatch = { events: [], lines: 0, rejected: 0, errors: [] };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let start = 0;
  let lineNo = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    // an over-long line is rejected unread (the body limit already bounds what was buffered)
    const r = end - start > maxLineLength
      ? { ok: false as const, issue: lineTooLong(end - start, maxLineLength, file, lineNo) }
      : parseLine(text.slice(start, end), { file, line: lineNo });
    start = end + 1;
    if (r.ok === 'skip') continue;
    out.lines++;
    if (r.ok === false) {
      out.rejected++;
      if (out.errors.length < MAX_REPORTED_ERRORS) {
        const i = r.issue;
        out.errors.push({ line: lineNo, code: i.code, ...(i.field ? { field: i.field } : {}), message: i.message });
      }
      continue;
    }
    const x = r.accepted;
    if (typeof x.event.id !== 'string' || x.event.id === '') {
      delete x.event.id;
      const id = contentId(x.event);
      x.event.id = id;
      x.ref = id;
    }
    out.events.push(x);
  }
  return out;
}
