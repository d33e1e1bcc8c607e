// `payload` features of a net.send, and the entropy of written bytes, from what a sensor saw.
// The format/base64/entropy rules are the pcap adapter's (pcap/payload-features.ts), so that a
// request reads the same whichever sensor saw it; this file only adapts them to the byte views and
// the URL queries the hook-based sensors give. Only figures leave: never the bytes.
import type { PayloadFeatures } from '../../model/index.js';
import { payloadFeatures, sniffPayload, shannonEntropy } from '../pcap/payload-features.js';

export type { PayloadFeatures };

const asBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** Shannon entropy of written bytes, bits per byte (0..8), rounded like payload entropy */
export function entropyOf(bytes: Uint8Array): number {
  return Math.round(shannonEntropy(asBuffer(bytes)) * 100) / 100;
}

/** features of a request body (or any sent bytes) */
export function featuresOfBody(body: Uint8Array): PayloadFeatures {
  return payloadFeatures(asBuffer(body), body.length);
}

/** features of a URL query string: a GET carries its data there, as a form */
export function featuresOfQuery(query: string): PayloadFeatures {
  const sniffed = sniffPayload(Buffer.from(query, 'utf8'));
  return { format: 'form', size: Buffer.byteLength(query, 'utf8'), b64_fields: sniffed.format === 'form' ? sniffed.b64_fields : 0 };
}
