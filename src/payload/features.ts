// Decode-aware features of an outgoing payload (telemetry v1.1 `net.send.payload`), computed from
// its first bytes: format, Shannon entropy, how many values look base64 (`b64_fields`) or are hex
// of ≥ 16 bytes (`hex_fields`), and for the values that carry encoded bytes, the entropy of the
// decoded bytes (`enc_entropy`, max over values) and their size (`enc_bytes`). Form, JSON, XML and
// multipart values are URL-decoded and unwrapped (base64 with or without line breaks, hex,
// nested once). Known benign encodings (images by magic bytes, JWTs, protobuf, decoded text) count
// in b64_fields/hex_fields but not in enc_*. PURE: the same rules run in the Frida sensor and in
// every host-side adapter, so a request reads the same whichever sensor saw it. Only figures
// leave: never the payload.
import { shannonEntropy } from './entropy.js';
import { isBase64Field, MIN_B64_FIELD, unwrapLines, unwrapValue } from './encoded.js';
import { looksLikeProtobuf } from './protobuf.js';
import { looksLikeText, utf8Decode } from './utf8.js';

export type PayloadFormat = 'json' | 'form' | 'base64' | 'protobuf' | 'multipart' | 'xml' | 'text' | 'binary';

export interface PayloadFeatures {
  format?: PayloadFormat;
  entropy?: number;
  b64_fields?: number;
  /** values that are hex of ≥ 16 bytes (at any unwrapping level) */
  hex_fields?: number;
  /** entropy (0..8) of the decoded bytes of encoded values, max over values; absent when none */
  enc_entropy?: number;
  /** decoded bytes in those values */
  enc_bytes?: number;
  size?: number;
}

/** How much of a payload is sampled (entropy and decoding). */
export const PAYLOAD_SAMPLE_BYTES = 4096;
/** Values examined per payload: bounds the cost of a form or JSON with thousands of entries. */
const MAX_VALUES = 512;

/** Tallies of encoded values. */
class Tally {
  b64 = 0;
  hex = 0;
  encEntropy: number | undefined;
  encBytes = 0;
  seen = 0;

  value(raw: string, cut: boolean, depth: number): void {
    if (++this.seen > MAX_VALUES) return;
    const v = raw.trim();
    if (v.length < MIN_B64_FIELD) return;
    if (depth < 1 && nestedDocument(v, this, depth + 1)) return;
    const u = unwrapValue(v, cut);
    if (!u) return;
    if (u.b64) this.b64++;
    if (u.hex) this.hex++;
    if (u.benign || u.bytes.length === 0) return;
    this.encBytes += u.bytes.length;
    const h = shannonEntropy(u.bytes);
    this.encEntropy = this.encEntropy === undefined ? h : Math.max(this.encEntropy, h);
  }
}

/** A value that is itself a JSON document or a form: its values are tallied instead (nested once). */
function nestedDocument(v: string, tally: Tally, depth: number): boolean {
  if (v[0] === '{' || v[0] === '[') {
    try {
      jsonValues(JSON.parse(v), tally, depth, 0);
      return true;
    } catch {
      return false;
    }
  }
  if (isForm(v) && v.includes('&')) {
    formValues(v, tally, depth, false);
    return true;
  }
  return false;
}

/**
 * Sniffs `sample` (the first bytes of a payload of `size` bytes in all; the sample may be cut
 * anywhere, including inside a UTF-8 sequence or a JSON document). `contentType`: the HTTP
 * Content-Type when known. Entropy is not rounded (callers round as their contract wants).
 */
export function sniffPayload(sample: ArrayLike<number>, size = sample.length, contentType?: string): PayloadFeatures {
  const features: PayloadFeatures = { size };
  if (sample.length === 0) return features;
  const head = sample.length > PAYLOAD_SAMPLE_BYTES ? Array.prototype.slice.call(sample, 0, PAYLOAD_SAMPLE_BYTES) as number[] : sample;
  features.entropy = shannonEntropy(head);
  const truncated = size > sample.length;
  const tally = new Tally();
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('protobuf')) features.format = 'protobuf';
  else if (looksLikeText(head)) features.format = sniffText(utf8Decode(head), truncated || head.length < sample.length, ct, tally);
  else features.format = looksLikeProtobuf(head, truncated) ? 'protobuf' : 'binary';
  features.b64_fields = tally.b64;
  features.hex_fields = tally.hex;
  features.enc_bytes = tally.encBytes;
  if (tally.encEntropy !== undefined) features.enc_entropy = tally.encEntropy;
  return features;
}

function sniffText(text: string, truncated: boolean, ct: string, tally: Tally): PayloadFormat {
  const t = text.trim();
  const first = t[0];
  if (ct.includes('json') || first === '{' || first === '[') {
    try {
      jsonValues(JSON.parse(t), tally, 0, 0);
      return 'json';
    } catch {
      /* cut sample or not JSON */
    }
    if (ct.includes('json') || truncated || /^[{[]\s*("|[{[\]}]|-?\d|true|false|null)/.test(t)) {
      jsonTextValues(t, tally);
      return 'json';
    }
  }
  if (ct.includes('x-www-form-urlencoded')) {
    formValues(t, tally, 0, truncated);
    return 'form';
  }
  if (ct.includes('multipart') || (/^--[^\r\n]{1,200}\r?\n/.test(t) && /content-disposition:/i.test(t))) {
    multipartValues(t, tally, truncated);
    return 'multipart';
  }
  if (ct.includes('xml') || first === '<') {
    const re = />([^<]+)</g;
    for (let m = re.exec(t); m !== null; m = re.exec(t)) tally.value(m[1], false, 0);
    return 'xml';
  }
  const flat = unwrapLines(t);
  if (isBase64Field(flat, MIN_B64_FIELD, truncated)) {
    tally.value(flat, truncated, 1);
    return 'base64';
  }
  if (isForm(t)) {
    formValues(t, tally, 0, truncated);
    return 'form';
  }
  return 'text';
}

/** name=value pairs; a value may hold the raw line breaks of Base64.DEFAULT. */
const FORM_PAIR = /^[A-Za-z0-9._~%*+\-[\]]+=[^&\s]*$/;

function isForm(t: string): boolean {
  return t.replace(/&$/, '').split('&').every((p) => {
    const eq = p.indexOf('=');
    return eq > 0 && FORM_PAIR.test(p.slice(0, eq + 1) + unwrapLines(p.slice(eq + 1)));
  });
}

function formValues(t: string, tally: Tally, depth: number, truncated: boolean): void {
  const pairs = t.split('&');
  pairs.forEach((pair, i) => {
    const eq = pair.indexOf('=');
    if (eq < 0) return;
    const raw = pair.slice(eq + 1);
    let value = raw;
    try {
      value = decodeURIComponent(raw.replace(/\+/g, ' '));
    } catch {
      /* keep raw */
    }
    // an unescaped '+' of base64 became a space above: restore it (spaces are not base64)
    value = value.replace(/ /g, '+');
    tally.value(value, truncated && i === pairs.length - 1, depth);
  });
}

function jsonValues(v: unknown, tally: Tally, depth: number, level: number): void {
  if (level > 64) return;
  if (typeof v === 'string') tally.value(v, false, depth);
  else if (Array.isArray(v)) for (const x of v) jsonValues(x, tally, depth, level + 1);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v as Record<string, unknown>)) jsonValues(x, tally, depth, level + 1);
}

/** For a JSON document cut by the sample: string literals that are values (not keys). */
function jsonTextValues(t: string, tally: Tally): void {
  const re = /"((?:[^"\\]|\\.)*)"\s*([:,\]}]|$)/g;
  for (let m = re.exec(t); m !== null; m = re.exec(t)) {
    if (m[2] === ':') continue; // a key
    tally.value(m[1].replace(/\\\//g, '/').replace(/\\n/g, '\n').replace(/\\r/g, '\r'), m[2] === '', 0);
  }
}

/** Text parts of a multipart body (file parts with a binary content are skipped). */
function multipartValues(t: string, tally: Tally, truncated: boolean): void {
  const boundary = /^--([^\r\n]{1,200})\r?\n/.exec(t)?.[1];
  if (!boundary) return;
  const parts = t.split(`--${boundary}`);
  parts.forEach((part, i) => {
    const sep = /\r?\n\r?\n/.exec(part);
    if (!sep) return;
    const body = part.slice(sep.index + sep[0].length).replace(/\r?\n$/, '');
    tally.value(body, truncated && i === parts.length - 1, 0);
  });
}
