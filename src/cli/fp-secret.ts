// The per-deployment fingerprint secret (telemetry v1.1 `fp_scheme: hmac-sha256-16`), from the
// environment: CIPHERTRAIL_FP_SECRET_FILE (a file holding it; preferred, as the environment of a
// process can be read by others on some systems), else CIPHERTRAIL_FP_SECRET. Absent: the
// unkeyed default scheme.
import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error.js';

export function fpSecretFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env.CIPHERTRAIL_FP_SECRET_FILE;
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`CIPHERTRAIL_FP_SECRET_FILE: cannot read ${file}: ${(e as Error).message}`);
    }
    const secret = text.trim();
    if (secret.length < 16) throw new UsageError(`CIPHERTRAIL_FP_SECRET_FILE: ${file} holds ${secret.length} characters; want at least 16 (e.g. openssl rand -hex 32)`);
    return secret;
  }
  const secret = env.CIPHERTRAIL_FP_SECRET?.trim();
  if (secret !== undefined && secret !== '' && secret.length < 16) throw new UsageError(`CIPHERTRAIL_FP_SECRET: ${secret.length} characters; want at least 16`);
  return secret || undefined;
}
