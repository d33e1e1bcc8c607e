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

/** Decodes UTF-8 leniently: invalid sequences become U+FFFD, a sequence cut at the end is dropped. */
export function utf8Decode(bytes: ByteLike): string {
  let s = '';
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] & 0xff;
    if (b < 0x80) {
      s += String.fromCharCode(b);
      i++;
      continue;
    }
    const len = utf8SequenceLength(bytes, i);
    if (len === 0) {
      s += '\ufffd';
      i++;
    } else if (len < 0) {
      break; // truncated at the end of a sample
    } else {
      let c = b & (len === 2 ? 0x1f : len === 3 ? 0x0f : 0x07);
      for (let k = 1; k < len; k++) c = (c << 6) | (bytes[i + k] & 63);
      s += String.fromCodePoint(c);
      i += len;
    }
  }
  return s;
}

/** Length (2..4) of the valid multi-byte UTF-8 sequence at `i`; 0 when invalid; -1 when cut by the end. */
export function utf8SequenceLength(bytes: ByteLike, i: number): number {
  const b = bytes[i] & 0xff;
  const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (len === 0) return 0;
  for (let k = 1; k < len; k++) {
    if (i + k >= bytes.length) return -1;
    if (((bytes[i + k] & 0xff) & 0xc0) !== 0x80) return 0;
  }
  const b1 = bytes[i + 1] & 0xff;
  if (b === 0xe0 && b1 < 0xa0) return 0; // overlong
  if (b === 0xed && b1 >= 0xa0) return 0; // surrogates
  if (b === 0xf0 && b1 < 0x90) return 0; // overlong
  if (b === 0xf4 && b1 >= 0x90) return 0; // > U+10FFFF
  return len;
}
