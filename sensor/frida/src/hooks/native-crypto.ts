// Native symmetric crypto in the app's own libraries: Interceptor on the exported OpenSSL /
// BoringSSL API of modules loaded from the app's directories (/data/app, /data/data,
// /data/user): EVP init (`_ex`, OpenSSL 3 `_ex2`, the old un-suffixed ones), update, final and
// `EVP_Cipher`; BoringSSL's `EVP_AEAD_CTX_*`; the low-level `AES_*` and `RC4`. The system
// libcrypto is NOT hooked: Conscrypt's TLS would otherwise look like the app encrypting.
// Statically linked, stripped or hidden-visibility crypto is not seen.
//
// The generic functions call the specific ones (EVP_CipherUpdate -> EVP_EncryptUpdate, EVP init
// -> AES_set_encrypt_key...): only the outermost hooked call of a thread is observed, so bytes
// are counted once and a message gives one crypto.op. Keys are read when the init returns, with
// the context's key length (EVP_CIPHER_CTX_set_key_length for RC4/Blowfish), not the cipher's
// default. Frida side.
import { parseOpenSslCipherName } from '../cipher-names.js';
import { entropyJump } from '../cipher-shape.js';
import { Coalescer } from '../coalescer.js';
import { buildCryptoOp } from '../events.js';
import { fridaScheduler, runtime } from '../runtime.js';
import { safe } from '../java-util.js';

const APP_LIB = /^\/data\/(app|data|user|user_de)\//;

interface OpState {
  dir: 'encrypt' | 'decrypt';
  alg: string;
  mode?: string;
  keyFp?: string;
  ivFp?: string;
  inBytes: number;
  outBytes: number;
  api: string;
}

interface CtxState extends OpState {
  cipher: NativePointer;
}

type IntFn = NativeFunction<number, [NativePointer]>;
type PtrFn = NativeFunction<NativePointer, [NativePointer]>;

interface Api {
  keyLength?: IntFn;
  ivLength?: IntFn;
  nid?: IntFn;
  nid2sn?: NativeFunction<NativePointer, [number]>;
  ctxKeyLength?: IntFn;
  ctxIvLength?: IntFn;
  ctxCipher?: PtrFn;
  aeads: Map<string, [string, string]>;
}

const contexts = new Map<string, CtxState>();
const hookedModules = new Set<string>();
export const nativeCounters = { nested: 0 };

const pending = new Coalescer<string, OpState>(fridaScheduler, { idleMs: 2000, maxMs: 10_000, maxEntries: 256 }, (_k, st) => {
  if (st.inBytes === 0 && st.outBytes === 0) return;
  runtime.emit(buildCryptoOp({
    alg: st.alg, dir: st.dir, key_fp: st.keyFp, mode: st.mode, in_bytes: st.inBytes, out_bytes: st.outBytes,
    iv_fp: st.ivFp, api: st.api,
  }));
  st.inBytes = 0;
  st.outBytes = 0;
});

function account(k: string, st: OpState, inBytes: number, outBytes: number, api: string, flush: boolean): void {
  pending.add(k, () => st, (acc) => {
    acc.inBytes += Math.max(0, inBytes);
    acc.outBytes += Math.max(0, outBytes);
    acc.api = api;
  });
  if (flush) pending.flush(k);
}

// --- per-thread nesting over every hooked function ---

const depth = new Map<number, number>();

function enter(tid: number): boolean {
  const d = (depth.get(tid) ?? 0) + 1;
  depth.set(tid, d);
  if (d > 1) nativeCounters.nested++;
  return d === 1;
}

function leave(tid: number): void {
  const d = (depth.get(tid) ?? 1) - 1;
  if (d <= 0) depth.delete(tid);
  else depth.set(tid, d);
}

type Ctx = InvocationContext & Record<string, any>;

/** Attaches to `name` when `m` exports it; the callbacks run only for the thread's outermost
 *  hooked call. */
function attach(m: Module, name: string, onEnter: ((c: Ctx, args: InvocationArguments) => void) | undefined, onLeave: ((c: Ctx, ret: InvocationReturnValue) => void) | undefined): number {
  const p = m.findExportByName(name);
  if (p === null) return 0;
  Interceptor.attach(p, {
    onEnter(args) {
      const c = this as Ctx;
      c.ctOuter = enter(c.threadId);
      if (c.ctOuter && onEnter) safe(name, () => onEnter(c, args));
    },
    onLeave(ret) {
      const c = this as Ctx;
      leave(c.threadId);
      if (c.ctOuter && onLeave) safe(name, () => onLeave(c, ret));
    },
  });
  return 1;
}

function findExport(m: Module, names: string[]): NativePointer | null {
  for (const n of names) {
    const p = m.findExportByName(n);
    if (p !== null) return p;
  }
  return null;
}

function intFn(m: Module, names: string[]): IntFn | undefined {
  const p = findExport(m, names);
  return p === null ? undefined : new NativeFunction(p, 'int', ['pointer']);
}

function readFp(p: NativePointer, len: number): string | undefined {
  if (p.isNull() || len <= 0 || len > 512) return undefined;
  const ab = p.readByteArray(len);
  return ab === null ? undefined : runtime.fp.of(new Uint8Array(ab));
}

function readSample(p: NativePointer, len: number): Uint8Array {
  if (p.isNull() || len <= 0) return new Uint8Array(0);
  const ab = p.readByteArray(Math.min(len, 512));
  return ab === null ? new Uint8Array(0) : new Uint8Array(ab);
}

// --- EVP ---

/** init(ctx, cipher, key, iv, enc) with `enc` -1 for "keep" (OpenSSL semantics): read on leave,
 *  when the context knows its cipher and its (possibly changed) key length. */
function onInitLeave(api: Api, c: Ctx, name: string): void {
  const ctx = c.ctx as NativePointer;
  const k = ctx.toString();
  const prev = contexts.get(k);
  const key = c.key as NativePointer;
  if (prev && !key.isNull()) pending.flush(k); // a new key ends the running message
  let cipher = c.cipher as NativePointer;
  if (cipher.isNull()) cipher = api.ctxCipher ? api.ctxCipher(ctx) : prev?.cipher ?? NULL;
  let alg = prev?.alg ?? 'unknown';
  let mode = prev?.mode;
  if (!cipher.isNull() && api.nid && api.nid2sn) {
    const sn = api.nid2sn(api.nid(cipher));
    if (!sn.isNull()) ({ alg, mode } = parseOpenSslCipherName(sn.readCString() ?? 'unknown'));
  }
  const enc = c.enc as number;
  const dir = enc === 1 ? 'encrypt' : enc === 0 ? 'decrypt' : prev?.dir ?? 'encrypt';
  const keyLen = api.ctxKeyLength ? api.ctxKeyLength(ctx) : !cipher.isNull() && api.keyLength ? api.keyLength(cipher) : 0;
  const ivLen = api.ctxIvLength ? api.ctxIvLength(ctx) : !cipher.isNull() && api.ivLength ? api.ivLength(cipher) : 0;
  const st: CtxState = {
    dir, cipher, alg, mode, inBytes: 0, outBytes: 0, api: name,
    keyFp: readFp(key, keyLen) ?? prev?.keyFp, ivFp: readFp(c.iv as NativePointer, ivLen) ?? prev?.ivFp,
  };
  contexts.set(k, st);
  if (contexts.size > 4096) contexts.delete(contexts.keys().next().value as string);
}

/** Update/Final returned: `inBytes` in, `*outl` out, on the context's running message. */
function onBytes(c: Ctx, ret: InvocationReturnValue, inBytes: number, api: string, final: boolean): void {
  if (ret.toInt32() !== 1) return;
  const k = (c.ctx as NativePointer).toString();
  const st = contexts.get(k);
  if (!st) return;
  const outl = (c.outl as NativePointer).isNull() ? 0 : (c.outl as NativePointer).readS32();
  account(k, st, inBytes, outl, api, final);
}

function hookEvp(m: Module, api: Api): number {
  let n = 0;
  // [name, index of key, index of iv, enc: fixed or the index of the enc argument]
  const inits: Array<[string, number, number, number | { arg: number }]> = [
    ['EVP_EncryptInit_ex', 3, 4, 1], ['EVP_DecryptInit_ex', 3, 4, 0], ['EVP_CipherInit_ex', 3, 4, { arg: 5 }],
    ['EVP_EncryptInit_ex2', 2, 3, 1], ['EVP_DecryptInit_ex2', 2, 3, 0], ['EVP_CipherInit_ex2', 2, 3, { arg: 4 }],
    ['EVP_EncryptInit', 2, 3, 1], ['EVP_DecryptInit', 2, 3, 0], ['EVP_CipherInit', 2, 3, { arg: 4 }],
  ];
  for (const [name, ki, ii, enc] of inits) {
    n += attach(m, name, (c, args) => {
      c.ctx = args[0];
      c.cipher = args[1];
      c.key = args[ki];
      c.iv = args[ii];
      c.enc = typeof enc === 'number' ? enc : args[enc.arg].toInt32();
    }, (c, ret) => {
      if (ret.toInt32() === 1) onInitLeave(api, c, name);
    });
  }
  // Update(ctx, out, int *outl, in, inl)
  for (const name of ['EVP_EncryptUpdate', 'EVP_DecryptUpdate', 'EVP_CipherUpdate']) {
    n += attach(m, name, (c, args) => {
      c.ctx = args[0];
      c.outl = args[2];
      c.inl = args[4].toInt32();
    }, (c, ret) => onBytes(c, ret, c.inl as number, name, false));
  }
  // Final_ex(ctx, out, int *outl): one crypto.op per message
  for (const name of ['EVP_EncryptFinal_ex', 'EVP_DecryptFinal_ex', 'EVP_CipherFinal_ex', 'EVP_EncryptFinal', 'EVP_DecryptFinal', 'EVP_CipherFinal']) {
    n += attach(m, name, (c, args) => {
      c.ctx = args[0];
      c.outl = args[2];
    }, (c, ret) => onBytes(c, ret, 0, name.replace(/Final(_ex)?$/, 'Update'), true));
  }
  // EVP_Cipher(ctx, out, in, inl): the one-call form (records, custom flows)
  n += attach(m, 'EVP_Cipher', (c, args) => {
    c.ctx = args[0];
    c.inl = args[3].toInt32();
  }, (c, ret) => {
    if (ret.toInt32() <= 0) return;
    const k = (c.ctx as NativePointer).toString();
    const st = contexts.get(k);
    if (st) account(k, st, c.inl as number, c.inl as number, 'EVP_Cipher', false);
  });
  return n;
}

// --- BoringSSL AEAD ---

const AEADS: Array<[string, string, string]> = [
  ['EVP_aead_aes_128_gcm', 'AES', 'GCM'], ['EVP_aead_aes_256_gcm', 'AES', 'GCM'],
  ['EVP_aead_aes_128_gcm_siv', 'AES', 'GCM-SIV'], ['EVP_aead_aes_256_gcm_siv', 'AES', 'GCM-SIV'],
  ['EVP_aead_chacha20_poly1305', 'ChaCha20', 'AEAD'], ['EVP_aead_xchacha20_poly1305', 'ChaCha20', 'AEAD'],
  ['EVP_aead_aes_128_ctr_hmac_sha256', 'AES', 'CTR'], ['EVP_aead_aes_256_ctr_hmac_sha256', 'AES', 'CTR'],
];

function aeadNames(m: Module): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  for (const [fn, alg, mode] of AEADS) {
    const p = m.findExportByName(fn);
    if (p === null) continue;
    safe('AEAD name', () => out.set(new NativeFunction(p, 'pointer', [])().toString(), [alg, mode]));
  }
  return out;
}

function hookAead(m: Module, api: Api): number {
  let n = 0;
  const remember = (ctx: NativePointer, aead: NativePointer, key: NativePointer, keyLen: number): void => {
    const [alg, mode] = api.aeads.get(aead.toString()) ?? ['unknown', 'AEAD'];
    contexts.set(ctx.toString(), { dir: 'encrypt', cipher: aead, alg, mode, keyFp: readFp(key, keyLen), inBytes: 0, outBytes: 0, api: 'EVP_AEAD_CTX_seal' });
  };
  for (const name of ['EVP_AEAD_CTX_init', 'EVP_AEAD_CTX_init_with_direction']) {
    n += attach(m, name, (c, args) => {
      c.args = [args[0], args[1], args[2], args[3].toInt32()];
    }, (c, ret) => {
      if (ret.toInt32() === 1) remember(c.args[0], c.args[1], c.args[2], c.args[3]);
    });
  }
  // EVP_AEAD_CTX *EVP_AEAD_CTX_new(aead, key, key_len, tag_len)
  n += attach(m, 'EVP_AEAD_CTX_new', (c, args) => {
    c.args = [args[0], args[1], args[2].toInt32()];
  }, (c, ret) => {
    if (!ret.isNull()) remember(ret, c.args[0], c.args[1], c.args[2]);
  });
  // seal/open(ctx, out, size_t *out_len, max_out_len, nonce, nonce_len, in, in_len, ad, ad_len)
  for (const [name, dir] of [['EVP_AEAD_CTX_seal', 'encrypt'], ['EVP_AEAD_CTX_open', 'decrypt']] as const) {
    n += attach(m, name, (c, args) => {
      c.ctx = args[0];
      c.outLen = args[2];
      c.nonce = args[4];
      c.nonceLen = args[5].toInt32();
      c.inl = args[7].toInt32();
    }, (c, ret) => {
      if (ret.toInt32() !== 1) return;
      const base = contexts.get((c.ctx as NativePointer).toString());
      if (!base) return;
      const k = `${(c.ctx as NativePointer).toString()}:${dir}`;
      const st: OpState = { ...base, dir, inBytes: 0, outBytes: 0, api: name, ivFp: readFp(c.nonce as NativePointer, c.nonceLen as number) };
      const out = (c.outLen as NativePointer).isNull() ? 0 : (c.outLen as NativePointer).readU32();
      account(k, st, c.inl as number, out, name, dir === 'encrypt');
    });
  }
  return n;
}

// --- low-level AES_* and RC4 ---

interface LowKey { fp?: string; dir: 'encrypt' | 'decrypt' }
const lowKeys = new Map<string, LowKey>();

function rememberLow(k: NativePointer, v: LowKey): void {
  lowKeys.set(k.toString(), v);
  if (lowKeys.size > 1024) lowKeys.delete(lowKeys.keys().next().value as string);
}

/** Direction of an operation that has no flag (CTR, OFB, RC4): the entropy jump, else decrypt
 *  (reported, not scored: an undecided call must not look like exfiltration). */
function jumpDir(inp: NativePointer, out: NativePointer, len: number): 'encrypt' | 'decrypt' {
  return entropyJump(readSample(inp, len), readSample(out, len)) ?? 'decrypt';
}

function hookLowLevel(m: Module): number {
  let n = 0;
  // AES_set_{en,de}crypt_key(userKey, bits, AES_KEY *) -> 0 on success
  for (const [name, dir] of [['AES_set_encrypt_key', 'encrypt'], ['AES_set_decrypt_key', 'decrypt']] as const) {
    n += attach(m, name, (c, args) => {
      c.args = [args[0], args[1].toInt32(), args[2]];
    }, (c, ret) => {
      if (ret.toInt32() === 0) rememberLow(c.args[2], { fp: readFp(c.args[0], (c.args[1] as number) / 8), dir });
    });
  }
  const op = (keyPtr: NativePointer, mode: string, dir: 'encrypt' | 'decrypt' | undefined, len: number, api: string, alg = 'AES'): void => {
    const lk = lowKeys.get(keyPtr.toString());
    const d = dir ?? lk?.dir ?? 'encrypt';
    const k = `${keyPtr.toString()}:${mode}:${d}`;
    account(k, { alg, mode, dir: d, keyFp: lk?.fp, inBytes: 0, outBytes: 0, api }, len, len, api, false);
  };
  const dirOf = (enc: number): 'encrypt' | 'decrypt' => (enc === 0 ? 'decrypt' : 'encrypt');
  n += attach(m, 'AES_encrypt', (c, args) => { c.key = args[2]; }, (c) => op(c.key, 'ECB', 'encrypt', 16, 'AES_encrypt'));
  n += attach(m, 'AES_decrypt', (c, args) => { c.key = args[2]; }, (c) => op(c.key, 'ECB', 'decrypt', 16, 'AES_decrypt'));
  n += attach(m, 'AES_ecb_encrypt', (c, args) => { c.key = args[2]; c.enc = args[3].toInt32(); }, (c) => op(c.key, 'ECB', dirOf(c.enc), 16, 'AES_ecb_encrypt'));
  // (in, out, length, key, ivec, enc) / (in, out, length, key, ivec, num, enc)
  n += attach(m, 'AES_cbc_encrypt', (c, args) => { c.len = args[2].toInt32(); c.key = args[3]; c.enc = args[5].toInt32(); }, (c) => op(c.key, 'CBC', dirOf(c.enc), c.len, 'AES_cbc_encrypt'));
  n += attach(m, 'AES_cfb128_encrypt', (c, args) => { c.len = args[2].toInt32(); c.key = args[3]; c.enc = args[6].toInt32(); }, (c) => op(c.key, 'CFB', dirOf(c.enc), c.len, 'AES_cfb128_encrypt'));
  for (const [name, mode] of [['AES_ctr128_encrypt', 'CTR'], ['AES_ofb128_encrypt', 'OFB']] as const) {
    n += attach(m, name, (c, args) => { c.inp = args[0]; c.out = args[1]; c.len = args[2].toInt32(); c.key = args[3]; },
      (c) => op(c.key, mode, jumpDir(c.inp, c.out, c.len), c.len, name));
  }
  // RC4_set_key(RC4_KEY *, int len, const uint8_t *data); RC4(RC4_KEY *, size_t len, in, out)
  n += attach(m, 'RC4_set_key', (c, args) => { rememberLow(args[0], { fp: readFp(args[2], args[1].toInt32()), dir: 'encrypt' }); }, undefined);
  n += attach(m, 'RC4', (c, args) => { c.key = args[0]; c.len = args[1].toInt32(); c.inp = args[2]; c.out = args[3]; },
    (c) => op(c.key, 'stream', jumpDir(c.inp, c.out, c.len), c.len, 'RC4', 'RC4'));
  return n;
}

function hookModule(m: Module): void {
  if (!APP_LIB.test(m.path) || hookedModules.has(m.path)) return;
  hookedModules.add(m.path);
  const api: Api = {
    keyLength: intFn(m, ['EVP_CIPHER_key_length', 'EVP_CIPHER_get_key_length']),
    ivLength: intFn(m, ['EVP_CIPHER_iv_length', 'EVP_CIPHER_get_iv_length']),
    nid: intFn(m, ['EVP_CIPHER_nid', 'EVP_CIPHER_get_nid']),
    nid2sn: ((p) => (p === null ? undefined : new NativeFunction(p, 'pointer', ['int'])))(findExport(m, ['OBJ_nid2sn'])),
    ctxKeyLength: intFn(m, ['EVP_CIPHER_CTX_key_length', 'EVP_CIPHER_CTX_get_key_length']),
    ctxIvLength: intFn(m, ['EVP_CIPHER_CTX_iv_length', 'EVP_CIPHER_CTX_get_iv_length']),
    ctxCipher: ((p) => (p === null ? undefined : new NativeFunction(p, 'pointer', ['pointer'])))(findExport(m, ['EVP_CIPHER_CTX_cipher', 'EVP_CIPHER_CTX_get0_cipher'])),
    aeads: aeadNames(m),
  };
  const n = hookEvp(m, api) + hookAead(m, api) + hookLowLevel(m);
  if (n > 0) runtime.stats.hooks.push(`${m.path}!crypto×${n}`);
}

export function installNativeCryptoHooks(): void {
  safe('native crypto', () => {
    if (typeof Process.attachModuleObserver === 'function') {
      Process.attachModuleObserver({ onAdded: (m) => safe('module', () => hookModule(m)) });
    } else {
      const scan = (): void => {
        for (const m of Process.enumerateModules()) safe('module', () => hookModule(m));
      };
      scan();
      setInterval(scan, 10_000);
    }
  });
}

export function flushNativeCrypto(): void {
  pending.flushAll();
}
