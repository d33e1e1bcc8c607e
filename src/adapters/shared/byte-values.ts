// Sensors print byte arrays in several ways; this turns each back into bytes, for lengths, entropy
// and key fingerprints only (plaintext and key bytes are never kept or emitted):
// - droidmon: printable text as-is (its UTF-8 bytes), anything else as a hexdump
// - Frida (MobSF): a JSON array of signed bytes, or Array#toString "12,-3,4"
// - DroidBox: keys as a signed byte list "-91, 48, -17", payloads as a hex string
import { parseHexdump } from './hexdump.js';

const SIGNED_LIST = /^\s*-?\d{1,3}(\s*,\s*-?\d{1,3})*\s*$/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/** bytes of a list of (signed or unsigned) byte values; undefined when a value is out of range */
export function bytesOfNumbers(xs: readonly unknown[]): Uint8Array | undefined {
  const out = new Uint8Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < -128 || v > 255) return undefined;
    out[i] = v & 0xff;
  }
  return out;
}

/** "-91, 48, -17" or "12,-3,4" -> bytes; undefined when `s` is not such a list */
export function bytesOfSignedList(s: string): Uint8Array | undefined {
  if (!SIGNED_LIST.test(s)) return undefined;
  return bytesOfNumbers(s.split(',').map((x) => Number(x.trim())));
}

/** "48656c6c6f" -> bytes; undefined when `s` is not an even-length hex string */
export function bytesOfHex(s: string): Uint8Array | undefined {
  if (!HEX.test(s)) return undefined;
  return Uint8Array.from(Buffer.from(s, 'hex'));
}

/** A droidmon argument or result: a hexdump, or text whose UTF-8 bytes were the value. */
export function bytesOfDroidmonValue(v: unknown): Uint8Array | undefined {
  if (typeof v !== 'string') return Array.isArray(v) ? bytesOfNumbers(v) : undefined;
  return parseHexdump(v) ?? Uint8Array.from(Buffer.from(v, 'utf8'));
}

/** A Frida value: an array of signed bytes, "12,-3,4", or a string taken as UTF-8 text. */
export function bytesOfFridaValue(v: unknown): Uint8Array | undefined {
  if (Array.isArray(v)) return bytesOfNumbers(v);
  if (typeof v !== 'string') return undefined;
  return bytesOfSignedList(v) ?? Uint8Array.from(Buffer.from(v, 'utf8'));
}

/** share of bytes that are printable ASCII or common whitespace (a plaintext-side hint) */
export function printableShare(b: Uint8Array): number {
  if (b.length === 0) return 1;
  let p = 0;
  for (const x of b) if ((x >= 0x20 && x < 0x7f) || x === 9 || x === 10 || x === 13) p++;
  return p / b.length;
}
