// A file read forward in chunks: a capture of any size is parsed with a bounded buffer.
import { open, type FileHandle } from 'node:fs/promises';

const CHUNK = 1 << 20;

export class ByteSource {
  private buf: Buffer = Buffer.alloc(0);
  private start = 0;
  /** file offset of the cursor */
  offset = 0;
  private eof = false;

  private constructor(private readonly fh: FileHandle) {}

  static async open(path: string): Promise<ByteSource> {
    return new ByteSource(await open(path, 'r'));
  }

  /** makes `n` bytes available at the cursor; false when the file ends first */
  async ensure(n: number): Promise<boolean> {
    while (this.buf.length - this.start < n) {
      if (this.eof) return false;
      const rest = this.buf.subarray(this.start);
      const chunk = Buffer.allocUnsafe(Math.max(CHUNK, n - rest.length));
      const { bytesRead } = await this.fh.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) this.eof = true;
      this.buf = Buffer.concat([rest, chunk.subarray(0, bytesRead)]);
      this.start = 0;
    }
    return true;
  }

  /** bytes left at the cursor (after a failed ensure: what the file still had) */
  get available(): number {
    return this.buf.length - this.start;
  }

  /** a view of the next `n` bytes (valid until the next ensure); call ensure first */
  peek(n: number): Buffer {
    return this.buf.subarray(this.start, this.start + n);
  }

  skip(n: number): void {
    this.start += n;
    this.offset += n;
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}
