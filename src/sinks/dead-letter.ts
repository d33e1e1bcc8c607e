// Rejected input lines -> NDJSON file, so nothing rejected silently disappears.
// One record per line: {"file","line","code","field","reason","raw"} (+ "raw_truncated": true, or
// "raw_withheld": true with raw "" for a line with a forbidden field or nested too deep: raw keys
// and plaintext are never written anywhere, docs/input-limits.md).
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Rejected } from '../ingest/read-events.js';
import { mayKeepRaw } from '../normalize/screen-event.js';

/** Longest `raw` kept, in UTF-8 bytes: a 10 MB garbage line should not become a 10 MB record. */
export const DEAD_LETTER_RAW_MAX = 1 << 20;

export class DeadLetterSink {
  private readonly stream: WriteStream;
  // write() is synchronous (it runs inside the reader's onReject), so records are buffered and
  // handed to the stream once per event-loop turn; while the stream wants 'drain' they wait here.
  private pending = '';
  private scheduled: NodeJS.Immediate | undefined;
  private waitingDrain = false;
  private closed = false;
  private error: Error | undefined;
  /** records written (accepted by write()) */
  count = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
    this.stream.on('error', (err) => {
      this.error ??= err;
    });
    this.stream.on('drain', () => {
      this.waitingDrain = false;
      this.handOff();
    });
  }

  write(r: Rejected): void {
    if (this.closed) throw new Error(`DeadLetterSink(${this.path}): write after close`);
    this.pending += formatDeadLetter(r);
    this.count++;
    this.scheduled ??= setImmediate(() => {
      this.scheduled = undefined;
      this.handOff();
    });
  }

  /** Resolves once everything buffered is in the stream and it does not need draining:
   *  await it between batches to bound memory when the disk is slow. */
  async flush(): Promise<void> {
    this.handOff();
    while (this.waitingDrain && !this.error) await this.drainOrError();
    if (this.error) throw this.error;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    // end() queues after pending writes, so no need to wait for drain first.
    if (this.pending.length > 0) this.stream.write(this.pending);
    this.pending = '';
    await new Promise<void>((resolve, reject) => {
      if (this.error) return reject(this.error);
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    if (this.error) throw this.error;
  }

  private drainOrError(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        resolve();
      };
      this.stream.once('drain', done);
      this.stream.once('error', done);
    });
  }

  private handOff(): void {
    if (this.waitingDrain || this.pending.length === 0 || this.error || this.stream.destroyed) return;
    const chunk = this.pending;
    this.pending = '';
    if (!this.stream.write(chunk)) this.waitingDrain = true;
  }
}

/** One dead-letter NDJSON line (with its `\n`). */
export function formatDeadLetter(r: Rejected): string {
  const { issue } = r;
  const withheld = !mayKeepRaw(issue.code);
  const raw = withheld ? '' : truncateUtf8(r.raw, DEAD_LETTER_RAW_MAX);
  const record: Record<string, unknown> = {
    file: issue.file ?? null,
    line: issue.line ?? null,
    code: issue.code,
    field: issue.field ?? null,
    reason: issue.message,
    raw,
  };
  if (withheld) record.raw_withheld = true;
  else if (raw.length !== r.raw.length) record.raw_truncated = true;
  return JSON.stringify(record) + '\n';
}

/** `s` cut to at most `max` UTF-8 bytes, never inside a character. */
function truncateUtf8(s: string, max: number): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes, so short strings skip the byte count.
  if (s.length * 3 <= max || Buffer.byteLength(s) <= max) return s;
  const bytes = Buffer.from(s, 'utf8');
  let end = max;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--; // back off continuation bytes
  return bytes.subarray(0, end).toString('utf8');
}
