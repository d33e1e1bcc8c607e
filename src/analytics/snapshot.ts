// Engine state checkpoint: the engine's whole event-time state (reorder buffer, device and app
// contexts, open and held chains, fleet keys, counters) as bytes, and back into a fresh Engine
// built with the same options. A restored engine fed the rest of the input emits exactly what the
// uninterrupted one would have: that is what lets a replacement worker resume a partition.
//
// Structured clone (node:v8) keeps Maps, Sets, typed arrays, ±Infinity and shared references (a
// DeviceContext's `lastApp` is one of its `apps`); it drops class prototypes, so the walk below
// records which object was an instance of which engine class and the restore re-attaches it.
// Walking the engine's own fields (not a hand-kept list) keeps this file valid when engine
// internals change; an object of a class not listed here fails loudly instead of restoring wrong.
import { serialize, deserialize } from 'node:v8';
import { Engine, type EngineOptions } from './engine.js';
import { ReorderBuffer } from './reorder-buffer.js';
import { EngineStats } from './engine-stats.js';
import { DeviceContext } from './device-context.js';
import { AppContext } from './an1731/app-context.js';
import { Recent } from './an1731/recent.js';
import { Window } from './an1731/window.js';
import { StagedStore } from './an1731/staged-store.js';
import { ContextTable } from './context-table.js';
import { Chains } from './chain-lifecycle.js';
import { SendRows } from './an1731/send-rows.js';
import { EncryptRows } from './an1731/encrypt-rows.js';
import { TimeRows } from './an1731/rows.js';
import { Chain } from './an1731/chain.js';
import { FleetKeys } from './an1731/fleet-keys.js';

// 3: incremental facets (an app context's Window holds the facets' running state), staged artifacts
const FORMAT = 3;
/** engine fields rebuilt from the options, never saved */
const REBUILT = new Set(['opts', 'a', 'release', 'env', 'scratch']);

/** classes whose instances may sit in engine state; extend with `registerSnapshotClass` */
const CLASSES: (abstract new (...args: never[]) => unknown)[] = [ReorderBuffer, EngineStats, DeviceContext, AppContext, Recent, Chain, FleetKeys, SendRows, TimeRows, EncryptRows,
  Window, StagedStore, ContextTable, Chains];

export function registerSnapshotClass(c: abstract new (...args: never[]) => unknown): void {
  if (!CLASSES.includes(c)) CLASSES.push(c);
}

interface Saved {
  format: number;
  fields: Record<string, unknown>;
  fleetKeys: Record<string, unknown>;
  /** objects whose prototype must be re-attached, and the index of their class in CLASSES */
  objects: object[];
  classes: number[];
}

const PLAIN = new Set<unknown>([Object.prototype, Array.prototype, Map.prototype, Set.prototype, null]);

/** every reachable class instance, with its class index; throws on functions and unknown classes.
 *  On the checkpoint path (MBs of state, on the worker's message thread): no path strings and no
 *  primitives on the stack; only when it fails is the state walked again to name where. */
function tagClasses(roots: unknown[]): { objects: object[]; classes: number[] } {
  const protos = new Map<object, number>();
  CLASSES.forEach((c, i) => protos.set(c.prototype as object, i));
  const seen = new Set<object>();
  const objects: object[] = [], classes: number[] = [];
  const stack: unknown[] = [...roots];
  const push = (x: unknown) => { if (typeof x === 'object' ? x !== null : typeof x === 'function') stack.push(x); };
  while (stack.length) {
    const v = stack.pop() as object;
    if (typeof v === 'function') return failAt(roots);
    if (seen.has(v)) continue;
    seen.add(v);
    if (ArrayBuffer.isView(v)) continue;
    const proto = Object.getPrototypeOf(v) as object | null;
    if (proto === Array.prototype) { for (const x of v as unknown[]) push(x); continue; }
    if (!PLAIN.has(proto)) {
      const idx = protos.get(proto!);
      if (idx === undefined) return failAt(roots);
      objects.push(v);
      classes.push(idx);
    }
    if (v instanceof Map) for (const [k, x] of v) { push(k); push(x); }
    else if (v instanceof Set) for (const x of v) push(x);
    else for (const k in v) push((v as Record<string, unknown>)[k]);
  }
  return { objects, classes };
}

/** the slow walk, with the path of every value: throws naming the first value that cannot be saved */
function failAt(roots: unknown[]): never {
  const protos = new Set<unknown>(CLASSES.map((c) => c.prototype));
  const seen = new Set<object>();
  const stack: { v: unknown; path: string }[] = roots.map((v, i) => ({ v, path: `root${i}` }));
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'function') throw new Error(`snapshot: a function at ${path} cannot be saved`);
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (ArrayBuffer.isView(v)) continue;
    const proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
    if (!PLAIN.has(proto) && !protos.has(proto)) throw new Error(`snapshot: ${path} is a ${proto?.constructor?.name ?? '?'}, not a registered engine class`);
    if (v instanceof Map) { let i = 0; for (const [k, x] of v) { stack.push({ v: k, path: `${path}.key${i}` }, { v: x, path: `${path}[${i}]` }); i++; } }
    else if (v instanceof Set) { let i = 0; for (const x of v) stack.push({ v: x, path: `${path}{${i++}}` }); }
    else if (Array.isArray(v)) { for (let i = 0; i < v.length; i++) stack.push({ v: v[i], path: `${path}[${i}]` }); }
    else for (const k of Object.keys(v)) stack.push({ v: (v as Record<string, unknown>)[k], path: `${path}.${k}` });
  }
  throw new Error('snapshot: the state holds a value that cannot be saved');
}

/** the data fields of a FleetKeys (an injected subclass may add callbacks: those are not state) */
function fleetData(fk: FleetKeys): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fk)) if (typeof v !== 'function' && k !== 'horizon') out[k] = v;
  return out;
}

function fieldsOf(engine: Engine): { fields: Record<string, unknown>; fleetKeys: Record<string, unknown> } {
  const all = engine as unknown as Record<string, unknown> & { a: { fleetKeys: FleetKeys } };
  const fields: Record<string, unknown> = {};
  for (const k of Object.keys(all)) if (!REBUILT.has(k)) fields[k] = all[k];
  return { fields, fleetKeys: fleetData(all.a.fleetKeys) };
}

/** the engine's state as bytes (the engine is not changed) */
export function snapshotEngine(engine: Engine): Buffer {
  const { fields, fleetKeys } = fieldsOf(engine);
  const tags = tagClasses([fields, fleetKeys]);
  const saved: Saved = { format: FORMAT, fields, fleetKeys, ...tags };
  return serialize(saved);
}

/** a new Engine with `opts` (same policy and lateness as the saved one) in the saved state */
export function restoreEngine(bytes: Uint8Array, opts: EngineOptions): Engine {
  const saved = deserialize(bytes) as Saved;
  if (saved?.format !== FORMAT) throw new Error(`snapshot: format ${String(saved?.format)} is not ${FORMAT}`);
  saved.objects.forEach((o, i) => Object.setPrototypeOf(o, CLASSES[saved.classes[i]].prototype as object));
  const engine = new Engine(opts);
  const target = engine as unknown as Record<string, unknown> & { a: { fleetKeys: FleetKeys } };
  for (const [k, v] of Object.entries(saved.fields)) target[k] = v;
  // an injected FleetKeys (a subclass that also reports notes) keeps its identity; only its data is restored
  Object.assign(target.a.fleetKeys, saved.fleetKeys);
  return engine;
}

/** any value made of plain data and engine class instances (a held Chain, a stage's state) as bytes */
export function packObject(value: unknown): Buffer {
  return serialize({ format: FORMAT, value, ...tagClasses([value]) });
}

export function unpackObject<T>(bytes: Uint8Array): T {
  const saved = deserialize(bytes) as { format: number; value: T; objects: object[]; classes: number[] };
  if (saved?.format !== FORMAT) throw new Error(`snapshot: format ${String(saved?.format)} is not ${FORMAT}`);
  saved.objects.forEach((o, i) => Object.setPrototypeOf(o, CLASSES[saved.classes[i]].prototype as object));
  return saved.value;
}
