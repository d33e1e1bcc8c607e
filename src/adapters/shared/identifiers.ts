// Identifiers recognisable in the plaintext a sandbox logged (a request body, an SMS text): an
// IMEI, a phone number, an e-mail address say which collected data left. Only the category and a
// count come out; the values are never kept, logged or emitted.
import type { DataCategory } from '../../model/index.js';
import type { EventSink } from './event-sink.js';

// (look-arounds keep a longer digit run, e.g. a millisecond timestamp inside an id, from matching)
const IMEI = /(?<![0-9])[0-9]{15}(?![0-9])/g;
const PHONE = /(?<![\w+])\+[1-9][0-9]{7,14}(?![0-9])/g;
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}/g;

/** the Luhn check digit an IMEI carries */
function luhn(d: string): boolean {
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = d.charCodeAt(d.length - 1 - i) - 48;
    if (i % 2 === 1) { n *= 2; if (n > 9) n -= 9; }
    sum += n;
  }
  return sum % 10 === 0;
}

/** categories of the identifiers in `bytes`, with how many of each (no value is returned) */
export function identifierCategories(bytes: Uint8Array): Map<DataCategory, number> {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const out = new Map<DataCategory, number>();
  const add = (c: DataCategory, n: number) => { if (n > 0) out.set(c, (out.get(c) ?? 0) + n); };
  add('device_info', (text.match(IMEI) ?? []).filter(luhn).length);
  add('contacts', (text.match(PHONE) ?? []).length);
  add('accounts', (text.match(EMAIL) ?? []).length);
  return out;
}

/** a data.access per category of identifier in what was sent, at the send's time */
export function emitIdentifierReads(sink: EventSink, ts: number, bytes: Uint8Array | undefined): number {
  if (!bytes || bytes.length === 0) return 0;
  let n = 0;
  for (const [category, items] of identifierCategories(bytes)) { sink.emit(ts, 'data.access', { category, items }); n++; }
  return n;
}

// Whether a plaintext holds collected device or user data at all (the direction of a cipher call
// whose mode the sandbox dropped): broader than the categories above, as a verdict needs no
// category: any 14–16 digit run (IMEI, IMSI, ICCID), a MAC address, an e-mail address, or a named
// identifier field. Only the verdict leaves.
const ID_DIGITS = /(?:^|\D)\d{14,16}(?:\D|$)/;
const MAC = /^(?:[0-9A-Fa-f]{2}[:-]?){5}[0-9A-Fa-f]{2}$|(?:^|[^0-9A-Fa-f:])(?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}(?:[^0-9A-Fa-f:]|$)/;
const ANY_EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/;
const ID_FIELD = /["'&?]?(imei|imsi|iccid|android_?id|device_?id|mac|phone|msisdn|line1|sim_?serial|subscriber)["']?\s*[:=]/i;

export function looksCollected(text: string): boolean {
  const t = text.trim();
  return ID_DIGITS.test(t) || MAC.test(t) || ANY_EMAIL.test(t) || ID_FIELD.test(t);
}
