// The question normalizeEvent asks of nearly every line — is this event valid? — answered with one
// function per event type. Each reads the fields itself, so its property loads see only that
// type's object shapes and stay fast (one shared checker sees all of them and slows down ~10×
// per load). It only ever says "valid" for an event the full checks accept; anything else
// (including RFC 3339 timestamps and permission lists) goes to the full checks, which find the
// problem and word it (normalize-event.ts). valid-fast.test.ts compares the two.
import {
  APP_STATES, DATA_CATEGORIES, KEY_ORIGINS, NET_PROTOS, PAYLOAD_FORMATS,
} from '../model/event.js';
import { MAX_TS } from './input-limits.js';

type Rec = Record<string, unknown>;

const ORIGINS: ReadonlySet<unknown> = new Set(KEY_ORIGINS);
const CATEGORIES: ReadonlySet<unknown> = new Set(DATA_CATEGORIES);
const STATES: ReadonlySet<unknown> = new Set(APP_STATES);
const PROTOS: ReadonlySet<unknown> = new Set(NET_PROTOS);
const FORMATS: ReadonlySet<unknown> = new Set(PAYLOAD_FORMATS);

const optStr = (v: unknown) => v === undefined || typeof v === 'string';
const optBool = (v: unknown) => v === undefined || typeof v === 'boolean';
const optInt = (v: unknown) => v === undefined || Number.isInteger(v);
const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const optCount = (v: unknown) => v === undefined || isCount(v);
const optEntropy = (v: unknown) => v === undefined || (typeof v === 'number' && v >= 0 && v <= 8);
const optIn = (v: unknown, set: ReadonlySet<unknown>) => v === undefined || (typeof v === 'string' && set.has(v));
const nonEmpty = (v: unknown) => typeof v === 'string' && v.length > 0;

/** The envelope values of the last event validFast accepted, loaded by its per-type function
 *  (one-shape loads): the caller takes them from here instead of loading them again from the
 *  event, where each would be a megamorphic lookup (~3 per event). Valid only right after
 *  validFast returned true. */
export const lastValid: { ts: number; device: string; app: string | undefined } = { ts: 0, device: '', app: undefined };

/** the envelope minus type and id (asked by the caller): version 1, epoch-ms ts, a device, an app
 *  (required unless `appOptional`); on success the values are kept in `lastValid` */
function envelope(
  v: unknown, ts: unknown, device: unknown, app: unknown, appOptional: boolean,
  uid: unknown, pid: unknown, proc: unknown, src: unknown,
): boolean {
  if (!((v === undefined || v === 1) && typeof ts === 'number' && ts >= -MAX_TS && ts <= MAX_TS && nonEmpty(device) &&
    (nonEmpty(app) || (appOptional && app === undefined)) &&
    optInt(uid) && optInt(pid) && optStr(proc) && optStr(src))) return false;
  lastValid.ts = ts as number;
  lastValid.device = device as string;
  lastValid.app = app as string | undefined;
  return true;
}

/** true only when the full checks accept `o` (of type code `kind`, with id `id`) */
export function validFast(o: Rec, kind: number, id: unknown): boolean {
  if (!optStr(id)) return false;
  switch (kind) {
    case 0: return cryptoKey(o);
    case 1: return cryptoOp(o);
    case 2: return dataAccess(o);
    case 3: return fileWrite(o);
    case 4: return fileDelete(o);
    case 5: return appState(o);
    case 6: return deviceState(o);
    case 7: return userInteraction(o);
    case 8: return netSend(o);
    case 9: return appInfo(o);
    default: return false;
  }
}

function cryptoKey(o: Rec): boolean {
  return envelope(o.v, o.ts, o.device, o.app, false, o.uid, o.pid, o.proc, o.src) &&
    typeof o.key_fp === 'string' && typeof o.alg === 'string' && optInt(o.bits) && optIn(o.origin, ORIGINS) &&
    optBool(o.hw_backed) && optStr(o.kdf);
}

function cryptoOp(o: Rec): boolean {
  const dir = o.dir;
  return envelope(o.v, o.ts, o.device, o.app, false, o.uid, o.pid, o.proc, o.src) &&
    typeof o.alg === 'string' && (dir === 'encrypt' || dir === 'decrypt') && optStr(o.key_fp) && optStr(o.mode) &&
    optCount(o.in_bytes) && optCount(o.out_bytes) && optStr(o.iv_fp) && optStr(o.api);
}

function dataAccess(o: Rec): boolean {
  const c = o.category;
  return envelope(o.v, o.ts, o.device, o.app, false, o.uid, o.pid, o.proc, o.src) &&
    c !== undefined && optIn(c, CATEGORIES) && optCount(o.items) && optCount(o.bytes);
}

function fileWrite(o: Rec): boolean {
  const op = o.op;
  return envelope(o.v, o.ts, o.device, o.app, false, o.uid, o.pid, o.proc, o.src) &&
    typeof o.path === 'string' && isCount(o.bytes) && optEntropy(o.entropy) &&
    (op === undefined || op === 'create' || op === 'append' || op === 'overwrite');
}

function fileDelete(o: Rec): boolean {
  return envelope(o.v, o.ts, o.device, o.app, false, o.uid, o.pid, o.proc, o.src) && typeof o.path === 'string';
}

function appState(o: Rec): boolean {
  const s = o.state;
  return envelope(o.v, o.ts, o.device, o.app, false, o.uid, o.pid, o.proc, o.src) && s !== undefined && optIn(s, STATES);
}

function deviceState(o: Rec): boolean {
  const app = o.app, screen = o.screen;
  return envelope(o.v, o.ts, o.device, app, true, o.uid, o.pid, o.proc, o.src) &&
    (screen === undefined || screen === 'on' || screen === 'off') && optBool(o.locked);
}

function userInteraction(o: Rec): boolean {
  const app = o.app;
  return envelope(o.v, o.ts, o.device, app, true, o.uid, o.pid, o.proc, o.src);
}

function netSend(o: Rec): boolean {
  const host = o.dst_host, ip = o.dst_ip, port = o.dst_port;
  if (!(envelope(o.v, o.ts, o.device, o.app, false, o.uid, o.pid, o.proc, o.src) &&
    optCount(o.bytes_out) && optStr(host) && optStr(ip) && (host !== undefined || ip !== undefined) &&
    (port === undefined || (Number.isInteger(port) && (port as number) >= 0 && (port as number) <= 65535)) &&
    optIn(o.proto, PROTOS) && optCount(o.bytes_in) && optBool(o.tls) && optStr(o.method) && optStr(o.path) && optStr(o.conn))) return false;
  const p = o.payload;
  if (p === undefined) return true;
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return false;
  const q = p as Rec;
  return optIn(q.format, FORMATS) && optEntropy(q.entropy) && optCount(q.b64_fields) && optCount(q.size) &&
    optCount(q.hex_fields) && optEntropy(q.enc_entropy) && optCount(q.enc_bytes);
}

function appInfo(o: Rec): boolean {
  // (a permission list is checked element by element by the full checks)
  return envelope(o.v, o.ts, o.device, o.app, false, o.uid, o.pid, o.proc, o.src) && o.permissions === undefined &&
    optStr(o.version) && optStr(o.installer) && optStr(o.signer) && optStr(o.label) && optBool(o.approved);
}
