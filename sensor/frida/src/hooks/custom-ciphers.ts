// Ciphers outside javax.crypto: hand-written stream ciphers in app code (the RC4 classes of
// Cerberus and Anubis) and BouncyCastle's lightweight engines bundled in the app. Every class an
// app loader defines passes through BaseDexClassLoader.findClass, including code loaded later by
// DexClassLoader / InMemoryDexClassLoader: there the class's shape is read by reflection
// (cipher-shape.ts) and, when it looks like a cipher, its methods are hooked through that
// class's own loader. A call is reported only when the entropy jump confirms it (a same-length
// output that reads random from an input that did not). Cost: one reflection pass per app class
// at load, library packages skipped, at most MAX_SCANNED classes; at attach, a sweep of the
// classes already loaded, bounded by SWEEP_MAX classes and SWEEP_MS. Frida side.
import Java from 'frida-java-bridge';
import { type ClassShape, cipherCandidate, entropyJump, isLibraryClass } from '../cipher-shape.js';
import { Coalescer } from '../coalescer.js';
import { buildCryptoOp } from '../events.js';
import { fridaScheduler, runtime } from '../runtime.js';
import { className, hook, identity, inside, javaLength, readJavaBytes, safe } from '../java-util.js';
import { noteKey } from './crypto.js';

type Wrapper = Java.Wrapper;

export const MAX_SCANNED = 20_000;
export const SWEEP_MAX = 5000;
export const SWEEP_MS = 500;
const SAMPLE = 512;
const MAX_KEY = 256;

export const customCounters = { scanned: 0, candidates: 0, engines: 0 };

interface Op {
  alg: string;
  mode?: string;
  dir: 'encrypt' | 'decrypt';
  keyFp?: string;
  inBytes: number;
  outBytes: number;
  api: string;
}

/** encrypt: one crypto.op per call; decrypt (string de-obfuscation at start-up) merged per key */
const ops = new Coalescer<string, Op>(fridaScheduler, { idleMs: 2000, maxMs: 10_000, maxEntries: 256 }, (_k, o) => {
  if (o.inBytes === 0 && o.outBytes === 0) return;
  runtime.emit(buildCryptoOp({ alg: o.alg, dir: o.dir, key_fp: o.keyFp, mode: o.mode, in_bytes: o.inBytes, out_bytes: o.outBytes, api: o.api }));
});

function addOp(key: string, seed: Omit<Op, 'inBytes' | 'outBytes'>, inBytes: number, outBytes: number, flushNow: boolean): void {
  ops.add(key, () => ({ ...seed, inBytes: 0, outBytes: 0 }), (o) => {
    o.inBytes += inBytes;
    o.outBytes += outBytes;
  });
  if (flushNow) ops.flush(key);
}

// --- hand-written stream ciphers ---

/** instance identity -> key fingerprint (set by the constructor hook) */
const instanceKeys = new Map<number, KeyRef>();
const hookedClasses = new Set<string>();

function typeNames(classes: any): string[] {
  const out: string[] = [];
  for (let i = 0; i < classes.length; i++) out.push(String(classes[i].getName()));
  return out;
}

/** Reflection over a java.lang.Class: constructors, instance fields, methods. */
function shapeOf(cls: Wrapper): ClassShape {
  const name = String(cls.getName());
  const ctors = cls.getDeclaredConstructors();
  const fields = cls.getDeclaredFields();
  const methods = cls.getDeclaredMethods();
  const shape: ClassShape = { name, ctors: [], fields: [], methods: [] };
  for (let i = 0; i < ctors.length; i++) shape.ctors.push(typeNames(ctors[i].getParameterTypes()));
  for (let i = 0; i < fields.length; i++) if ((Number(fields[i].getModifiers()) & 8) === 0) shape.fields.push(String(fields[i].getType().getName()));
  for (let i = 0; i < methods.length; i++) {
    const m = methods[i];
    shape.methods.push({ name: String(m.getName()), params: typeNames(m.getParameterTypes()), ret: String(m.getReturnType().getName()), isStatic: (Number(m.getModifiers()) & 8) !== 0 });
  }
  return shape;
}

interface KeyRef { fp: string; bits: number }

function keyRef(arr: any): KeyRef | undefined {
  const key = readJavaBytes(arr, 0, javaLength(arr), MAX_KEY);
  return key.length > 0 ? { fp: runtime.fp.of(key), bits: key.length * 8 } : undefined;
}

/** Judges one call: same length in and out, and an entropy jump; the key is announced once a
 *  call confirms the class encrypts (a byte[] constructor alone proves nothing). */
function judge(api: string, alg: string, key: KeyRef | undefined, input: any, output: any): void {
  const n = javaLength(input);
  if (output === null || output === undefined || javaLength(output) !== n || inside('cipher.io')) return;
  const dir = entropyJump(readJavaBytes(input, 0, n, SAMPLE), readJavaBytes(output, 0, n, SAMPLE));
  if (!dir) return;
  if (key) noteKey(key.fp, key.bits, alg);
  addOp(`${dir}:${key?.fp ?? api}`, { alg, mode: 'stream', dir, keyFp: key?.fp, api }, n, n, dir === 'encrypt');
}

function hookCandidate(cls: Wrapper, loader: Wrapper | null): void {
  const shape = shapeOf(cls);
  const cand = cipherCandidate(shape);
  if (!cand || hookedClasses.has(shape.name)) return;
  hookedClasses.add(shape.name);
  customCounters.candidates++;
  const alg = cand.stateField ? 'RC4-like' : 'custom';
  const use = loader === null ? Java.use(shape.name) : Java.ClassFactory.get(loader).use(shape.name);
  const api = (m: string): string => `${shape.name}.${m}`;
  if (cand.kind === 'instance') {
    hook(shape.name, '$init', (self, args, original, ov) => {
      const r = original();
      safe('custom cipher key', () => {
        const i = ov.argumentTypes.findIndex((t) => (t.className ?? t.name) === '[B');
        const key = keyRef(args[i]);
        if (key) instanceKeys.set(identity(self), key);
        if (instanceKeys.size > 2048) instanceKeys.delete(instanceKeys.keys().next().value as number);
      });
      return r;
    }, (types) => types.includes('[B'), use);
    for (const m of cand.methods) {
      hook(shape.name, m, (self, args, original) => {
        const out = original();
        safe('custom cipher', () => judge(api(m), alg, instanceKeys.get(identity(self)), args[0], out));
        return out;
      }, (types) => types.length === 1 && types[0] === '[B', use);
    }
  } else {
    for (const m of cand.methods) {
      hook(shape.name, m, (_self, args, original) => {
        const out = original();
        safe('custom cipher', () => judge(api(m), alg, keyRef(args[0]), args[1], out));
        return out;
      }, (types) => types.length === 2 && types[0] === '[B' && types[1] === '[B', use);
    }
  }
}

// --- BouncyCastle lightweight engines ---

const ENGINE = /^org\.(bouncycastle|spongycastle)\.crypto\.engines\.([A-Za-z0-9]+)Engine$/;
const ENGINE_ALG: Record<string, [string, string | undefined]> = {
  RC4: ['RC4', 'stream'], AES: ['AES', undefined], AESFast: ['AES', undefined], AESLight: ['AES', undefined],
  ChaCha: ['ChaCha20', 'stream'], ChaCha7539: ['ChaCha20', 'stream'], Salsa20: ['Salsa20', 'stream'], XSalsa20: ['Salsa20', 'stream'],
  DES: ['DES', undefined], DESede: ['DESede', undefined], Blowfish: ['Blowfish', undefined], Twofish: ['Twofish', undefined],
};

interface EngineState { dir: 'encrypt' | 'decrypt'; keyFp?: string }
const engines = new Map<number, EngineState>();

/** KeyParameter, or the KeyParameter inside ParametersWithIV: the key bytes. */
function keyOfParams(params: Wrapper | null): Uint8Array | undefined {
  let p = params;
  for (let depth = 0; p !== null && depth < 3; depth++) {
    const typed = Java.cast(p, Java.use(className(p)));
    if (typeof typed.getKey === 'function') {
      const key = typed.getKey();
      return key === null ? undefined : readJavaBytes(key, 0, javaLength(key), MAX_KEY);
    }
    if (typeof typed.getParameters !== 'function') return undefined;
    p = typed.getParameters();
  }
  return undefined;
}

function hookEngine(name: string, short: string, loader: Wrapper | null): void {
  const known = ENGINE_ALG[short];
  if (!known || hookedClasses.has(name)) return;
  hookedClasses.add(name);
  customCounters.engines++;
  const [alg, mode] = known;
  const use = loader === null ? Java.use(name) : Java.ClassFactory.get(loader).use(name);
  hook(name, 'init', (self, args, original) => {
    const r = original();
    safe('BouncyCastle init', () => {
      const key = keyOfParams(args[1] as Wrapper | null);
      let keyFp: string | undefined;
      if (key && key.length > 0) {
        keyFp = runtime.fp.of(key);
        noteKey(keyFp, key.length * 8, alg);
      }
      engines.set(identity(self), { dir: args[0] ? 'encrypt' : 'decrypt', keyFp });
      if (engines.size > 1024) engines.delete(engines.keys().next().value as number);
    });
    return r;
  }, (types) => types.length === 2 && types[0] === 'boolean', use);
  // counted only: a block engine is called once per block; javax.crypto on a bundled BC
  // provider is already reported by the Cipher hooks (cipher.io)
  const count = (self: Wrapper, bytes: number): void => {
    if (inside('cipher.io') || bytes <= 0) return;
    const st = engines.get(identity(self));
    if (!st) return;
    addOp(`bc:${identity(self)}`, { alg, mode, dir: st.dir, keyFp: st.keyFp, api: `${name}.process` }, bytes, bytes, false);
  };
  hook(name, 'processBytes', (self, args, original) => {
    const r = original();
    safe('BouncyCastle processBytes', () => count(self, Number(args[2])));
    return r;
  }, (types) => types.length === 5 && types[0] === '[B', use);
  hook(name, 'processBlock', (self, _args, original) => {
    const r = original();
    safe('BouncyCastle processBlock', () => count(self, Number(r)));
    return r;
  }, (types) => types.length === 4 && types[0] === '[B', use);
}

// --- discovery ---

function consider(cls: Wrapper | null, loader: Wrapper | null): void {
  if (cls === null) return;
  const name = String(cls.getName());
  const engine = ENGINE.exec(name);
  if (engine) {
    hookEngine(name, engine[2], loader);
    return;
  }
  if (isLibraryClass(name) || customCounters.scanned >= MAX_SCANNED) return;
  customCounters.scanned++;
  hookCandidate(cls, loader);
}

function sweepLoaded(): void {
  const started = Date.now();
  let n = 0;
  for (const name of Java.enumerateLoadedClassesSync()) {
    if (n >= SWEEP_MAX || Date.now() - started > SWEEP_MS) break;
    if (isLibraryClass(name) && !ENGINE.test(name)) continue;
    n++;
    safe('class sweep', () => consider(Java.use(name).class, null));
  }
}

export function installCustomCipherHooks(): void {
  hook('dalvik.system.BaseDexClassLoader', 'findClass', (self, _args, original) => {
    const cls = original();
    safe('class shape', () => consider(cls as Wrapper | null, self));
    return cls;
  }, (types) => types.length === 1 && types[0] === 'java.lang.String');
  sweepLoaded();
}

export function flushCustomCiphers(): void {
  ops.flushAll();
}
