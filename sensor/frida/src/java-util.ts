// Helpers over frida-java-bridge shared by the hooks. Frida side.
import Java from 'frida-java-bridge';
import { runtime } from './runtime.js';

type Wrapper = Java.Wrapper;
type Method = Java.Method;

/** Runs `fn`, reporting (never throwing) an error of the agent's own code: observing must not
 *  change what the app does. */
export function safe<T>(topic: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    runtime.warn(topic, e);
    return undefined;
  }
}

/** The implementation of one hooked overload: call `original()` exactly once and return its
 *  result (exceptions of the original propagate to the app unchanged). */
export type Around = (self: Wrapper, args: any[], original: () => any, overload: Method) => any;

/**
 * Hooks `method` of `className` (every overload, or those `select` keeps). Returns false when the
 * class or method does not exist in this process (recorded in the agent stats).
 */
export function hook(className: string, method: string, around: Around, select?: (argTypes: string[]) => boolean, loaded?: Wrapper): boolean {
  let cls: Wrapper;
  try {
    // `loaded`: the class as its own loader sees it (code from DexClassLoader & co.)
    cls = loaded ?? Java.use(className);
  } catch {
    runtime.stats.missing.push(`${className}.${method}`);
    return false;
  }
  const dispatcher = cls[method] as Java.MethodDispatcher | undefined;
  if (!dispatcher || !dispatcher.overloads) {
    runtime.stats.missing.push(`${className}.${method}`);
    return false;
  }
  let n = 0;
  for (const ov of dispatcher.overloads) {
    const types = ov.argumentTypes.map((t) => t.className ?? t.name);
    if (select && !select(types)) continue;
    // an inherited method would be replaced in its declaring class, for every subclass: never
    const holder = (ov.holder as Wrapper | undefined)?.$className;
    if (holder !== undefined && holder !== className) continue;
    ov.implementation = function (this: Wrapper, ...args: any[]) {
      return around(this, args, () => ov.apply(this, args), ov);
    };
    n++;
  }
  if (n > 0) runtime.stats.hooks.push(`${className}.${method}×${n}`);
  else runtime.stats.missing.push(`${className}.${method}`);
  return n > 0;
}

/** Like `hook`, retried later (3 s, 15 s, 60 s) when the class is not loaded yet (app libraries
 *  such as OkHttp on a secondary dex). */
export function hookLater(className: string, method: string, around: Around, select?: (argTypes: string[]) => boolean): void {
  const delays = [3000, 15000, 60000];
  const attempt = (i: number): void => {
    let ok = false;
    Java.perform(() => {
      ok = hook(className, method, around, select);
    });
    if (!ok && i < delays.length) setTimeout(() => attempt(i + 1), delays[i]);
  };
  attempt(0);
}

let System_: Wrapper | undefined;

/** `System.identityHashCode(obj)`: a stable key for a Java object (JS wrappers are not). */
export function identity(obj: Wrapper): number {
  System_ ??= Java.use('java.lang.System');
  return System_.identityHashCode(obj) as number;
}

interface JniEnv {
  getByteArrayRegion(array: NativePointer, start: number, length: number, buf: NativePointer): void;
  getArrayLength(array: NativePointer): number;
  exceptionOccurred(): NativePointer;
  exceptionClear(): void;
  deleteLocalRef(ref: NativePointer): void;
}

/**
 * Reads up to `max` bytes of a Java byte[] starting at `offset` with one JNI
 * GetByteArrayRegion (indexing the bridge's array proxy copies the whole array per element).
 * The region is clamped to the array; should the VM still raise (a bad offset from the app's
 * own arguments), the pending exception is cleared here: left pending, it would surface in the
 * app at its next JNI transition as if the app had thrown it.
 */
export function readJavaBytes(arr: any, offset: number, length: number, max: number): Uint8Array {
  let n = Math.max(0, Math.min(length, max));
  if (n === 0 || arr === null || arr === undefined || offset < 0) return new Uint8Array(0);
  const handle: NativePointer | undefined = arr.$h;
  if (handle === undefined) {
    // a plain JS array (our own values): copy directly
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = (arr[offset + i] as number) & 0xff;
    return out;
  }
  const env = Java.vm.getEnv() as JniEnv;
  n = Math.min(n, env.getArrayLength(handle) - offset);
  if (n <= 0) return new Uint8Array(0);
  const buf = Memory.alloc(n);
  env.getByteArrayRegion(handle, offset, n, buf);
  const thrown = env.exceptionOccurred();
  if (!thrown.isNull()) {
    env.exceptionClear();
    env.deleteLocalRef(thrown);
    runtime.warn('GetByteArrayRegion raised');
    return new Uint8Array(0);
  }
  const ab = buf.readByteArray(n);
  return ab === null ? new Uint8Array(0) : new Uint8Array(ab);
}

/** Length of a Java byte[] argument (0 for null). */
export function javaLength(arr: any): number {
  if (arr === null || arr === undefined) return 0;
  return arr.length as number;
}

let Log_: Wrapper | undefined;
let Exception_: Wrapper | undefined;

/** The current Java stack as "class.method(File:line)" frames, innermost first. */
export function javaStack(max = 40): string[] {
  Log_ ??= Java.use('android.util.Log');
  Exception_ ??= Java.use('java.lang.Exception');
  const text = String(Log_.getStackTraceString(Exception_.$new()));
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('at '))
    .map((l) => l.slice(3))
    .slice(0, max);
}

const depths = new Map<string, number>();

/** Per-thread nesting of a hooked call family (e.g. `cipher`, `http`): only the outermost call is
 *  observed, and lower layers can tell they run inside a higher one. */
export function enter(tag: string): boolean {
  const key = `${Process.getCurrentThreadId()}:${tag}`;
  const d = (depths.get(key) ?? 0) + 1;
  depths.set(key, d);
  return d === 1;
}

export function leave(tag: string): void {
  const key = `${Process.getCurrentThreadId()}:${tag}`;
  const d = (depths.get(key) ?? 1) - 1;
  if (d <= 0) depths.delete(key);
  else depths.set(key, d);
}

export function inside(tag: string): boolean {
  return (depths.get(`${Process.getCurrentThreadId()}:${tag}`) ?? 0) > 0;
}

/** Runs `original` as the `tag` family's call; `observe` runs only for the outermost one. */
export function outermost<T>(tag: string, original: () => T, observe: (result: T) => void): T {
  const outer = enter(tag);
  let result: T;
  try {
    result = original();
  } finally {
    leave(tag);
  }
  if (outer) safe(tag, () => observe(result));
  return result;
}

let ActivityThread_: Wrapper | undefined;

/** The application context, or null before the app is bound. */
export function appContext(): Wrapper | null {
  ActivityThread_ ??= Java.use('android.app.ActivityThread');
  return ActivityThread_.currentApplication() as Wrapper | null;
}

/** `obj.getClass().getName()` */
export function className(obj: Wrapper): string {
  return String(obj.getClass().getName());
}
