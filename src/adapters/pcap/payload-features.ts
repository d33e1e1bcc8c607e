// Features of a sent payload (telemetry v1 `net.send.payload`): Shannon entropy of its first
// bytes, a format guess, and how many JSON/form values look base64. Only figures leave here:
// never the payload itself.
import type { PayloadFeatures } from '../../model/index.js';

/** bytes over which entropy is measured ("the first KBs of the payload") */
export const ENTROPY_BYTES = 4096;

/** Shannon entropy in bits per byte, 0..8 */
export function shannonEntropy(b: Buffer): number {
  if (b.length === 0) return 0;
  const counts = new Uint32Array(256);
  for (let i = 0; i < b.length; i++) counts[b[i]]++;
  let h = 0;
  for (let i = 0; i < 256; i++) {
    if (counts[i] === 0) continue;
    const p = counts[i] / b.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const B64_STD = /^[A-Za-z0-9+/]+={0,2}$/;
const B64_URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** A value that looks like base64-encoded bytes: ≥ 16 characters of one base64 alphabet, a valid
 *  length, and the mix of cases and digits random bytes give (plain words and hex do not count). */
export function looksBase64(s: string): boolean {
  if (s.length < 16 || s.length % 4 === 1) return false;
  if (!B64_STD.test(s) && !B64_URL.test(s)) return false;
  if (/^[0-9a-fA-F]+$/.test(s)) return false;
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9+/_=-]/.test(s);
}

/** string values (at any depth) of a parsed JSON document that look base64 */
export function countB64Values(v: unknown, depth = 0): number {
  if (depth > 64) return 0;
  if (typeof v === 'string') return looksBase64(v) ? 1 : 0;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + countB64Values(x, depth + 1), 0);
  if (v && typeof v === 'object') return Object.values(v).reduce((n: number, x) => n + countB64Values(x, depth + 1), 0);
  return 0;
}

const FORM = /^[^=&\s]+=[^&\s]*(&[^=&\s]+=[^&\s]*)*$/;

function formB64Fields(text: string): number {
  let n = 0;
  for (const pair of text.split('&')) {
    const raw = pair.slice(pair.indexOf('=') + 1);
    let dec = raw;
    try { dec = decodeURIComponent(raw.replace(/\+/g, ' ')); } catch { /* keep raw */ }
    if (looksBase64(raw) || looksBase64(dec)) n++;
  }
  return n;
}

function printableRatio(b: Buffer): number {
  if (b.length === 0) return 1;
  let ok = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if ((c >= 0x20 && c < 0x7f) || c === 9 || c === 10 || c === 13 || c >= 0xc2) ok++;
  }
  return ok / b.length;
}

export type PayloadFormat = NonNullable<PayloadFeatures['format']>;

/** format and base64-looking fields of `body` (the first bytes of the payload), using the
 *  Content-Type when there is one */
export function sniffPayload(body: Buffer, contentType?: string): { format: PayloadFormat; b64_fields: number } {
  const ct = (contentType ?? '').toLowerCase();
  const text = body.toString('utf8');
  const t = text.trim();
  const json = (): number | undefined => {
    try { return countB64Values(JSON.parse(t)); } catch { return undefined; }
  };
  if (ct.includes('json') || /^[{[]/.test(t)) {
    const n = json();
    if (n !== undefined) return { format: 'json', b64_fields: n };
    // cut at the capture limit: count the complete string values
    if (ct.includes('json') || /^(\{\s*"|\[\s*[{"[\d])/.test(t)) {
      const strings = t.match(/"((?:[^"\\]|\\.)*)"/g) ?? [];
      return { format: 'json', b64_fields: strings.filter((s) => looksBase64(s.slice(1, -1))).length };
    }
  }
  if (ct.includes('x-www-form-urlencoded')) return { format: 'form', b64_fields: formB64Fields(t) };
  if (ct.includes('multipart') || (/^--\S+\r?\n/.test(t) && /content-disposition/i.test(t.slice(0, 2048)))) return { format: 'multipart', b64_fields: 0 };
  if (ct.includes('protobuf')) return { format: 'protobuf', b64_fields: 0 };
  if (ct.includes('xml') || /^<(\?xml|[A-Za-z])/.test(t)) return { format: 'xml', b64_fields: 0 };
  if (printableRatio(body) < 0.95) return { format: 'binary', b64_fields: 0 };
  const compact = t.replace(/[\r\n]/g, '');
  if (looksBase64(compact)) return { format: 'base64', b64_fields: 0 };
  if (FORM.test(t)) return { format: 'form', b64_fields: formB64Fields(t) };
  return { format: 'text', b64_fields: 0 };
}

/** payload features for telemetry: `size` is the whole payload, entropy and format come from
 *  the captured first bytes */
export function payloadFeatures(body: Buffer, size: number, contentType?: string): PayloadFeatures {
  const { format, b64_fields } = sniffPayload(body, contentType);
  return { format, entropy: round2(shannonEntropy(body.subarray(0, ENTROPY_BYTES))), b64_fields, size };
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
