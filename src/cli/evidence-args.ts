// Arguments of the evidence record: its time (injected: --evidence-time, SOURCE_DATE_EPOCH, else
// now) and the HMAC key (--evidence-key-file / --key-file, else env CIPHERTRAIL_EVIDENCE_KEY).
import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error.js';

export const KEY_ENV = 'CIPHERTRAIL_EVIDENCE_KEY';

export function recordTime(arg: string | undefined, env: NodeJS.ProcessEnv, now: () => number): string {
  if (arg !== undefined) {
    const t = /^\d+$/.test(arg) ? Number(arg) : Date.parse(arg);
    if (!Number.isFinite(t)) throw new UsageError(`--evidence-time: want RFC 3339 or epoch ms, got '${arg}'`);
    return new Date(t).toISOString();
  }
  const sde = env.SOURCE_DATE_EPOCH;
  if (sde !== undefined && sde !== '') {
    if (!/^\d+$/.test(sde)) throw new UsageError(`SOURCE_DATE_EPOCH: want whole seconds, got '${sde}'`);
    return new Date(Number(sde) * 1000).toISOString();
  }
  return new Date(now()).toISOString();
}

/** the key bytes (a trailing newline of a key file is not part of the key) */
export function hmacKey(file: string | undefined, env: NodeJS.ProcessEnv): Buffer | undefined {
  if (file !== undefined) {
    let b: Buffer;
    try { b = readFileSync(file); } catch (e) { throw new UsageError(`cannot read key file ${file}: ${(e as Error).message}`); }
    const text = b.toString('utf8').replace(/\r?\n$/, '');
    if (text.length === 0) throw new UsageError(`key file ${file} is empty`);
    return Buffer.from(text, 'utf8');
  }
  const v = env[KEY_ENV];
  return v ? Buffer.from(v, 'utf8') : undefined;
}
