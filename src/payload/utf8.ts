// Lenient UTF-8 decoding of byte samples. PURE (the device has neither Buffer nor, in every Frida
// runtime, TextDecoder).

/** Decodes UTF-8 leniently: invalid sequences become U+FFFD, a sequence cut at the end is dropped. */
export function utf8Decode(bytes: ArrayLike<number>): string {
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
export function utf8SequenceLength(bytes: ArrayLike<number>, i: number): number {
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

/** Printable text: ≥ 97% printable ASCII, tab/CR/LF or valid UTF-8 sequences, and no NUL. */
export function looksLikeText(bytes: ArrayLike<number>): boolean {
  let good = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] & 0xff;
    if (b === 0) return false;
    if ((b >= 0x20 && b < 0x7f) || b === 9 || b === 10 || b === 13) {
      good++;
      i++;
    } else if (b >= 0x80) {
      const len = utf8SequenceLength(bytes, i);
      if (len > 0) {
        good += len;
        i += len;
      } else if (len < 0) {
        good += n - i; // cut at the end of the sample
        break;
      } else i++;
    } else i++;
  }
  return n > 0 && good / n >= 0.97;
}
