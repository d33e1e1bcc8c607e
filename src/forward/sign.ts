// Webhook signatures: HMAC-SHA-256 over "<timestamp>.<body>" with the shared secret, sent as
//   X-Ciphertrail-Timestamp: 1765100000          (Unix seconds, from the injected clock)
//   X-Ciphertrail-Signature: v1=<hex digest>
// A receiver recomputes the digest, compares in constant time and refuses old timestamps
// (replay): docs/forwarding.md has the snippet. The secret is read once from its file and is never logged or sent.
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CiphertrailError } from '../model/index.js';

export const TIMESTAMP_HEADER = 'x-ciphertrail-timestamp';
export const SIGNATURE_HEADER = 'x-ciphertrail-signature';

export function signature(secret: Buffer, timestamp: number, body: string): string {
  return 'v1=' + createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** an unreadable secret, Authorization or CA file: the command stops (exit 2) naming the file */
export class SecretFileError extends CiphertrailError {
  constructor(message: string) { super('forward_file', message); }
}

/** the secret file's bytes without a trailing newline; the message names the file, never the content */
export async function readSecretFile(path: string): Promise<Buffer> {
  let b: Buffer;
  try { b = await readFile(path); } catch (e) {
    throw new SecretFileError(`cannot read secret file ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let end = b.length;
  while (end > 0 && (b[end - 1] === 0x0a || b[end - 1] === 0x0d)) end--;
  if (end < 16) throw new SecretFileError(`secret file ${path} holds ${end} byte(s): want at least 16 (e.g. openssl rand -hex 32 > ${path})`);
  return b.subarray(0, end);
}
