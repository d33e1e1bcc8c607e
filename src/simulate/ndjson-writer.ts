// Buffered NDJSON output with backpressure: lines are copied into 1 MiB byte chunks that are
// handed to the file stream; a write error is kept and rethrown by the next flush/close.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

const CHUNK = 1 << 20;

/** resolves on 'drain', rejects on 'error'/'close' first; leaves no listener behind */
function drained(out: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', onDrain); out.off('error', onError); out.off('close', onClose);
      if (err) reject(err); else resolve();
    };
    const onDrain = () => done();
    const onError = (e: Error) => done(e);
    const onClose = () => done(new Error(`${String(out.path)}: closed while writing`));
    out.on('drain', onDrain); out.on('error', onError); out.on('close', onClose);
  });
}

export class NdjsonWriter {
  private readonly out: WriteStream;
  private chunk = Buffer.allocUnsafe(CHUNK);
  private pos = 0;
  private readonly full: Buffer[] = [];
  private error: Error | undefined;
  lines = 0;

  constructor(readonly path: string) {
    // a deep buffer lets generation go on while the disk catches up
    this.out = createWriteStream(path, { highWaterMark: 16 * CHUNK });
    this.out.on('error', (e) => { this.error ??= e; });
  }

  private room(bytes: number): void {
    if (this.pos + bytes <= this.chunk.length) return;
    if (this.pos > 0) this.full.push(this.chunk.subarray(0, this.pos));
    this.chunk = Buffer.allocUnsafe(Math.max(CHUNK, bytes));
    this.pos = 0;
  }

  /** buffer one line (without its newline); true when chunks are ready and `flush()` should be awaited */
  add(line: string): boolean {
    this.room(line.length * 3 + 1);
    this.pos += this.chunk.write(line, this.pos, 'utf8');
    this.chunk[this.pos++] = 0x0a;
    this.lines++;
    return this.full.length > 0;
  }

  /** buffer one line made of src[start, end) followed by `tail` (ASCII/UTF-8) and a newline */
  addParts(src: Buffer, start: number, end: number, tail: string): boolean {
    this.room(end - start + tail.length * 3 + 1);
    this.pos += src.copy(this.chunk, this.pos, start, end);
    this.pos += this.chunk.write(tail, this.pos, 'utf8');
    this.chunk[this.pos++] = 0x0a;
    this.lines++;
    return this.full.length > 0;
  }

  /** hand the filled chunks to the file, waiting while its buffer is full */
  async flush(): Promise<void> {
    if (this.error) throw this.error;
    while (this.full.length) {
      if (!this.out.write(this.full.shift()!)) await drained(this.out);
      if (this.error) throw this.error;
    }
  }

  async close(): Promise<void> {
    try {
      if (this.pos > 0) { this.full.push(this.chunk.subarray(0, this.pos)); this.pos = 0; }
      await this.flush();
    } finally {
      this.out.end();
      if (!this.out.closed) await once(this.out, 'close').catch(() => undefined);
    }
    if (this.error) throw this.error;
  }
}

/** write a whole sequence of lines */
export async function writeLines(path: string, lines: Iterable<string>): Promise<number> {
  const w = new NdjsonWriter(path);
  try {
    for (const l of lines) if (w.add(l)) await w.flush();
  } finally {
    await w.close();
  }
  return w.lines;
}
