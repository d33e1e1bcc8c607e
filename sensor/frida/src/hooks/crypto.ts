// javax.crypto hooks: crypto.key (SecretKeySpec, KeyGenerator, first use in Cipher.init) and
// crypto.op (Cipher.init + update/doFinal). Key bytes are fingerprinted here, on the device;
// they never leave it. Frida side.
import Java from 'frida-java-bridge';
import { utf8Encode } from '../bytes.js';
import { isPasswordAlg, isSymmetricAlg, normalizeAlg, parseTransformation } from '../cipher-names.js';
import { Coalescer } from '../coalescer.js';
import { buildCryptoKey, buildCryptoOp } from '../events.js';
import { type KeyOrigin, type OriginGuess, ProvenanceBook, decideOrigin } from '../key-origin.js';
import { fridaScheduler, runtime } from '../runtime.js';
import { className, hook, identity, javaLength, javaStack, outermost, readJavaBytes, safe } from '../java-util.js';

type Wrapper = Java.Wrapper;

/** A key as the agent knows it. */
interface KeyRecord {
  fp: string;
  alg: string;
  bits?: number;
  origin: KeyOrigin;
  kdf?: string;
  hw_backed?: boolean;
  /** sent under this asymmetric algorithm (hybrid scheme: key transport) */
  transport?: string;
}

const MAX_KEY_BYTES = 512;
/** crypto.key is announced again after this long, so that a detector whose key records aged out
 *  of its window still sees the origin. */
const REANNOUNCE_MS = 5 * 60_000;

/** fingerprints of bytes with a known provenance (KDF outputs, stored values) */
const book = new ProvenanceBook(4096);
/** digest outputs apart: every hash of the process (caches, signatures) passes there, and it
 *  must not push the rarer KDF and storage entries out of `book` */
const digestBook = new ProvenanceBook(1024);
/** observation counters (tests and `stats()`) */
export const cryptoCounters = { digests: 0, transports: 0 };
/** strings the app read from SharedPreferences (for Base64.decode of a stored key) */
const storedStrings = new Set<string>();
/** key fingerprint -> record (fingerprints, not object identities: identity hashes are reused) */
const records = new Map<string, KeyRecord>();
const announced = new Map<string, number>();

function fp(bytes: Uint8Array): string {
  return runtime.fp.of(bytes);
}

function boundedSet<K, V>(map: Map<K, V>, k: K, v: V, max = 4096): void {
  if (map.has(k)) map.delete(k);
  map.set(k, v);
  if (map.size > max) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

function announce(rec: KeyRecord, force = false): void {
  const now = Date.now();
  const last = announced.get(rec.fp);
  if (!force && last !== undefined && now - last < REANNOUNCE_MS) return;
  boundedSet(announced, rec.fp, now);
  runtime.emit(buildCryptoKey({
    key_fp: rec.fp, alg: rec.alg, bits: rec.bits, origin: rec.origin, hw_backed: rec.hw_backed, kdf: rec.kdf, transport: rec.transport,
  }));
}

/** Remembers where `bytes` came from; keys are often a prefix of a digest (16/24/32 bytes). */
function rememberBytes(bytes: Uint8Array, guess: OriginGuess, into: ProvenanceBook = book): void {
  into.remember(fp(bytes), guess);
  for (const n of [16, 24, 32]) if (bytes.length > n) into.remember(fp(bytes.subarray(0, n)), guess);
}

const lookupProvenance = (f: string): OriginGuess | undefined => book.lookup(f) ?? digestBook.lookup(f);

/** A password-based key: its bytes are the password (no `bits`: they would give its length). */
function passwordRecord(f: string, alg: string): KeyRecord {
  return { fp: f, alg: normalizeAlg(alg), origin: 'derived', kdf: alg };
}

function keystoreAlias(key: Wrapper): string | undefined {
  return safe('keystore alias', () => String(Java.cast(key, Java.use(className(key))).getAlias()));
}

/** Android Keystore key: its bytes never enter the process, so the fingerprint is a stable
 *  pseudo-fingerprint of its alias; hardware backing from KeyInfo. Cached per alias. */
function keystoreRecord(key: Wrapper, alg: string): KeyRecord {
  const alias = keystoreAlias(key);
  const f = runtime.fp.label(`keystore:${alias ?? `${alg}@${identity(key)}`}`);
  const cached = records.get(f);
  if (cached) return cached;
  const rec: KeyRecord = { fp: f, alg: normalizeAlg(alg), origin: 'keystore' };
  safe('KeyInfo', () => {
    const KeyInfo = Java.use('android.security.keystore.KeyInfo');
    const factory = Java.use('javax.crypto.SecretKeyFactory').getInstance(key.getAlgorithm(), 'AndroidKeyStore');
    const info = Java.cast(factory.getKeySpec(key, KeyInfo.class), KeyInfo);
    rec.hw_backed = Boolean(info.isInsideSecureHardware());
    rec.bits = Number(info.getKeySize());
  });
  boundedSet(records, f, rec);
  return rec;
}

/** The record of a key object, from its encoded bytes, else as a Keystore key. */
function describeKey(key: Wrapper): KeyRecord | undefined {
  const alg = String(key.getAlgorithm());
  const encoded = key.getEncoded();
  if (encoded !== null && javaLength(encoded) > 0) {
    const bytes = readJavaBytes(encoded, 0, javaLength(encoded), MAX_KEY_BYTES);
    const f = fp(bytes);
    const known = records.get(f);
    if (known) return known;
    const guess = lookupProvenance(f) ?? { origin: 'unknown' as const };
    const rec: KeyRecord = isPasswordAlg(alg) ? passwordRecord(f, alg)
      : { fp: f, alg: normalizeAlg(alg), bits: bytes.length * 8, origin: guess.origin, kdf: guess.kdf };
    boundedSet(records, f, rec);
    return rec;
  }
  if (/AndroidKeyStore/i.test(className(key))) return keystoreRecord(key, alg);
  return undefined;
}

// --- key creation ---

function hookSecretKeySpec(): void {
  hook('javax.crypto.spec.SecretKeySpec', '$init', (_self, args, original, ov) => {
    const r = original();
    safe('SecretKeySpec', () => {
      const types = ov.argumentTypes.map((t) => t.className ?? t.name);
      const alg = String(args[args.length - 1]);
      if (!isSymmetricAlg(alg)) return; // HMAC keys and the like
      const [offset, length] = types.length === 4 ? [args[1] as number, args[2] as number] : [0, javaLength(args[0])];
      const bytes = readJavaBytes(args[0], offset, length, MAX_KEY_BYTES);
      const f = fp(bytes);
      const known = lookupProvenance(f);
      const guess = isPasswordAlg(alg) ? undefined : decideOrigin(known, known ? [] : javaStack());
      const rec: KeyRecord = guess === undefined ? passwordRecord(f, alg)
        : { fp: f, alg: normalizeAlg(alg), bits: length * 8, origin: guess.origin, kdf: guess.kdf };
      const previous = records.get(f);
      boundedSet(records, f, rec);
      announce(rec, previous !== undefined && previous.origin !== rec.origin);
    });
    return r;
  });
}

function hookKeyGenerator(): void {
  hook('javax.crypto.KeyGenerator', 'generateKey', (self, _args, original) => {
    const key = original();
    safe('KeyGenerator', () => {
      if (key === null) return;
      const provider = String(self.getProvider().getName());
      const alg = String(self.getAlgorithm());
      let rec: KeyRecord | undefined;
      if (provider === 'AndroidKeyStore') rec = keystoreRecord(key, alg);
      else {
        const encoded = key.getEncoded();
        if (encoded === null) return;
        const bytes = readJavaBytes(encoded, 0, javaLength(encoded), MAX_KEY_BYTES);
        rec = { fp: fp(bytes), alg: normalizeAlg(alg), bits: bytes.length * 8, origin: 'generated' };
        book.remember(rec.fp, { origin: 'generated' });
        boundedSet(records, rec.fp, rec);
      }
      announce(rec);
    });
    return key;
  });
}

/** Provenance sources: KDF and digest outputs (derived), SharedPreferences strings (stored). */
function hookProvenance(): void {
  hook('javax.crypto.SecretKeyFactory', 'generateSecret', (self, _args, original) => {
    const key = original();
    safe('SecretKeyFactory', () => {
      const encoded = key === null ? null : key.getEncoded();
      if (encoded === null) return;
      const kdf = String(self.getAlgorithm());
      rememberBytes(readJavaBytes(encoded, 0, javaLength(encoded), MAX_KEY_BYTES), { origin: 'derived', kdf });
    });
    return key;
  });
  // digest() and digest(byte[]) return the digest; digest(byte[], int, int) writes into a buffer.
  // digest(byte[]) calls digest(): only the outermost call is observed.
  hook('java.security.MessageDigest', 'digest', (self, _args, original) => outermost('digest', original, (out) => {
    if (out === null || typeof out === 'number') return;
    const n = javaLength(out);
    if (n < 16) return; // too short for a key
    cryptoCounters.digests++;
    rememberBytes(readJavaBytes(out, 0, n, 64), { origin: 'derived', kdf: `${String(self.getAlgorithm())}(…)` }, digestBook);
  }), (types) => types.length <= 1);
  hook('android.app.SharedPreferencesImpl', 'getString', (_self, _args, original) => {
    const value = original();
    safe('SharedPreferences.getString', () => {
      if (value === null) return;
      const s = String(value);
      if (s.length < 8 || s.length > 1024) return;
      book.remember(fp(utf8Encode(s)), { origin: 'stored' });
      storedStrings.add(s);
      if (storedStrings.size > 1024) storedStrings.delete(storedStrings.values().next().value as string);
    });
    return value;
  });
  const onDecode = (args: any[], out: any): void => {
    if (out === null || storedStrings.size === 0) return;
    const input = typeof args[0] === 'string' ? args[0] : undefined;
    if (input === undefined || !storedStrings.has(input)) return;
    book.remember(fp(readJavaBytes(out, 0, javaLength(out), MAX_KEY_BYTES)), { origin: 'stored' });
  };
  hook('android.util.Base64', 'decode', (_self, args, original) => {
    const out = original();
    safe('Base64.decode', () => onDecode(args, out));
    return out;
  }, (types) => types[0] === 'java.lang.String');
  hook('java.util.Base64$Decoder', 'decode', (_self, args, original) => {
    const out = original();
    safe('Base64.Decoder.decode', () => onDecode(args, out));
    return out;
  }, (types) => types.length === 1 && types[0] === 'java.lang.String');
}

// --- cipher operations ---

interface CipherState {
  dir: 'encrypt' | 'decrypt';
  alg: string;
  mode?: string;
  keyFp?: string;
  ivFp?: string;
}

interface OpAcc extends CipherState {
  inBytes: number;
  outBytes: number;
  ops: number;
  api: string;
}

const ciphers = new Map<number, CipherState>();
/** ciphers that can carry a key out (asymmetric ENCRYPT, any WRAP): identity -> algorithm */
const carriers = new Map<number, string>();

/** Hybrid scheme: `bytes` (or `key`) going into an RSA encrypt / a wrap is a symmetric key seen
 *  before, so that key is transported (a session key the server can read): re-announced with
 *  `transport`, which key provenance counts. */
function linkTransport(alg: string, f: string | undefined): void {
  const rec = f === undefined ? undefined : records.get(f);
  if (!rec || rec.transport === alg) return;
  rec.transport = alg;
  cryptoCounters.transports++;
  announce(rec, true);
}

/** encrypt: one crypto.op per doFinal (uses count for KeyReuseThreshold); update-only streams
 *  (RC4...) are flushed after 2 s idle. decrypt: bursts per key are merged (obfuscators decrypt
 *  thousands of strings at start-up; decrypt is reported, not scored). */
const ops = new Coalescer<string, OpAcc>(fridaScheduler, { idleMs: 2000, maxMs: 10_000, maxEntries: 512 }, (_k, acc) => {
  runtime.emit(buildCryptoOp({
    alg: acc.alg, dir: acc.dir, key_fp: acc.keyFp, mode: acc.mode, in_bytes: acc.inBytes, out_bytes: acc.outBytes,
    iv_fp: acc.ivFp, api: acc.api,
  }));
});

const SecretKeyClass = (): Wrapper => Java.use('javax.crypto.SecretKey').class;

function opKey(cipherId: number, st: CipherState): string {
  return st.dir === 'encrypt' ? `c${cipherId}` : `d:${st.keyFp ?? cipherId}:${st.alg}:${st.mode ?? ''}`;
}

function hookCipherInit(): void {
  hook('javax.crypto.Cipher', 'init', (self, args, original) => outermost('cipher.init', original, () => {
    const id = identity(self);
    const previous = ciphers.get(id);
    if (previous?.dir === 'encrypt') ops.flush(opKey(id, previous)); // re-init ends the running op
    ciphers.delete(id);
    carriers.delete(id);
    const opmode = args[0] as number;
    const key = args[1] as Wrapper | null;
    if (key === null) return;
    const symmetric = SecretKeyClass().isInstance(key);
    // asymmetric (RSA...) is not T1521.001, but what it encrypts may be a session key
    if (opmode === 3 || (opmode === 1 && !symmetric)) boundedSet(carriers, id, parseTransformation(String(self.getAlgorithm())).alg, 1024);
    if ((opmode !== 1 && opmode !== 2) || !symmetric) return;
    const { alg, mode } = parseTransformation(String(self.getAlgorithm()));
    const rec = describeKey(key);
    if (rec) announce(rec);
    const st: CipherState = { dir: opmode === 1 ? 'encrypt' : 'decrypt', alg, mode, keyFp: rec?.fp };
    safe('Cipher.getIV', () => {
      const iv = self.getIV();
      if (iv !== null && javaLength(iv) > 0) st.ivFp = fp(readJavaBytes(iv, 0, javaLength(iv), 64));
    });
    boundedSet(ciphers, id, st, 2048);
  }), (types) => types[0] === 'int' && types[1] === 'java.security.Key');
}

/** Input size of an update/doFinal overload, read before the call (ByteBuffer.remaining changes). */
function inputSize(types: string[], args: any[]): number {
  if (types.length === 0) return 0;
  if (types[0] === 'java.nio.ByteBuffer') return args[0] === null ? 0 : Number(args[0].remaining());
  if (types[0] !== '[B') return 0;
  if (types.length >= 3 && types[1] === 'int' && types[2] === 'int') return Number(args[2]);
  if (types.length === 1) return javaLength(args[0]);
  return 0; // doFinal(byte[] output, int outputOffset)
}

function outputSize(ret: any): number {
  if (ret === null || ret === undefined) return 0;
  if (typeof ret === 'number') return ret;
  return javaLength(ret);
}

function hookCipherIo(method: 'update' | 'doFinal'): void {
  hook('javax.crypto.Cipher', method, (self, args, original, ov) => {
    const types = ov.argumentTypes.map((t) => t.className ?? t.name);
    const inBytes = safe('cipher input size', () => inputSize(types, args)) ?? 0;
    const id = identity(self);
    const carrier = carriers.get(id);
    if (carrier !== undefined && method === 'doFinal' && types[0] === '[B' && inBytes > 0 && inBytes <= 64) {
      const off = types.length >= 3 ? Number(args[1]) : 0;
      safe('key transport', () => linkTransport(carrier, fp(readJavaBytes(args[0], off, inBytes, 64))));
    }
    return outermost('cipher.io', original, (ret) => {
      const st = ciphers.get(id);
      if (!st) return;
      const key = opKey(id, st);
      const out = outputSize(ret);
      ops.add(key, () => ({ ...st, inBytes: 0, outBytes: 0, ops: 0, api: 'javax.crypto.Cipher.update' }), (acc) => {
        acc.inBytes += inBytes;
        acc.outBytes += out;
        if (method === 'doFinal') {
          acc.ops++;
          acc.api = 'javax.crypto.Cipher.doFinal';
        }
      });
      if (method === 'doFinal' && st.dir === 'encrypt') ops.flush(key);
    });
  }, (types) => !(types.length === 1 && types[0] === 'java.nio.ByteBuffer'));
}

/**
 * A key (by fingerprint) confirmed in use by the hand-written-cipher or BouncyCastle hooks: same
 * records, provenance and re-announcement as javax.crypto keys.
 */
export function noteKey(f: string, bits: number, alg: string): void {
  let rec = records.get(f);
  if (!rec) {
    const guess = lookupProvenance(f) ?? { origin: 'unknown' as const };
    rec = { fp: f, alg, bits, origin: guess.origin, kdf: guess.kdf };
    boundedSet(records, f, rec);
  }
  announce(rec);
}

function hookWrap(): void {
  hook('javax.crypto.Cipher', 'wrap', (self, args, original) => {
    const out = original();
    safe('Cipher.wrap', () => {
      const alg = carriers.get(identity(self));
      const key = args[0] as Wrapper | null;
      if (alg === undefined || key === null || !SecretKeyClass().isInstance(key)) return;
      linkTransport(alg, describeKey(key)?.fp);
    });
    return out;
  });
}

export function installCryptoHooks(): void {
  hookWrap();
  hookProvenance();
  hookSecretKeySpec();
  hookKeyGenerator();
  hookCipherInit();
  hookCipherIo('update');
  hookCipherIo('doFinal');
}

export function flushCrypto(): void {
  ops.flushAll();
}
