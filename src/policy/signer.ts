// Signing-certificate SHA-256 fingerprints, as keytool (`9F:2C:...`) or apksigner (`9f2c...`) print them.

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Lower-case hex without colons or surrounding whitespace. */
export function normalizeSigner(s: string): string {
  return s.trim().replace(/:/g, '').toLowerCase();
}

/** Whether a seen fingerprint is the pinned one, whatever case and colons either is written with. */
export function signerMatches(expected: string, seen: string): boolean {
  const e = normalizeSigner(expected);
  return e !== '' && e === normalizeSigner(seen);
}
