// `payload` features of a net.send from what the sensor saw of the request: the format, the
// entropy and size of the visible bytes, and how many fields look base64. Only figures leave.
import { shannonEntropy } from './entropy.js';
import { printableShare } from './byte-values.js';

export interface PayloadFeatures {
  format?: 'json' | 'form' | 'base64' | 'protobuf' | 'multipart' | 'xml' | 'text' | 'binary';
  entropy?: number;
  b64_fields?: number;
  size?: number;
}

const B64 = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;

/** a value that looks like base64 of binary data (long, base64 alphabet, not hex or digits only) */
export function looksBase64(v: string): boolean {
  if (!B64.test(v) || /^[0-9a-fA-F]+$/.test(v) || /^\d+$/.test(v)) return false;
  // base64 of random bytes mixes cases and digits; words in camelCase rarely reach 16 chars
  return /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9+/=_-]/.test(v);
}

function decodeComponent(s: string): string {
  try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; }
}

/** base64-looking values of a form / query string */
export function countB64FormFields(form: string): number {
  let n = 0;
  for (const pair of form.split('&')) {
    const eq = pair.indexOf('=');
    if (eq >= 0 && looksBase64(decodeComponent(pair.slice(eq + 1)))) n++;
  }
  return n;
}

function countB64JsonFields(v: unknown): number {
  if (typeof v === 'string') return looksBase64(v) ? 1 : 0;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + countB64JsonFields(x), 0);
  if (v && typeof v === 'object') return Object.values(v).reduce((n: number, x) => n + countB64JsonFields(x), 0);
  return 0;
}

/** features of a request body (or any sent bytes) */
export function featuresOfBody(body: Uint8Array): PayloadFeatures {
  const f: PayloadFeatures = { size: body.length };
  if (body.length === 0) return f;
  f.entropy = shannonEntropy(body);
  if (printableShare(body) < 0.9) { f.format = 'binary'; return f; }
  const text = Buffer.from(body).toString('utf8').trim();
  if (text.startsWith('{') || text.startsWith('[')) {
    f.format = 'json';
    try { f.b64_fields = countB64JsonFields(JSON.parse(text)); } catch { /* cut or not JSON: format is a guess */ }
  } else if (text.startsWith('<')) f.format = 'xml';
  else if (/^[^=&\s]+=[^&\s]*(&[^=&\s]+=[^&\s]*)*$/.test(text)) { f.format = 'form'; f.b64_fields = countB64FormFields(text); }
  else if (looksBase64(text.replace(/\s+/g, ''))) f.format = 'base64';
  else f.format = 'text';
  return f;
}

/** features of a URL query string (a GET carries its data there) */
export function featuresOfQuery(query: string): PayloadFeatures {
  return { format: 'form', size: Buffer.byteLength(query), b64_fields: countB64FormFields(query) };
}
