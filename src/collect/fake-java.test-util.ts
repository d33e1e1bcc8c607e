// A stand-in for frida-java-bridge and the Frida globals, just enough of them for the agent's
// hooks to run under Node: Java classes are JS objects, byte[] are JS arrays of signed bytes,
// `send()` collects messages. It checks the agent's glue (overload selection, argument handling,
// coalescing, emitted events), not Android itself: that needs a device.
import { createHash } from 'node:crypto';

export interface FakeOverload {
  argumentTypes: Array<{ className?: string; name: string }>;
  holder: { $className: string };
  implementation: ((...args: any[]) => any) | null;
  original: (...args: any[]) => any;
  apply(self: unknown, args: any[]): any;
}

interface FakeClass {
  $className: string;
  class: { isInstance(o: any): boolean };
  [member: string]: any;
}

type Impl = (this: any, ...args: any[]) => any;

export function makeFakeJava() {
  const classes = new Map<string, FakeClass>();
  const ids = new WeakMap<object, number>();
  let nextId = 1;

  function defineClass(name: string, methods: Record<string, Array<[string[], Impl]>>, statics: Record<string, unknown> = {}, isInstance: (o: any) => boolean = () => false, register = true): FakeClass {
    const cls: FakeClass = { $className: name, class: { isInstance }, ...statics };
    for (const [m, overloads] of Object.entries(methods)) {
      cls[m] = {
        overloads: overloads.map(([types, impl]) => {
          const ov: FakeOverload = {
            argumentTypes: types.map((t) => ({ className: t, name: t })),
            holder: { $className: name },
            implementation: null,
            original: impl,
            apply(self, args) {
              return impl.apply(self, args);
            },
          };
          return ov;
        }),
      };
    }
    if (register) classes.set(name, cls);
    return cls;
  }

  /** A class only its own loader knows (DexClassLoader / InMemoryDexClassLoader code):
   *  `Java.use` does not find it, `Java.ClassFactory.get(loader).use` does. */
  function defineInLoader(loader: { classes: Map<string, FakeClass> }, name: string, methods: Record<string, Array<[string[], Impl]>>): FakeClass {
    const cls = defineClass(name, methods, {}, () => false, false);
    loader.classes.set(name, cls);
    return cls;
  }

  /** Calls a method of a class object directly (through its hook if any). */
  function invoke(cls: FakeClass, method: string, types: string[], self: unknown, ...args: any[]): any {
    const ov: FakeOverload | undefined = cls[method]?.overloads.find((o: FakeOverload) => o.argumentTypes.map((t) => t.name).join(',') === types.join(','));
    if (!ov) throw new Error(`no ${cls.$className}.${method}(${types.join(',')})`);
    return (ov.implementation ?? ov.original).apply(self, args);
  }

  let loaded: string[] = [];

  /** Calls `method` of `className` with the overload of `types`, through its hook if any. */
  function call(self: unknown, className: string, method: string, types: string[], ...args: any[]): any {
    const cls = classes.get(className);
    const ov: FakeOverload | undefined = cls?.[method]?.overloads.find((o: FakeOverload) => o.argumentTypes.map((t) => t.name).join(',') === types.join(','));
    if (!ov) throw new Error(`no ${className}.${method}(${types.join(',')})`);
    return (ov.implementation ?? ov.original).apply(self, args);
  }

  const Java = {
    available: true,
    androidVersion: '14',
    use(name: string): FakeClass {
      const c = classes.get(name);
      if (!c) throw new Error(`java.lang.ClassNotFoundException: ${name}`);
      return c;
    },
    cast: (obj: unknown) => obj,
    perform: (fn: () => void) => fn(),
    performNow: (fn: () => void) => fn(),
    vm: { getEnv: () => ({}) as any },
    ClassFactory: { get: (loader: any) => ({ use: (n: string) => loader?.classes?.get(n) ?? Java.use(n) }) },
    enumerateLoadedClassesSync: () => loaded,
  };

  // framework classes the helpers use
  defineClass('java.lang.System', {}, { identityHashCode: (o: object) => {
    if (!ids.has(o)) ids.set(o, nextId++);
    return ids.get(o)!;
  } });
  let stack = ['com.example.App.onCreate(App.java:10)'];
  defineClass('android.util.Log', {}, { getStackTraceString: () => `java.lang.Exception\n${stack.map((f) => `\tat ${f}`).join('\n')}` });
  defineClass('java.lang.Exception', {}, { $new: () => ({}) });
  defineClass('android.app.ActivityThread', {
    handleReceiver: [[['android.app.ActivityThread$ReceiverData'], () => undefined]],
    handleServiceArgs: [[['android.app.ActivityThread$ServiceArgsData'], () => undefined]],
  }, { currentApplication: () => null, currentPackageName: () => null });

  return { Java, defineClass, defineInLoader, invoke, call, classes, setStack: (s: string[]) => (stack = s), setLoaded: (names: string[]) => (loaded = names) };
}

export type FakeJava = ReturnType<typeof makeFakeJava>;

/** Frida's globals, with `send` collecting messages. */
export function installFridaGlobals(sent: unknown[]): void {
  const g = globalThis as Record<string, unknown>;
  g.send = (m: unknown) => sent.push(m);
  g.rpc = { exports: {} };
  g.Process = {
    id: 4242, platform: 'linux', arch: 'arm64', pointerSize: 8,
    getCurrentThreadId: () => 1,
    attachModuleObserver: () => ({}),
    enumerateModules: () => [],
  };
  g.File = { readAllText: () => 'com.example.notes\u0000' };
  g.Checksum = {
    compute: (_t: string, d: ArrayBuffer | number[]) => createHash('sha256').update(Buffer.from(Array.isArray(d) ? d : new Uint8Array(d))).digest('hex'),
  };
  g.Memory = { alloc: () => { throw new Error('Memory.alloc: fake byte[] are JS arrays'); } };
  g.Interceptor = { attach: () => ({}) };
}

/** String -> Java-style signed byte[] */
export function jbytes(s: string | Uint8Array): number[] {
  const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
  return Array.from(b, (x) => (x > 127 ? x - 256 : x));
}

type Sig = { name: string; params: string[]; ret: string; isStatic?: boolean };

/** A java.lang.Class as reflection shows it (constructors, fields, methods), for the
 *  hand-written-cipher discovery. */
export function reflectClass(name: string, shape: { ctors: string[][]; fields: Array<[string, boolean?]>; methods: Sig[] }) {
  const klass = (n: string) => ({ getName: () => n });
  const list = <T>(xs: T[]) => Object.assign([...xs], { length: xs.length });
  return {
    getName: () => name,
    getDeclaredConstructors: () => list(shape.ctors.map((p) => ({ getParameterTypes: () => list(p.map(klass)) }))),
    getDeclaredFields: () => list(shape.fields.map(([t, isStatic]) => ({ getType: () => klass(t), getModifiers: () => (isStatic ? 8 : 2) }))),
    getDeclaredMethods: () => list(shape.methods.map((m) => ({
      getName: () => m.name, getParameterTypes: () => list(m.params.map(klass)), getReturnType: () => klass(m.ret), getModifiers: () => (m.isStatic ? 9 : 1),
    }))),
  };
}
