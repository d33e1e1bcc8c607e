// Native symmetric crypto in the app's own libraries: Interceptor on the exported OpenSSL /
// BoringSSL EVP API of modules loaded from the app's directories (/data/app, /data/data,
// /data/user). The system libcrypto is NOT hooked: Conscrypt's TLS would otherwise look like
// the app encrypting. Statically linked, stripped or hidden-visibility crypto is not seen.
// Frida side.
import { parseOpenSslCipherName } from '../cipher-names.js';
import { Coalescer } from '../coalescer.js';
import { buildCryptoOp } from '../events.js';
import { fridaScheduler, runtime } from '../runtime.js';
import { safe } from '../java-util.js';

const APP_LIB = /^\/data\/(app|data|user|user_de)\//;

interface CtxState {
  dir: 'encrypt' | 'decrypt';
  cipher: NativePointer;
  alg: string;
  mode?: string;
  keyFp?: string;
  ivFp?: string;
  inBytes: number;
  outBytes: number;
  api: string;
}

interface Api {
  keyLength?: NativeFunction<number, [NativePointer]>;
  ivLength?: NativeFunction<number, [NativePointer]>;
  nid?: NativeFunction<number, [NativePointer]>;
  nid2sn?: NativeFunction<NativePointer, [number]>;
}

const contexts = new Map<string, CtxState>();
const hookedModules = new Set<string>();

const pending = new Coalescer<string, CtxState>(fridaScheduler, { idleMs: 2000, maxMs: 10_000, maxEntries: 256 }, (_k, st) => {
  if (st.inBytes === 0 && st.outBytes === 0) return;
  runtime.emit(buildCryptoOp({
    alg: st.alg, dir: st.dir, key_fp: st.keyFp, mode: st.mode, in_bytes: st.inBytes, out_bytes: st.outBytes,
    iv_fp: st.ivFp, api: st.api,
  }));
  st.inBytes = 0;
  st.outBytes = 0;
});

function findExport(m: Module, names: string[]): NativePointer | null {
  for (const n of names) {
    const p = m.findExportByName(n);
    if (p !== null) return p;
  }
  return null;
}

/** int f(const EVP_CIPHER *) */
function cipherIntFn(m: Module, names: string[]): NativeFunction<number, [NativePointer]> | undefined {
  const p = findExport(m, names);
  return p === null ? undefined : new NativeFunction(p, 'int', ['pointer']);
}

function readFp(p: NativePointer, len: number): string | undefined {
  if (p.isNull() || len <= 0 || len > 512) return undefined;
  const ab = p.readByteArray(len);
  return ab === null ? undefined : runtime.fp.of(new Uint8Array(ab));
}

function onInit(api: Api, ctx: NativePointer, cipher: NativePointer, key: NativePointer, iv: NativePointer, enc: number, apiName: string): void {
  const k = ctx.toString();
  const prev = contexts.get(k);
  if (prev) pending.flush(k);
  const c = cipher.isNull() ? prev?.cipher ?? NULL : cipher;
  let alg = prev?.alg ?? 'unknown';
  let mode = prev?.mode;
  if (!c.isNull() && api.nid && api.nid2sn) {
    const sn = api.nid2sn(api.nid(c));
    if (!sn.isNull()) ({ alg, mode } = parseOpenSslCipherName(sn.readCString() ?? 'unknown'));
  }
  const dir = enc === -1 ? prev?.dir ?? 'encrypt' : enc === 1 ? 'encrypt' : 'decrypt';
  const keyLen = !c.isNull() && api.keyLength ? api.keyLength(c) : 0;
  const ivLen = !c.isNull() && api.ivLength ? api.ivLength(c) : 0;
  const st: CtxState = {
    dir, cipher: c, alg, mode, inBytes: 0, outBytes: 0, api: apiName,
    keyFp: readFp(key, keyLen) ?? prev?.keyFp, ivFp: readFp(iv, ivLen) ?? prev?.ivFp,
  };
  contexts.set(k, st);
  if (contexts.size > 4096) {
    const oldest = contexts.keys().next().value;
    if (oldest !== undefined) contexts.delete(oldest);
  }
}

function hookModule(m: Module): void {
  if (!APP_LIB.test(m.path) || hookedModules.has(m.path)) return;
  hookedModules.add(m.path);
  const api: Api = {
    keyLength: cipherIntFn(m, ['EVP_CIPHER_key_length', 'EVP_CIPHER_get_key_length']),
    ivLength: cipherIntFn(m, ['EVP_CIPHER_iv_length', 'EVP_CIPHER_get_iv_length']),
    nid: cipherIntFn(m, ['EVP_CIPHER_nid', 'EVP_CIPHER_get_nid']),
    nid2sn: ((p) => (p === null ? undefined : new NativeFunction(p, 'pointer', ['int'])))(findExport(m, ['OBJ_nid2sn'])),
  };
  let n = 0;
  const attachInit = (name: string, enc: number | 'arg'): void => {
    const p = m.findExportByName(name);
    if (p === null) return;
    Interceptor.attach(p, {
      onEnter(args) {
        safe(name, () => onInit(api, args[0], args[1], args[3], args[4], enc === 'arg' ? args[5].toInt32() : enc, name));
      },
    });
    n++;
  };
  attachInit('EVP_EncryptInit_ex', 1);
  attachInit('EVP_DecryptInit_ex', 0);
  attachInit('EVP_CipherInit_ex', 'arg');
  // Update(ctx, out, int *outl, in, inl)
  for (const name of ['EVP_EncryptUpdate', 'EVP_DecryptUpdate', 'EVP_CipherUpdate']) {
    const p = m.findExportByName(name);
    if (p === null) continue;
    Interceptor.attach(p, {
      onEnter(args) {
        this.ctx = args[0];
        this.outl = args[2];
        this.inl = args[4].toInt32();
      },
      onLeave(ret) {
        safe(name, () => {
          if (ret.toInt32() !== 1) return;
          const k = (this.ctx as NativePointer).toString();
          const st = contexts.get(k);
          if (!st) return;
          const outl = (this.outl as NativePointer).isNull() ? 0 : (this.outl as NativePointer).readS32();
          pending.add(k, () => st, (acc) => {
            acc.inBytes += Math.max(0, this.inl as number);
            acc.outBytes += Math.max(0, outl);
          });
        });
      },
    });
    n++;
  }
  // Final_ex(ctx, out, int *outl): one crypto.op per message
  for (const name of ['EVP_EncryptFinal_ex', 'EVP_DecryptFinal_ex', 'EVP_CipherFinal_ex']) {
    const p = m.findExportByName(name);
    if (p === null) continue;
    Interceptor.attach(p, {
      onEnter(args) {
        this.ctx = args[0];
        this.outl = args[2];
      },
      onLeave(ret) {
        safe(name, () => {
          if (ret.toInt32() !== 1) return;
          const k = (this.ctx as NativePointer).toString();
          const st = contexts.get(k);
          if (!st) return;
          const outl = (this.outl as NativePointer).isNull() ? 0 : (this.outl as NativePointer).readS32();
          pending.add(k, () => st, (acc) => {
            acc.outBytes += Math.max(0, outl);
            acc.api = name.replace('Final_ex', 'Update');
          });
          pending.flush(k);
        });
      },
    });
    n++;
  }
  if (n > 0) runtime.stats.hooks.push(`${m.path}!EVP×${n}`);
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
