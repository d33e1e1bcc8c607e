// Where key bytes came from (telemetry v1 `crypto.key.origin`). PURE.
//
// The agent cannot see that bytes are a constant of the app, so it never claims `literal`. It
// claims what it observed:
//  - `derived`: the bytes (or their first 16/24/32 bytes) came out of a KDF (SecretKeyFactory,
//    e.g. PBKDF2) or a MessageDigest the agent hooked, or the call stack at `new SecretKeySpec`
//    passes through a KDF/digest frame;
//  - `stored`: the bytes are the UTF-8 or base64-decoded form of a value the app read from
//    SharedPreferences, or the stack passes through SharedPreferences / file / asset reads;
//  - `unknown` otherwise (literal keys end up here).
// KeyGenerator keys are `generated`, AndroidKeyStore keys `keystore` (decided by the hook).

export type KeyOrigin = 'literal' | 'derived' | 'stored' | 'generated' | 'keystore' | 'remote' | 'unknown';

export interface OriginGuess {
  origin: KeyOrigin;
  kdf?: string;
}

const DERIVED_FRAMES: Array<[RegExp, string | undefined]> = [
  [/SecretKeyFactory|PBKDF2|PBEKey|Pbkdf|Hkdf|HKDF|KeyDerivation|scrypt|Argon2/i, undefined],
  [/java\.security\.MessageDigest\.digest/, 'MessageDigest'],
];
const STORED_FRAMES = /SharedPreferences|FileInputStream|AssetManager|java\.util\.Properties\.load|RandomAccessFile|DataStore/;

/** Origin from the Java stack (frames as "class.method(File:line)", innermost first). */
export function originFromStack(frames: readonly string[]): OriginGuess {
  for (const f of frames) {
    for (const [re, kdf] of DERIVED_FRAMES) {
      if (re.test(f)) {
        const name = kdf ?? /PBKDF2\w*/i.exec(f)?.[0];
        return name ? { origin: 'derived', kdf: name } : { origin: 'derived' };
      }
    }
    if (STORED_FRAMES.test(f)) return { origin: 'stored' };
  }
  return { origin: 'unknown' };
}

/**
 * Remembers the fingerprints of byte strings whose provenance the agent saw (KDF outputs,
 * digests, values read from storage), so that a key built later from the same bytes gets that
 * origin. Bounded: the oldest entries go first.
 */
export class ProvenanceBook {
  private readonly map = new Map<string, OriginGuess>();

  constructor(private readonly capacity = 4096) {}

  remember(fp: string, guess: OriginGuess): void {
    if (this.map.has(fp)) this.map.delete(fp);
    this.map.set(fp, guess);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
  }

  lookup(fp: string): OriginGuess | undefined {
    return this.map.get(fp);
  }

  get size(): number {
    return this.map.size;
  }
}

/** Book entry first (what the agent saw happen to the bytes), then the stack, then `unknown`. */
export function decideOrigin(book: OriginGuess | undefined, stack: readonly string[]): OriginGuess {
  if (book) return book;
  return originFromStack(stack);
}
