import { describe, expect, it } from 'vitest';
import { isAsymmetricOp } from './ciphers.js';

describe('isAsymmetricOp', () => {
  it('an operation named RSA or EC is asymmetric whatever its sizes', () => {
    expect(isAsymmetricOp('RSA', 16, 256)).toBe(true);
    expect(isAsymmetricOp('RSA/ECB/PKCS1Padding', undefined, undefined)).toBe(true);
    expect(isAsymmetricOp('ECIES', 32, 97)).toBe(true);
  });
  it('an unnamed 117 → 128 (the RSA-1024 chunk) and 93 → 128 (no block padding gives it) are RSA-shaped', () => {
    expect(isAsymmetricOp('unknown', 117, 128)).toBe(true);
    expect(isAsymmetricOp('unknown', 93, 128)).toBe(true);
    expect(isAsymmetricOp('', 245, 256)).toBe(true);
  });
  it('what symmetric padding explains stays symmetric', () => {
    expect(isAsymmetricOp('unknown', 112, 128)).toBe(false); // AES-CBC/PKCS7
    expect(isAsymmetricOp('unknown', 128, 128)).toBe(false); // a stream cipher or CTR
    expect(isAsymmetricOp('unknown', 240, 256)).toBe(false); // AES-GCM: +16 tag
  });
  it('a named symmetric cipher is never reread by its sizes', () => {
    expect(isAsymmetricOp('AES', 117, 128)).toBe(false);
    expect(isAsymmetricOp('RC4', 93, 128)).toBe(false);
  });
  it('sizes past the PKCS#1 limit or off a modulus are not RSA', () => {
    expect(isAsymmetricOp('unknown', 120, 128)).toBe(false);
    expect(isAsymmetricOp('unknown', 93, 130)).toBe(false);
    expect(isAsymmetricOp('unknown', undefined, 128)).toBe(false);
  });
});
