// Canonical JSON for hashing: object keys sorted (code-unit order) at every depth, no whitespace,
// undefined members dropped; numbers and strings as JSON.stringify writes them. Same value ->
// same bytes, whatever order the keys were built in.
import { createHash, createHmac } from 'node:crypto';

export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`canonical JSON: non-finite number ${v}`);
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export const sha256Hex = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');
export const hashOf = (v: unknown): string => sha256Hex(canonicalJson(v));
export const hmacHex = (key: Buffer, s: string): string => createHmac('sha256', key).update(s).digest('hex');
