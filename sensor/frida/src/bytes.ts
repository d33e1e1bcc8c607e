// Byte helpers for the agent. PURE: no Frida globals, no Node APIs (the device has neither
// Buffer nor, in every Frida runtime, TextEncoder/TextDecoder), so Node tests can import it.

/** Bytes as any array-like of numbers; Java byte[] values are signed (-128..127), masked here. */
export type ByteLike = ArrayLike<number>;

/** Copies up to `max` bytes of `src[offset, offset + length)` into a new Uint8Array (masked to 0..255). */
export function toBytes(src: ByteLike, offset = 0, length = src.length - offset, max = Infinity): Uint8Array {
  const n = Math.max(0, Math.min(length, src.length - offset, max));
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = src[offset + i] & 0xff;
  return out;
}

const HEX = '0123456789abcdef';

/** Lowercase hex of `bytes`. */
export function toHex(bytes: ByteLike): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] & 0xff;
    s += HEX[b >>> 4] + HEX[b & 15];
  }
  return s;
}

/** Bytes of lowercase or uppercase hex (pairs; a trailing odd digit is ignored). */
export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

/** UTF-8 encoding of `s` (lone surrogates become U+FFFD), at most `max` bytes (whole characters only). */
export function utf8Encode(s: string, max = Infinity): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    const need = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (out.length + need > max) break;
    if (need === 1) out.push(c);
    else if (need === 2) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (need === 3) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** Length in bytes of the UTF-8 encoding of `s`, without allocating it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export { utf8Decode, utf8SequenceLength } from '../../../src/payload/utf8.js';
