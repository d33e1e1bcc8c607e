// Buffered NDJSON output with backpressure: lines are batched into ~1 MiB chunks; a write error
// is kept and rethrown by the next flush/close instead of crashing the process.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

const CHUNK = 1 << 20;

export class NdjsonWriter {
  private readonly out: WriteStream;
  private buf = '';
  private error: Error | undefined;
  lines = 0;

  constructor(readonly path: string) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
    this.out.on('error', (e) => { this.error ??= e; });
  }

  /** buffer one line; true when the buffer is full and `flush()` should be awaited */
  add(s: string): boolean {
    this.buf += s;
    this.buf += '\n';
    this.lines++;
    return this.buf.length >= CHUNK;
  }

  async flush(): Promise<void> {
    if (this.error) throw this.error;
    if (this.buf === '') return;
    const chunk = this.buf;
    this.buf = '';
    if (!this.out.write(chunk)) {
      await Promise.race([once(this.out, 'drain'), once(this.out, 'close')]);
    }
    if (this.error) throw this.error;
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    if (!this.out.closed) await once(this.out, 'close');
    if (this.error) throw this.error;
  }
}

/** write a whole array of lines */
export async function writeLines(path: string, lines: Iterable<string>): Promise<number> {
  const w = new NdjsonWriter(path);
  try {
    for (const l of lines) if (w.add(l)) await w.flush();
  } finally {
    await w.close();
  }
  return w.lines;
}
