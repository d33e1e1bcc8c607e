// Features of an outgoing payload, computed on the device from its first KBs (the payload itself
// never leaves the device): telemetry v1 `net.send.payload` {format, entropy, b64_fields, size}.
// PURE: no Frida globals.
import { type ByteLike, utf8Decode, utf8SequenceLength } from './bytes.js';
import { shannonEntropy } from './entropy.js';

export type PayloadFormat = 'json' | 'form' | 'base64' | 'protobuf' | 'multipart' | 'xml' | 'text' | 'binary';

export interface PayloadFeatures {
  format?: PayloadFormat;
  entropy?: number;
  b64_fields?: number;
  size?: number;
}

/** How much of a payload the agent samples. */
export const PAYLOAD_SAMPLE_BYTES = 4096;

/** Minimum length of a string counted as a base64 field (shorter strings are ids, words...). */
export const MIN_B64_FIELD = 16;

/**
 * Sniffs `sample` (the first bytes of a payload of `size` bytes in all; the sample may be cut
 * anywhere, including inside a UTF-8 sequence or a JSON document).
 */
export function sniffPayload(sample: ByteLike, size = sample.length): PayloadFeatures {
  const features: PayloadFeatures = { size };
  if (sample.length === 0) return features;
  features.entropy = round3(shannonEntropy(sample));
  const truncated = size > sample.length;
  if (looksLikeText(sample)) {
    const text = utf8Decode(sample);
    const { format, b64Fields } = sniffText(text, truncated);
    features.format = format;
    features.b64_fields = b64Fields;
  } else {
    features.format = looksLikeProtobuf(sample, truncated) ? 'protobuf' : 'binary';
    features.b64_fields = 0;
  }
  return features;
}

function sniffText(text: string, truncated: boolean): { format: PayloadFormat; b64Fields: number } {
  const t = text.trim();
  const first = t[0];
  if (first === '{' || first === '[') {
    let parsed: unknown;
    let ok = false;
    try {
      parsed = JSON.parse(t);
      ok = true;
    } catch {
      /* cut sample or not JSON */
    }
    if (ok) return { format: 'json', b64Fields: countB64InJson(parsed) };
    if (truncated || /^[{[]\s*("|[{[\]}]|-?\d|true|false|null)/.test(t)) {
      return { format: 'json', b64Fields: countB64InJsonText(t) };
    }
  }
  if (first === '<') return { format: 'xml', b64Fields: countB64InXml(t) };
  if (/^--[^\r\n]{1,200}\r?\n/.test(t) && /content-disposition:/i.test(t)) return { format: 'multipart', b64Fields: 0 };
  if (isBase64(t, truncated)) return { format: 'base64', b64Fields: 1 };
  if (isForm(t)) return { format: 'form', b64Fields: countB64InForm(t) };
  return { format: 'text', b64Fields: 0 };
}

/** Printable text: ≥ 97% printable ASCII, tab/CR/LF or valid UTF-8 sequences, and no NUL. */
export function looksLikeText(bytes: ByteLike): boolean {
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

const B64_ALPHABET = /^(?:[A-Za-z0-9+/]+|[A-Za-z0-9_-]+)={0,2}$/;

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

function isBase64(t: string, truncated: boolean): boolean {
  const s = t.replace(/\r?\n/g, ''); // MIME-style line breaks
  return isBase64Field(s, MIN_B64_FIELD, truncated);
}

function isForm(t: string): boolean {
  return /^[A-Za-z0-9._~%*+\-[\]]+=[^&\s]*(&[A-Za-z0-9._~%*+\-[\]]+=[^&\s]*)*&?$/.test(t);
}

function countB64InJson(v: unknown): number {
  if (typeof v === 'string') return isBase64Field(v) ? 1 : 0;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + countB64InJson(x), 0);
  if (v !== null && typeof v === 'object') {
    let n = 0;
    for (const x of Object.values(v as Record<string, unknown>)) n += countB64InJson(x);
    return n;
  }
  return 0;
}

/** For a JSON document cut by the sample: string literals that are values (not keys). */
function countB64InJsonText(t: string): number {
  let n = 0;
  const re = /"((?:[^"\\]|\\.)*)"\s*([:,\]}]|$)/g;
  for (let m = re.exec(t); m !== null; m = re.exec(t)) {
    if (m[2] === ':') continue; // a key
    if (isBase64Field(m[1].replace(/\\\//g, '/'))) n++;
  }
  return n;
}

function countB64InXml(t: string): number {
  let n = 0;
  const re = />([^<]+)</g;
  for (let m = re.exec(t); m !== null; m = re.exec(t)) if (isBase64Field(m[1].trim())) n++;
  return n;
}

function countB64InForm(t: string): number {
  let n = 0;
  for (const pair of t.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    let value = pair.slice(eq + 1).replace(/\+/g, ' ');
    try {
      value = decodeURIComponent(value);
    } catch {
      /* keep raw */
    }
    if (isBase64Field(value.replace(/ /g, '+'))) n++;
  }
  return n;
}

/**
 * Protobuf wire format, conservatively: the sample parses as ≥ 2 well-formed fields up to its
 * end (the last one may be cut when the payload is longer than the sample).
 */
export function looksLikeProtobuf(bytes: ByteLike, truncated: boolean): boolean {
  let i = 0;
  let fields = 0;
  const n = bytes.length;
  const varint = (): number | undefined => {
    let v = 0;
    let mul = 1;
    for (let k = 0; k < 10; k++) {
      if (i >= n) return undefined;
      const b = bytes[i++] & 0xff;
      v += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return v;
      mul *= 128;
    }
    return undefined;
  };
  while (i < n) {
    const tag = varint();
    if (tag === undefined) return truncated && fields >= 2;
    const wire = tag % 8;
    const field = Math.floor(tag / 8);
    if (field < 1 || field > 536870911) return false;
    if (wire === 0) {
      if (varint() === undefined) return truncated && fields >= 2;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else if (wire === 2) {
      const len = varint();
      if (len === undefined) return truncated && fields >= 2;
      i += len;
    } else return false; // groups (3, 4) are obsolete, 6 and 7 do not exist
    if (i > n) return truncated && fields >= 2;
    fields++;
  }
  return fields >= 2;
}

/** The head of a plaintext HTTP/1.x request seen on a socket. */
export interface HttpRequestHead {
  method: string;
  path: string;
  host?: string;
  /** bytes of the request line and headers, including the blank line */
  headBytes: number;
}

const HTTP_METHODS = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP\/1\.[01]\r?\n/;

/** Parses the request line and Host header when `sample` starts with an HTTP/1.x request. */
export function parseHttpRequestHead(sample: ByteLike): HttpRequestHead | undefined {
  const n = Math.min(sample.length, 8192);
  let head = '';
  for (let i = 0; i < n; i++) head += String.fromCharCode(sample[i] & 0xff);
  const m = HTTP_METHODS.exec(head);
  if (!m) return undefined;
  const end = head.indexOf('\r\n\r\n');
  const endLf = head.indexOf('\n\n');
  const headBytes = end >= 0 ? end + 4 : endLf >= 0 ? endLf + 2 : n;
  const host = /\r?\nhost:[ \t]*([^\r\n]+)/i.exec(head.slice(0, headBytes))?.[1]?.trim();
  const out: HttpRequestHead = { method: m[1], path: m[2].replace(/\?.*$/, ''), headBytes };
  if (host) out.host = host.replace(/:\d+$/, '');
  return out;
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
