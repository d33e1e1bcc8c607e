// `payload` features of a net.send, and the entropy of written bytes, for every host-side adapter
// (pcap, packet captures, sandbox HTTP logs). The rules are the decode-aware ones of src/payload,
// which the Frida sensor bundles too, so a request reads the same whichever sensor saw it; this
// file only rounds figures and adapts URL queries. Only figures leave: never the bytes.
import type { PayloadFeatures } from '../../model/index.js';
import { shannonEntropy } from '../../payload/entropy.js';
import { sniffPayload } from '../../payload/features.js';

export type { PayloadFeatures };

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Shannon entropy of written bytes, bits per byte (0..8), rounded like payload entropy */
export function entropyOf(bytes: Uint8Array): number {
  return round2(shannonEntropy(bytes));
}

/** features of sent bytes (the first bytes of the payload; `size` is the whole payload), using
 *  the HTTP Content-Type when there is one */
export function payloadFeatures(body: Uint8Array, size: number, contentType?: string): PayloadFeatures {
  const f = sniffPayload(body, size, contentType);
  if (f.entropy !== undefined) f.entropy = round2(f.entropy);
  if (f.enc_entropy !== undefined) f.enc_entropy = round2(f.enc_entropy);
  return f as PayloadFeatures;
}

/** features of a request body (or any sent bytes) */
export function featuresOfBody(body: Uint8Array): PayloadFeatures {
  return payloadFeatures(body, body.length);
}

/** features of a URL query string: a GET carries its data there, as a form */
export function featuresOfQuery(query: string): PayloadFeatures {
  const bytes = new TextEncoder().encode(query);
  const f = payloadFeatures(bytes, bytes.length, 'application/x-www-form-urlencoded');
  delete f.entropy;
  return f;
}
