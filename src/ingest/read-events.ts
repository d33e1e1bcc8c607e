// Files -> batches of accepted events; rejected lines go to a callback, never disappear.
import type { Accepted } from '../model/event.js';
import type { Issue } from '../model/issue.js';
import { acceptLine, LineEvent } from '../normalize/accept-line.js';
import { lineTooLong, MAX_LINE_LENGTH } from '../normalize/input-limits.js';
import { readLines, type LineBatch, type ReadLinesOptions } from './read-lines.js';

export interface Rejected {
  issue: Issue;
  /** the line as read (BOM and trailing `\r` removed) */
  raw: string;
}

/** Running totals, owned by the caller and updated in place after every batch, so a progress
 *  display or the final report can read them at any time. lines = accepted + rejected + blank. */
export interface IngestCounters {
  lines: number;
  accepted: number;
  rejected: number;
  blank: number;
  /** input bytes read (after gunzip) */
  bytes?: number;
}

export interface ReadEventsOptions extends ReadLinesOptions {
  /** after each file: how many of its lines were accepted (an input that gave none is unusable) */
  onFileEnd?: (path: string, accepted: number, lines: number) => void;
}

export function createIngestCounters(): IngestCounters {
  return { lines: 0, accepted: 0, rejected: 0, blank: 0, bytes: 0 };
}

/** Reads `paths` in order (`-` = stdin) and yields the accepted events of each read chunk
 *  (chunks with no accepted event yield nothing). `onReject` runs synchronously, in line order,
 *  for each rejected line, lines longer than `options.maxLineLength` (default MAX_LINE_LENGTH)
 *  included. I/O errors throw (CiphertrailError `read_error`). */
export async function* readEvents(
  paths: string[],
  onReject: (r: Rejected) => void,
  counters: IngestCounters = createIngestCounters(),
  options?: ReadEventsOptions,
): AsyncIterable<Accepted[]> {
  const o = limited(options);
  for (const path of paths) {
    const before = { accepted: counters.accepted, lines: counters.lines - counters.blank };
    for await (const batch of readLines(path, o)) {
      const { lines } = batch;
      const out: Accepted[] = [];
      let rejected = 0;
      for (let i = 0; i < lines.length; i++) {
        const r = accept(batch, i, o.maxLineLength);
        if (r instanceof LineEvent) out.push(r);
        else if (r !== undefined) {
          rejected++;
          onReject({ issue: r, raw: lines[i] });
        }
      }
      counters.lines += lines.length;
      counters.accepted += out.length;
      counters.rejected += rejected;
      counters.blank += lines.length - out.length - rejected;
      counters.bytes = (counters.bytes ?? 0) + batch.bytes;
      if (out.length > 0) yield out;
    }
    o.onFileEnd?.(path, counters.accepted - before.accepted, counters.lines - counters.blank - before.lines);
  }
}

/** The same reading, validation, counting and rejection as `readEvents`, without the batch
 *  array: each accepted event goes to `onEvent` as soon as its line is validated, so parsed
 *  events die young instead of being held (and copied by the GC) for a whole read chunk.
 *  `onBatch` runs after each read chunk that accepted something, counters up to date. */
export async function pushEvents(
  paths: string[],
  onReject: (r: Rejected) => void,
  counters: IngestCounters,
  onEvent: (x: Accepted) => void,
  onBatch?: () => void,
  options?: ReadEventsOptions,
): Promise<void> {
  const o = limited(options);
  for (const path of paths) {
    const before = { accepted: counters.accepted, lines: counters.lines - counters.blank };
    for await (const batch of readLines(path, o)) {
      const { lines } = batch;
      let accepted = 0, rejected = 0;
      for (let i = 0; i < lines.length; i++) {
        const r = accept(batch, i, o.maxLineLength);
        if (r instanceof LineEvent) { accepted++; onEvent(r); }
        else if (r !== undefined) {
          rejected++;
          onReject({ issue: r, raw: lines[i] });
        }
      }
      counters.lines += lines.length;
      counters.accepted += accepted;
      counters.rejected += rejected;
      counters.blank += lines.length - accepted - rejected;
      counters.bytes = (counters.bytes ?? 0) + batch.bytes;
      if (accepted > 0) onBatch?.();
    }
    o.onFileEnd?.(path, counters.accepted - before.accepted, counters.lines - counters.blank - before.lines);
  }
}

function limited(options: ReadEventsOptions | undefined): ReadEventsOptions & { maxLineLength: number } {
  return { ...options, maxLineLength: options?.maxLineLength ?? MAX_LINE_LENGTH };
}

/** line `i` of `batch` as acceptLine sees it, or the issue of a line longer than `max` */
function accept(batch: LineBatch, i: number, max: number): ReturnType<typeof acceptLine> {
  const line = batch.firstLine + i;
  const length = batch.overlong?.get(i);
  if (length !== undefined) return lineTooLong(length, max, batch.file, line);
  return acceptLine(batch.lines[i], batch.file, line);
}
