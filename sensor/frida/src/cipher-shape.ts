// Hand-written ciphers: which app classes have the shape of one, and whether a call through them
// behaved like encryption (the entropy jump). Also the test for encoder input that is worth
// reporting. PURE (the Frida side reads the classes by reflection and the bytes by JNI).
import { fromHex } from './bytes.js';
import { shannonEntropy } from './entropy.js';

/** What reflection says about a class. */
export interface ClassShape {
  name: string;
  /** parameter types of each declared constructor (`[B`, `int`, `java.lang.String`...) */
  ctors: string[][];
  /** types of the declared instance fields */
  fields: string[];
  methods: Array<{ name: string; params: string[]; ret: string; isStatic: boolean }>;
}

export interface CipherCandidate {
  /** `instance`: key in the constructor, `([B)[B` methods; `static`: `([B[B)[B` (key, data) */
  kind: 'instance' | 'static';
  /** names of the methods to hook */
  methods: string[];
  /** a field that can hold a 256-entry state (`[I` or `[B`), the RC4 shape */
  stateField: boolean;
}

/** Packages whose classes are not scanned: the platform, the language runtimes and the large
 *  libraries apps bundle (their crypto is seen through javax.crypto or the BouncyCastle hooks). */
const LIBRARY = /^(android\.|androidx\.|java\.|javax\.|kotlin\.|kotlinx\.|dalvik\.|sun\.|libcore\.|com\.android\.|com\.google\.|org\.bouncycastle\.|org\.spongycastle\.|okhttp3\.|okio\.|retrofit2\.|org\.json\.|org\.apache\.|io\.reactivex\.|com\.squareup\.|com\.facebook\.|org\.jetbrains\.|org\.intellij\.)/;

export function isLibraryClass(name: string): boolean {
  return LIBRARY.test(name);
}

/** Above this many methods a class is a utility grab-bag, not a cipher: skipped (bounds the cost). */
export const MAX_METHODS = 64;

/**
 * The stream-cipher shape: a constructor taking a `byte[]` key and `([B)[B` methods (the output has
 * the input's length, checked per call), or a static `([B[B)[B` (key, data). Undefined otherwise.
 */
export function cipherCandidate(c: ClassShape): CipherCandidate | undefined {
  if (isLibraryClass(c.name) || c.methods.length > MAX_METHODS) return undefined;
  const stateField = c.fields.some((t) => t === '[I' || t === '[B');
  const keyCtor = c.ctors.some((p) => p.includes('[B'));
  const inst = c.methods.filter((m) => !m.isStatic && m.ret === '[B' && m.params.length === 1 && m.params[0] === '[B').map((m) => m.name);
  if (keyCtor && inst.length > 0) return { kind: 'instance', methods: unique(inst), stateField };
  const stat = c.methods.filter((m) => m.isStatic && m.ret === '[B' && m.params.length === 2 && m.params[0] === '[B' && m.params[1] === '[B').map((m) => m.name);
  if (stat.length > 0) return { kind: 'static', methods: unique(stat), stateField };
  return undefined;
}

const unique = (xs: string[]): string[] => [...new Set(xs)];

/** Fewer bytes than this give no usable entropy reading. */
export const MIN_JUDGED_BYTES = 48;

/** Entropy (bits/byte) above which `n` bytes read as random: 85% of what random bytes of that
 *  size reach at most (a small sample cannot reach 8). */
export function highEntropyThreshold(n: number): number {
  return Math.min(7.2, 0.85 * Math.log2(Math.min(Math.max(n, 2), 256)));
}

/**
 * Whether a same-length transformation raised or lowered the entropy like a cipher: `encrypt`
 * when the output reads random and the input clearly did not; `decrypt` the other way round.
 * XOR with one byte keeps the entropy of its input: it is never confirmed here.
 */
export function entropyJump(input: ArrayLike<number>, output: ArrayLike<number>): 'encrypt' | 'decrypt' | undefined {
  const n = Math.min(input.length, output.length);
  if (n < MIN_JUDGED_BYTES || input.length !== output.length) return undefined;
  const t = highEntropyThreshold(n);
  const hin = shannonEntropy(input);
  const hout = shannonEntropy(output);
  if (hout >= t && hin < t - 0.5) return 'encrypt';
  if (hin >= t && hout < t - 0.5) return 'decrypt';
  return undefined;
}

/** Encoder input worth linking to the next send: high-entropy bytes, or hex text of them
 *  (RC4 → hex → Base64). Returns the figures of the (decoded) bytes, else undefined. */
export function encodedSample(sample: ArrayLike<number>): { entropy: number; bytes: number; hex: boolean } | undefined {
  let bytes: ArrayLike<number> = sample;
  let hex = false;
  if (sample.length >= 32 && sample.length % 2 === 0 && isHexText(sample)) {
    let s = '';
    for (let i = 0; i < sample.length; i++) s += String.fromCharCode(sample[i] & 0xff);
    bytes = fromHex(s);
    hex = true;
  }
  if (bytes.length < MIN_JUDGED_BYTES) return undefined;
  const entropy = shannonEntropy(bytes);
  return entropy >= highEntropyThreshold(bytes.length) ? { entropy, bytes: bytes.length, hex } : undefined;
}

function isHexText(b: ArrayLike<number>): boolean {
  let lower = false;
  let upper = false;
  for (let i = 0; i < b.length; i++) {
    const c = b[i] & 0xff;
    if (c >= 0x61 && c <= 0x66) lower = true;
    else if (c >= 0x41 && c <= 0x46) upper = true;
    else if (c < 0x30 || c > 0x39) return false;
  }
  return !(lower && upper);
}
