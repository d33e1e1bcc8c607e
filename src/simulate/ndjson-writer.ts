// Buffered NDJSON output with backpressure: lines are joined into ~1 MiB strings handed to the
// file stream (one encoding pass per chunk); a write error is kept and rethrown by flush/close.
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
  private buf = '';
  private error: Error | undefined;
  lines = 0;

  constructor(readonly path: string) {
    // a deep buffer lets generation go on while the disk catches up
    this.out = createWriteStream(path, { encoding: 'utf8', highWaterMark: 16 * CHUNK });
    this.out.on('error', (e) => { this.error ??= e; });
  }

  /** buffer one line (without its newline); true when a chunk is ready and `flush()` should be awaited */
  add(line: string): boolean {
    this.buf += line + '\n';
    this.lines++;
    return this.buf.length >= CHUNK;
  }

  /** hand the buffered chunk to the file, waiting while its buffer is full */
  async flush(): Promise<void> {
    if (this.error) throw this.error;
    if (this.buf === '') return;
    const chunk = this.buf;
    this.buf = '';
    if (!this.out.write(chunk)) await drained(this.out);
    if (this.error) throw this.error;
  }

  async close(): Promise<void> {
    try {
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
