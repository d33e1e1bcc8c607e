// A stand-in for Frida's native API (NativePointer, Memory, Interceptor, NativeFunction, Module,
// Process.attachModuleObserver), just enough for the native-crypto hooks to run under Node against
// a library written in JS: exported functions are JS functions; calling one through `call`
// runs the attached listeners around it, and functions that call other exports go through `call`
// too, so nested chains (EVP_CipherUpdate -> EVP_EncryptUpdate) behave as in a real libcrypto.

type Impl = (...args: FakePtr[]) => number | FakePtr | void;

export class FakePtr {
  constructor(readonly a: number, private readonly mem?: FakeMemory) {}
  isNull(): boolean { return this.a === 0; }
  toString(): string { return `0x${this.a.toString(16)}`; }
  toInt32(): number { return this.a | 0; }
  toUInt32(): number { return this.a >>> 0; }
  private view(n: number): { buf: Uint8Array; at: number } {
    const r = this.mem?.region(this.a);
    if (!r || r.at + n > r.buf.length) throw new Error(`fake memory: bad read of ${n} bytes at ${this}`);
    return r;
  }
  readByteArray(n: number): ArrayBuffer {
    const { buf, at } = this.view(n);
    return buf.slice(at, at + n).buffer;
  }
  readS32(): number { const { buf, at } = this.view(4); return new DataView(buf.buffer, buf.byteOffset).getInt32(at, true); }
  readU32(): number { const { buf, at } = this.view(4); return new DataView(buf.buffer, buf.byteOffset).getUint32(at, true); }
  writeS32(v: number): void { const { buf, at } = this.view(4); new DataView(buf.buffer, buf.byteOffset).setInt32(at, v, true); }
  writeBytes(b: Uint8Array): void { const { buf, at } = this.view(b.length); buf.set(b, at); }
  readCString(): string {
    const { buf, at } = this.view(0);
    let end = at;
    while (end < buf.length && buf[end] !== 0) end++;
    return Buffer.from(buf.subarray(at, end)).toString('latin1');
  }
}

export class FakeMemory {
  private next = 0x10000;
  private readonly regions: Array<{ base: number; buf: Uint8Array }> = [];
  alloc(bytes: number | Uint8Array | string): FakePtr {
    const buf = typeof bytes === 'number' ? new Uint8Array(bytes) : typeof bytes === 'string' ? Uint8Array.from(Buffer.from(`${bytes}\0`, 'latin1')) : Uint8Array.from(bytes);
    const base = this.next;
    this.next += Math.max(16, buf.length + 16);
    this.regions.push({ base, buf });
    return new FakePtr(base, this);
  }
  region(a: number): { buf: Uint8Array; at: number } | undefined {
    const r = this.regions.find((x) => a >= x.base && a < x.base + Math.max(1, x.buf.length));
    return r ? { buf: r.buf, at: a - r.base } : undefined;
  }
  /** an integer argument (Frida passes every argument as a NativePointer) */
  int(n: number): FakePtr { return new FakePtr(n, this); }
}

export function makeFakeNative(path = '/data/app/~~q1/com.evil.app-1/lib/arm64/libcore.so') {
  const mem = new FakeMemory();
  const exports = new Map<string, { ptr: FakePtr; impl: Impl }>();
  const byAddr = new Map<number, Impl>();
  const listeners = new Map<number, Array<{ onEnter?: (this: any, args: FakePtr[]) => void; onLeave?: (this: any, ret: FakePtr) => void }>>();
  let nextFn = 0x7000_0000;
  let observer: { onAdded(m: unknown): void } | undefined;

  const wrap = (r: number | FakePtr | void): FakePtr => (r instanceof FakePtr ? r : new FakePtr(typeof r === 'number' ? r : 0, mem));

  function define(name: string, impl: Impl): void {
    const ptr = new FakePtr(nextFn, mem);
    nextFn += 16;
    exports.set(name, { ptr, impl });
    byAddr.set(ptr.a, impl);
  }

  /** Calls an export as the app would: through the attached listeners. */
  function call(name: string, ...args: Array<FakePtr | number>): FakePtr {
    const e = exports.get(name);
    if (!e) throw new Error(`no export ${name}`);
    const argv = args.map((a) => (a instanceof FakePtr ? a : mem.int(a)));
    const ls = listeners.get(e.ptr.a) ?? [];
    const ctxs = ls.map(() => ({ threadId: 1 }) as Record<string, unknown>);
    ls.forEach((l, i) => l.onEnter?.call(ctxs[i], argv));
    const ret = wrap(e.impl(...argv));
    ls.forEach((l, i) => l.onLeave?.call(ctxs[i], ret));
    return ret;
  }

  const module = {
    name: path.split('/').pop(), path,
    findExportByName: (n: string) => exports.get(n)?.ptr ?? null,
  };

  /** Frida globals over this library (call after installFridaGlobals). */
  function install(): void {
    const g = globalThis as Record<string, any>;
    g.NULL = new FakePtr(0, mem);
    g.Interceptor = {
      attach(p: FakePtr, cb: { onEnter?: () => void; onLeave?: () => void }) {
        const list = listeners.get(p.a) ?? [];
        list.push(cb as any);
        listeners.set(p.a, list);
        return {};
      },
    };
    g.NativeFunction = function NativeFunction(p: FakePtr) {
      const impl = byAddr.get(p.a);
      if (!impl) throw new Error(`NativeFunction: nothing at ${p}`);
      return (...args: Array<FakePtr | number>) => {
        const r = impl(...args.map((a) => (a instanceof FakePtr ? a : mem.int(a))));
        return r instanceof FakePtr ? r : typeof r === 'number' ? r : 0;
      };
    };
    g.Process.attachModuleObserver = (o: { onAdded(m: unknown): void }) => { observer = o; return {}; };
  }

  /** The dynamic linker loads the library: the agent's module observer sees it. */
  function load(): void {
    observer?.onAdded(module);
  }

  return { mem, define, call, install, load, exports, listenerCount: () => [...listeners.values()].reduce((n, l) => n + l.length, 0) };
}

export type FakeNative = ReturnType<typeof makeFakeNative>;
