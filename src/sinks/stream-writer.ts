// Buffered text output that respects backpressure on close, for stdout or a file.
import type { Writable } from 'node:stream';

export class StreamWriter {
  private buf: string[] = [];
  private size = 0;

  constructor(private readonly out: Writable, private readonly flushAt = 64 * 1024) {}

  line(s: string): void {
    this.buf.push(s, '\n');
    this.size += s.length + 1;
    if (this.size >= this.flushAt) this.flush();
  }

  flush(): void {
    if (this.buf.length === 0) return;
    this.out.write(this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }

  async end(closeStream: boolean): Promise<void> {
    this.flush();
    await new Promise<void>((resolve, reject) => {
      if (closeStream) this.out.end(resolve);
      else if (this.out.writableNeedDrain) this.out.once('drain', resolve);
      else resolve();
      this.out.once('error', reject);
    });
  }
}
