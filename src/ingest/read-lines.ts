// Hot path: bytes -> text lines, one batch per read chunk so per-line cost is just a slice.
import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { CiphertrailError } from '../model/issue.js';

/** Lines of one read chunk. Line `i` (0-based) of `lines` is line `firstLine + i` (1-based) of `file`. */
export interface LineBatch {
  file: string;
  firstLine: number;
  lines: string[];
  /** input bytes (after gunzip) consumed since the previous batch, for throughput counters */
  bytes: number;
  /** lines longer than `maxLineLength`: index in `lines` (which holds '' there) -> their length */
  overlong?: Map<number, number>;
}

export interface ReadLinesOptions {
  /** read chunk size; small values are for tests that need lines split across chunks */
  highWaterMark?: number;
  /** what `-` reads; defaults to process.stdin */
  stdin?: AsyncIterable<Buffer | string>;
  /** longest line kept, in characters; a longer one is skipped to its newline without being
   *  held (see LineBatch.overlong). No limit by default. */
  maxLineLength?: number;
  /** the name a path has in messages and refs, where it differs (an archive member, adapter output) */
  names?: ReadonlyMap<string, string>;
}

export const STDIN_NAME = '<stdin>';
const DEFAULT_CHUNK = 1 << 20;

/** Reads NDJSON-ish text from a file (`-` = stdin), gunzipping when the content starts with
 *  the gzip magic, whatever the name. Strips a leading BOM and a `\r` before each `\n`.
 *  Invalid UTF-8 becomes U+FFFD (then fails parsing downstream). I/O and gzip errors throw a
 *  CiphertrailError with code `read_error`; lines already yielded stay valid. */
export async function* readLines(path: string, options: ReadLinesOptions = {}): AsyncIterable<LineBatch> {
  const file = path === '-' ? STDIN_NAME : options.names?.get(path) ?? path;
  const decoder = new StringDecoder('utf8');
  const max = options.maxLineLength ?? Infinity;
  // Pieces of a line that has not ended yet; joined once, so a 10 MB line costs O(n).
  const pending: string[] = [];
  let pendingLength = 0;
  // characters of an over-long line being skipped (its pieces are dropped as they arrive), or -1
  let skipped = -1;
  let nextLine = 1;
  let bytes = 0;
  let atStart = true;
  // pure ASCII decodes the same as UTF-8, only faster (a copy): until the first chunk that is not,
  // after which the decoder keeps every partial character between chunks
  let ascii = true;
  let expect = 64;
  // keeps `piece` as the start of the next line, or starts skipping once the line is too long
  const hold = (piece: string) => {
    if (skipped >= 0) skipped += piece.length;
    else if (pendingLength + piece.length > max) {
      skipped = pendingLength + piece.length;
      pending.length = 0;
      pendingLength = 0;
    } else {
      pending.push(piece);
      pendingLength += piece.length;
    }
  };
  try {
    for await (const buf of openBytes(path, options)) {
      bytes += buf.length;
      if (ascii && !isAscii(buf)) ascii = false;
      let text = ascii ? buf.toString('latin1') : decoder.write(buf);
      if (atStart && text.length > 0) {
        atStart = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      let nl = text.indexOf('\n');
      if (nl === -1) {
        if (text.length > 0) hold(text);
        continue;
      }
      // sized like the previous batch: growing an array from empty by push re-made its storage
      // ~10 times per chunk (a third of the reader's allocation)
      const lines: string[] = new Array<string>(expect);
      let overlong: Map<number, number> | undefined;
      const tooLong = (i: number, length: number) => {
        lines[i] = '';
        (overlong ??= new Map()).set(i, length);
      };
      if (skipped >= 0 || pendingLength + nl > max) {
        tooLong(0, (skipped >= 0 ? skipped : pendingLength) + nl);
        skipped = -1;
        pending.length = 0;
        pendingLength = 0;
      } else {
        let first = text.slice(0, nl);
        if (pending.length > 0) {
          pending.push(first);
          first = pending.join('');
          pending.length = 0;
          pendingLength = 0;
        }
        lines[0] = stripCr(first);
      }
      let n = 1;
      let start = nl + 1;
      while ((nl = text.indexOf('\n', start)) !== -1) {
        if (nl - start > max) tooLong(n++, nl - start);
        else lines[n++] = stripCr(text.slice(start, nl));
        start = nl + 1;
      }
      if (n < lines.length) lines.length = n;
      expect = n + (n >> 4) + 16;
      if (start < text.length) hold(text.slice(start));
      yield overlong ? { file, firstLine: nextLine, lines, bytes, overlong } : { file, firstLine: nextLine, lines, bytes };
      nextLine += lines.length;
      bytes = 0;
    }
  } catch (err) {
    throw new CiphertrailError('read_error', `${file}: ${(err as Error).message}`, [
      { code: 'read_error', message: (err as Error).message, file },
    ]);
  }
  const rest = decoder.end();
  if (rest.length > 0) hold(atStart && rest.charCodeAt(0) === 0xfeff ? rest.slice(1) : rest);
  // A final line without newline still counts; a trailing newline does not add an empty line.
  if (skipped >= 0) {
    yield { file, firstLine: nextLine, lines: [''], bytes, overlong: new Map([[0, skipped]]) };
    return;
  }
  const last = pending.join('');
  if (last.length > 0) yield { file, firstLine: nextLine, lines: [stripCr(last)], bytes };
}

function stripCr(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

/** Raw (decompressed) byte chunks of the source. Sniffs the first two bytes for gzip because
 *  captures are often renamed or piped without their `.gz`. */
async function* openBytes(path: string, options: ReadLinesOptions): AsyncGenerator<Buffer> {
  const source: AsyncIterable<Buffer | string> =
    path === '-'
      ? (options.stdin ?? process.stdin)
      : createReadStream(path, { highWaterMark: options.highWaterMark ?? DEFAULT_CHUNK });
  const it = source[Symbol.asyncIterator]();
  try {
    let head: Buffer = Buffer.alloc(0);
    let done = false;
    while (head.length < 2) {
      const r = await it.next();
      if (r.done) {
        done = true;
        break;
      }
      const chunk = toBuffer(r.value);
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
    }
    const isGzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
    if (!isGzip) {
      if (head.length > 0) yield head;
      if (!done) yield* drain(it);
      return;
    }
    const gunzip = createGunzip({ chunkSize: Math.max(64, options.highWaterMark ?? DEFAULT_CHUNK) });
    // pipeline destroys gunzip with the source's error, so the loop below sees it.
    pipeline(Readable.from(prepend(head, done ? undefined : it)), gunzip, () => {});
    yield* gunzip as AsyncIterable<Buffer>;
  } finally {
    await it.return?.();
  }
}

async function* drain(it: AsyncIterator<Buffer | string>): AsyncGenerator<Buffer> {
  for (;;) {
    const r = await it.next();
    if (r.done) return;
    yield toBuffer(r.value);
  }
}

async function* prepend(head: Buffer, it: AsyncIterator<Buffer | string> | undefined): AsyncGenerator<Buffer> {
  yield head;
  if (it) yield* drain(it);
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}
