// Encoded values inside a payload: base64 (standard or URL-safe, with or without the line breaks
// of android.util.Base64.DEFAULT / MIME) and hex, recognised and decoded so that the features can
// measure the bytes they carry. PURE.
import { looksLikeProtobuf } from './protobuf.js';
import { looksLikeText, utf8Decode } from './utf8.js';

/** Minimum length of a string counted as a base64 field (shorter strings are ids, words...). */
export const MIN_B64_FIELD = 16;
/** Minimum decoded size of a hex field: 16 bytes (32 hex digits); shorter hex is ids, colours... */
export const MIN_HEX_BYTES = 16;
/** Decoding stops here: features describe a sample, and the cost per value stays bounded. */
export const MAX_DECODE_BYTES = 4096;

const B64_ALPHABET = /^(?:[A-Za-z0-9+/]+|[A-Za-z0-9_-]+)={0,2}$/;
/** Line breaks of Base64.DEFAULT (76 chars + \n) or MIME (76 + \r\n), at least one full line. */
const WRAPPED = /^(?:[A-Za-z0-9+/_-]{4,76}\r?\n)+[A-Za-z0-9+/_=-]*\r?\n?$/;

/** The value without the line breaks of wrapped base64, else as it is. */
export function unwrapLines(s: string): string {
  return s.includes('\n') && WRAPPED.test(s) ? s.replace(/\r?\n/g, '') : s;
}

/**
 * A string that looks like base64 data rather than a word, a number, hex or an identifier:
 * ≥ `minLength` characters of the standard or URL-safe alphabet, a possible length (padded to a
 * multiple of 4, or unpadded and not 1 mod 4), upper and lower case letters and a digit or symbol.
 * `cut`: the string is the start of a longer one (length rules do not apply).
 */
export function isBase64Field(s: string, minLength = MIN_B64_FIELD, cut = false): boolean {
  if (s.length < minLength || !B64_ALPHABET.test(s)) return false;
  const body = s.replace(/=+$/, '');
  if (!cut) {
    if (body.length !== s.length && s.length % 4 !== 0) return false;
    if (body.length % 4 === 1) return false;
  }
  if (/^[0-9a-fA-F]+$/.test(body)) return false; // hex digest, not base64
  return /[A-Z]/.test(body) && /[a-z]/.test(body) && /[0-9+/_-]/.test(body);
}

/** Hex of at least `MIN_HEX_BYTES` bytes: an even number of hex digits, one case. */
export function isHexField(s: string, cut = false): boolean {
  if (s.length < MIN_HEX_BYTES * 2 || (!cut && s.length % 2 !== 0)) return false;
  return /^[0-9a-f]+$/.test(s) || /^[0-9A-F]+$/.test(s);
}

const B64_VALUE: Record<string, number> = (() => {
  const t: Record<string, number> = {};
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < abc.length; i++) t[abc[i]] = i;
  t['+'] = 62; t['-'] = 62; t['/'] = 63; t._ = 63;
  return t;
})();

/** Decodes base64 (either alphabet, padding optional), at most `max` bytes. */
export function decodeBase64(s: string, max = MAX_DECODE_BYTES): Uint8Array {
  const body = s.replace(/=+$/, '');
  const n = Math.min(Math.floor((body.length * 3) / 4), max);
  const out = new Uint8Array(n);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < body.length && o < n; i++) {
    const v = B64_VALUE[body[i]];
    if (v === undefined) break;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** Decodes hex, at most `max` bytes. */
export function decodeHex(s: string, max = MAX_DECODE_BYTES): Uint8Array {
  const n = Math.min(s.length >> 1, max);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = parseInt(s.substr(i * 2, 2), 16);
  return out;
}

/** What an encoded value turned out to carry. */
export interface Unwrapped {
  /** base64 at some level */
  b64: boolean;
  /** hex of ≥ 16 bytes at some level */
  hex: boolean;
  /** the innermost decoded bytes (at most MAX_DECODE_BYTES) */
  bytes: Uint8Array;
  /** known benign content (image, JWT, protobuf...): not counted as encoded high-entropy bytes */
  benign?: string;
}

/**
 * Unwraps one value: base64 (line breaks allowed) or hex, then, when the decoded bytes are
 * themselves base64 or hex text, once more (RC4 → hex → Base64 is a common C2 chain).
 * `cut`: the value is the start of a longer one. Undefined when the value is not encoded.
 */
export function unwrapValue(value: string, cut = false): Unwrapped | undefined {
  if (isJwt(value)) return { b64: true, hex: false, bytes: new Uint8Array(0), benign: 'jwt' };
  const first = decodeOnce(value, cut);
  if (!first) return undefined;
  const out: Unwrapped = { b64: first.kind === 'b64', hex: first.kind === 'hex', bytes: first.bytes };
  if (looksLikeText(first.bytes)) {
    const inner = decodeOnce(utf8Decode(first.bytes).trim(), cut);
    if (inner) {
      out.bytes = inner.bytes;
      if (inner.kind === 'b64') out.b64 = true;
      else out.hex = true;
    }
  }
  const benign = benignContent(out.bytes);
  if (benign) out.benign = benign;
  return out;
}

function decodeOnce(value: string, cut: boolean): { kind: 'b64' | 'hex'; bytes: Uint8Array } | undefined {
  if (isHexField(value, cut)) return { kind: 'hex', bytes: decodeHex(value) };
  const flat = unwrapLines(value);
  if (isBase64Field(flat, MIN_B64_FIELD, cut)) return { kind: 'b64', bytes: decodeBase64(flat) };
  return undefined;
}

/** A JSON Web Token: three base64url parts, the first a JSON header. */
export function isJwt(s: string): boolean {
  const m = /^(eyJ[A-Za-z0-9_-]{8,})\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]*)$/.exec(s);
  if (!m) return false;
  const head = utf8Decode(decodeBase64(m[1], 512));
  return head.startsWith('{"') || head.startsWith('{ "');
}

const MAGIC: Array<[string, number[]]> = [
  ['png', [0x89, 0x50, 0x4e, 0x47]],
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['gif', [0x47, 0x49, 0x46, 0x38]],
  ['webp', [0x52, 0x49, 0x46, 0x46]],
  ['pdf', [0x25, 0x50, 0x44, 0x46]],
  ['ico', [0x00, 0x00, 0x01, 0x00]],
];

/** Known benign encoded content, by magic bytes or structure; undefined when unknown. */
export function benignContent(bytes: Uint8Array): string | undefined {
  for (const [name, magic] of MAGIC) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return name;
  }
  if (bytes.length >= 8 && looksLikeText(bytes)) return 'text';
  if (bytes.length >= 8 && looksLikeProtobuf(bytes, false)) return 'protobuf';
  return undefined;
}
