// Shannon entropy in bits per byte (0..8). PURE. Computed on the device over a sample of the
// bytes (files, payloads); the bytes themselves never leave the device.
import type { ByteLike } from './bytes.js';
import { shannonEntropy } from '../../../src/payload/entropy.js';

export { entropyOfCounts, shannonEntropy } from '../../../src/payload/entropy.js';

/** Keeps the first `limit` bytes written through a stream (a sample) and counts every byte.
 *  Entropy is measured on the sample: a small sample reads low (256 random bytes ≈ 7.2 bits). */
export class ByteSample {
  private readonly buf: Uint8Array;
  private used = 0;
  /** every byte seen, sampled or not */
  total = 0;

  constructor(readonly limit = 4096) {
    this.buf = new Uint8Array(limit);
  }

  /** Adds `length` bytes; `read(max)` is asked for at most the bytes the sample still has room for. */
  add(length: number, read?: (max: number) => ByteLike): void {
    this.total += Math.max(0, length);
    const room = this.limit - this.used;
    if (room <= 0 || length <= 0 || !read) return;
    const chunk = read(Math.min(room, length));
    const n = Math.min(room, chunk.length);
    for (let i = 0; i < n; i++) this.buf[this.used + i] = chunk[i] & 0xff;
    this.used += n;
  }

  get sample(): Uint8Array {
    return this.buf.subarray(0, this.used);
  }

  entropy(): number {
    return shannonEntropy(this.sample);
  }
}
