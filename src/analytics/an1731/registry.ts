// The facets of AN1731, in the order alerts list them and scores sum them. The window dispatches
// each record kind to the facets that take it; the evaluation reads their strengths and flags;
// alerts are written from the figures they keep. Facets never import one another: they meet here.
import type { FacetName } from '../../model/index.js';
import type { Facet } from './facet.js';
import { cryptoFacet } from './facets/crypto.js';
import { keyReuseFacet } from './facets/key-reuse.js';
import { stagingFacet } from './facets/staging.js';
import { backgroundFacet } from './facets/background.js';
import { networkFacet } from './facets/network.js';
import { inconsistencyFacet } from './facets/inconsistency.js';

// (each facet's state type is its own: the registry holds them as unknown)
type AnyFacet = Facet<unknown, object>;

export const FACETS: readonly AnyFacet[] = [cryptoFacet, keyReuseFacet, stagingFacet, backgroundFacet, networkFacet, inconsistencyFacet] as unknown as AnyFacet[];

export const FACET_INDEX: Readonly<Record<FacetName, number>> = Object.fromEntries(FACETS.map((f, i) => [f.name, i])) as Record<FacetName, number>;

type Hook = 'op' | 'read' | 'file' | 'send' | 'counted' | 'recalled' | 'key';
const taking = (hook: Hook): [number, AnyFacet][] => FACETS.flatMap((f, i) => (f[hook] ? [[i, f] as [number, AnyFacet]] : []));

export const ON_OP = taking('op'), ON_READ = taking('read'), ON_FILE = taking('file'), ON_SEND = taking('send'),
  ON_COUNTED = taking('counted'), ON_RECALLED = taking('recalled'), ON_KEY = taking('key');

// The hooks as one function per record kind, each facet called at its own call site (a loop over
// the facets would make every call site see six functions, and V8 would inline none of them).
import type { EncryptRows } from './encrypt-rows.js';
import type { SendRows } from './send-rows.js';
import type { DataRead, StagedFile } from './types.js';
import type { Recalled } from './staged-store.js';
import type { Sign, UpdateEnv } from './facet.js';
type St = unknown[];
/* eslint-disable @typescript-eslint/no-explicit-any */
const C = cryptoFacet as Facet<any, any>, K = keyReuseFacet as Facet<any, any>, S = stagingFacet as Facet<any, any>,
  B = backgroundFacet as Facet<any, any>, N = networkFacet as Facet<any, any>, I = inconsistencyFacet as Facet<any, any>;
export function opHooks(st: St, rows: EncryptRows, i: number, sign: Sign, x: UpdateEnv): void {
  C.op!(st[0], rows, i, sign, x); K.op!(st[1], rows, i, sign, x); S.op!(st[2], rows, i, sign, x); B.op!(st[3], rows, i, sign, x); I.op!(st[5], rows, i, sign, x);
}
export function readHooks(st: St, r: DataRead, sign: Sign, x: UpdateEnv): void { C.read!(st[0], r, sign, x); S.read!(st[2], r, sign, x); I.read!(st[5], r, sign, x); }
export function fileHooks(st: St, f: StagedFile, sign: Sign, x: UpdateEnv): void { C.file!(st[0], f, sign, x); S.file!(st[2], f, sign, x); }
export function sendHooks(st: St, rows: SendRows, i: number, sign: Sign, x: UpdateEnv): void { N.send!(st[4], rows, i, sign, x); }
export function countedHooks(st: St, rows: SendRows, i: number, sign: Sign, x: UpdateEnv): void {
  C.counted!(st[0], rows, i, sign, x); S.counted!(st[2], rows, i, sign, x); B.counted!(st[3], rows, i, sign, x); N.counted!(st[4], rows, i, sign, x); I.counted!(st[5], rows, i, sign, x);
}
export function recalledHooks(st: St, r: Recalled, sign: Sign, x: UpdateEnv): void {
  C.recalled!(st[0], r, sign, x); K.recalled!(st[1], r, sign, x); S.recalled!(st[2], r, sign, x); I.recalled!(st[5], r, sign, x);
}
export function keyHooks(st: St, fp: string, t: number, x: UpdateEnv): void { K.key!(st[1], fp, t, x); }

/** the hook functions above call exactly the facets that declare each hook, in registry order */
export function hooksMatchRegistry(): boolean {
  const want: Record<string, string[]> = {
    op: ['crypto', 'key_reuse', 'staging', 'background', 'inconsistency'], read: ['crypto', 'staging', 'inconsistency'], file: ['crypto', 'staging'], send: ['network'],
    counted: ['crypto', 'staging', 'background', 'network', 'inconsistency'], recalled: ['crypto', 'key_reuse', 'staging', 'inconsistency'], key: ['key_reuse'],
  };
  const got: Record<string, [number, AnyFacet][]> = { op: ON_OP, read: ON_READ, file: ON_FILE, send: ON_SEND, counted: ON_COUNTED, recalled: ON_RECALLED, key: ON_KEY };
  return Object.keys(want).every((h) => JSON.stringify(got[h].map(([, f]) => f.name)) === JSON.stringify(want[h])) && FACETS.every((f, i) => FACETS.indexOf(f) === i);
}
