// Parsed JSON -> contract v1 event (../shared/spec/telemetry-v1.md), validated in place.
// Hot path: checks return undefined when fine and only allocate on failure.
import { basename } from 'node:path';
import {
  APP_STATES, DATA_CATEGORIES, EVENT_TYPES, KEY_ORIGINS, NET_PROTOS, PAYLOAD_FORMATS, TYPE_CODES,
  type Accepted, type EventType, type SourceRef, type TelemetryEvent,
} from '../model/event.js';
import type { Issue } from '../model/issue.js';
import { MAX_TS } from './input-limits.js';
import { parseTimestamp } from './parse-timestamp.js';
import { screenEvent } from './screen-event.js';
import { validFast } from './valid-fast.js';

export type NormalizeResult = { ok: true; accepted: Accepted } | { ok: false; issue: Issue };

/** A validation failure before file/line are attached. */
export interface Problem {
  code: 'missing_field' | 'wrong_type' | 'bad_value' | 'unknown_type' | 'not_object' | 'too_deep' | 'forbidden_field';
  field?: string;
  message: string;
}
type Check = Problem | undefined;
type Rec = Record<string, unknown>;

const ORIGIN_SET: ReadonlySet<string> = new Set(KEY_ORIGINS);
const CATEGORY_SET: ReadonlySet<string> = new Set(DATA_CATEGORIES);
const APP_STATE_SET: ReadonlySet<string> = new Set(APP_STATES);
const PROTO_SET: ReadonlySet<string> = new Set(NET_PROTOS);
const FORMAT_SET: ReadonlySet<string> = new Set(PAYLOAD_FORMATS);
const DIR_SET: ReadonlySet<string> = new Set(['encrypt', 'decrypt']);
const FILE_OP_SET: ReadonlySet<string> = new Set(['create', 'append', 'overwrite']);
const SCREEN_SET: ReadonlySet<string> = new Set(['on', 'off']);

/** Validates `value` as a contract v1 event. On success the SAME object is returned as the
 *  event, with `ts` replaced by epoch ms; unknown fields stay on it (forward compatibility). */
export function normalizeEvent(value: unknown, source: SourceRef): NormalizeResult {
  const kind = validateEvent(value);
  if (typeof kind !== 'number') return reject(kind, source);
  const o = value as Rec;
  const id = o.id;
  const ref = id ? (id as string) : lineRef(source.file, source.line);
  return {
    ok: true,
    accepted: { event: o as unknown as TelemetryEvent, ts: o.ts as number, ref, source, kind, device: o.device as string, app: o.app as string | undefined },
  };
}

/** The type code (index in EVENT_TYPES) of a valid event, else its first problem. Validates in
 *  place like normalizeEvent (may set `ts` to epoch ms) without building a result: the ingest
 *  hot path (accept-line.ts) wraps the event itself, and passes `screened` when it has already
 *  screened the line (screen-event.ts). */
export function validateEvent(value: unknown, screened = false): number | Problem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { code: 'not_object', message: `want a JSON object, got ${describe(value)}` };
  }
  if (!screened) {
    const s = screenEvent(value);
    if (s !== undefined) return s;
  }
  const o = value as Rec;
  // Loaded once here: envelope loads see every event shape, so each one is a megamorphic lookup.
  const type = o.type;
  const id = o.id;
  const kind = typeof type === 'string' ? TYPE_CODES.get(type) : undefined;
  // the common case first, with one-shape loads per type (valid-fast.ts); the checks below find and word problems
  if (kind !== undefined && validFast(o, kind, id)) return kind;
  return checkEnvelope(o, type, kind, id) ?? checkBody(o, type as EventType) ?? (kind as number);
}

/** the ref of an event without an id: `file:line` with the file's base name */
export function lineRef(file: string, line: number): string {
  return `${baseOf(file)}:${line}`;
}

/** a problem found by validateEvent, as the issue of `file` line `line` */
export function issueAt(p: Problem, file: string, line: number): Issue {
  const issue: Issue = { code: p.code, message: p.message, file, line };
  if (p.field !== undefined) issue.field = p.field;
  return issue;
}

/** The full checks alone (no fast path): the first problem of a parsed object, or undefined when
 *  it is a valid event. For tests that hold the fast path to them; may set `ts` to epoch ms. */
export function fullCheck(o: Rec): Problem | undefined {
  const s = screenEvent(o);
  if (s !== undefined) return s;
  const type = o.type;
  const kind = typeof type === 'string' ? TYPE_CODES.get(type) : undefined;
  return checkEnvelope(o, type, kind, o.id) ?? checkBody(o, type as EventType);
}

function checkEnvelope(o: Rec, type: unknown, kind: number | undefined, id: unknown): Check {
  // Version first: a future version may legitimately lack v1's required fields.
  const v = o.v;
  if (v !== undefined) {
    if (typeof v !== 'number' || !Number.isInteger(v)) return wrongType('v', 'an integer', v);
    if (v !== 1) return { code: 'bad_value', field: 'v', message: `unsupported contract version ${v}, this reader understands v1 only` };
  }
  if (type === undefined) return missing('type', `one of ${EVENT_TYPES.join(', ')}`);
  if (typeof type !== 'string') return wrongType('type', 'a string', type);
  if (kind === undefined) {
    return { code: 'unknown_type', field: 'type', message: `unknown event type ${show(type)}, want one of ${EVENT_TYPES.join(', ')}` };
  }
  const ts = o.ts;
  if (ts === undefined) return missing('ts', 'epoch ms or an RFC 3339 string with offset');
  if (typeof ts === 'string') {
    const ms = parseTimestamp(ts);
    if (ms === undefined) {
      return { code: 'bad_value', field: 'ts', message: `want an RFC 3339 timestamp with offset or Z (e.g. 2024-11-24T06:33:20.100Z), got ${show(ts)}` };
    }
    o.ts = ms;
  } else if (typeof ts !== 'number') {
    return wrongType('ts', 'epoch ms or an RFC 3339 string with offset', ts);
  } else if (!(ts >= -MAX_TS && ts <= MAX_TS)) {
    // JSON.parse turns 1e400 into Infinity; past ±8.64e15 no Date can show the time
    return { code: 'bad_value', field: 'ts', message: `want finite epoch ms within ±8.64e15 (what a Date can hold), got ${ts}` };
  }
  const device = o.device;
  if (device === undefined) return missing('device', 'a non-empty string');
  if (typeof device !== 'string') return wrongType('device', 'a non-empty string', device);
  if (device.length === 0) return { code: 'bad_value', field: 'device', message: 'want a non-empty string, got ""' };
  const app = o.app;
  if (app === undefined) {
    if (type !== 'device.state' && type !== 'user.interaction') {
      return { code: 'missing_field', field: 'app', message: `required for ${type}, want a package name` };
    }
  } else {
    if (typeof app !== 'string') return wrongType('app', 'a package name string', app);
    if (app.length === 0) return { code: 'bad_value', field: 'app', message: 'want a package name, got ""' };
  }
  return (
    optInt(o.uid, 'uid') ?? optInt(o.pid, 'pid') ?? optStr(o.proc, 'proc') ?? optStr(id, 'id') ??
    optStr(o.src, 'src')
  );
}

function checkBody(o: Rec, type: EventType): Check {
  switch (type) {
    case 'crypto.key':
      return reqStr(o.key_fp, 'key_fp', type) ?? reqStr(o.alg, 'alg', type) ?? optInt(o.bits, 'bits') ??
        optEnum(o.origin, 'origin', ORIGIN_SET) ?? optBool(o.hw_backed, 'hw_backed') ?? optStr(o.kdf, 'kdf');
    case 'crypto.op':
      return reqStr(o.alg, 'alg', type) ?? reqEnum(o.dir, 'dir', DIR_SET, type) ?? optStr(o.key_fp, 'key_fp') ??
        optStr(o.mode, 'mode') ?? optCount(o.in_bytes, 'in_bytes') ?? optCount(o.out_bytes, 'out_bytes') ??
        optStr(o.iv_fp, 'iv_fp') ?? optStr(o.api, 'api');
    case 'data.access':
      return reqEnum(o.category, 'category', CATEGORY_SET, type) ?? optCount(o.items, 'items') ??
        optCount(o.bytes, 'bytes');
    case 'file.write':
      return reqStr(o.path, 'path', type) ?? reqCount(o.bytes, 'bytes', type) ?? optEntropy(o.entropy, 'entropy') ??
        optEnum(o.op, 'op', FILE_OP_SET);
    case 'file.delete':
      return reqStr(o.path, 'path', type);
    case 'app.state':
      return reqEnum(o.state, 'state', APP_STATE_SET, type);
    case 'device.state':
      return optEnum(o.screen, 'screen', SCREEN_SET) ?? optBool(o.locked, 'locked');
    case 'user.interaction':
      return undefined;
    case 'net.send':
      return checkNetSend(o);
    case 'app.info':
      return optStr(o.version, 'version') ?? optStr(o.installer, 'installer') ?? optStr(o.signer, 'signer') ??
        optStr(o.label, 'label') ?? optBool(o.approved, 'approved') ?? checkPermissions(o.permissions);
    default: {
      const never: never = type;
      throw new Error(`unhandled event type ${String(never)}`);
    }
  }
}

function checkNetSend(o: Rec): Check {
  const dstHost = o.dst_host;
  const dstIp = o.dst_ip;
  const p =
    optCount(o.bytes_out, 'bytes_out') ?? optStr(dstHost, 'dst_host') ?? optStr(dstIp, 'dst_ip') ??
    optPort(o.dst_port) ?? optEnum(o.proto, 'proto', PROTO_SET) ?? optCount(o.bytes_in, 'bytes_in') ??
    optBool(o.tls, 'tls') ?? optStr(o.method, 'method') ?? optStr(o.path, 'path') ?? optStr(o.conn, 'conn');
  if (p) return p;
  if (dstHost === undefined && dstIp === undefined) {
    return { code: 'missing_field', field: 'dst_host', message: 'net.send needs dst_host or dst_ip (at least one)' };
  }
  const payload = o.payload;
  if (payload === undefined) return undefined;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return wrongType('payload', 'an object', payload);
  }
  const q = payload as Rec;
  return (
    optEnum(q.format, 'payload.format', FORMAT_SET) ?? optEntropy(q.entropy, 'payload.entropy') ??
    optCount(q.b64_fields, 'payload.b64_fields') ?? optCount(q.size, 'payload.size') ??
    optCount(q.hex_fields, 'payload.hex_fields') ?? optEntropy(q.enc_entropy, 'payload.enc_entropy') ??
    optCount(q.enc_bytes, 'payload.enc_bytes')
  );
}

function checkPermissions(v: unknown): Check {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return wrongType('permissions', 'an array of strings', v);
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'string') return wrongType(`permissions[${i}]`, 'a string', v[i]);
  }
  return undefined;
}

// --- value checks: `field` is the JSON path shown to people ---
// They take the value, not (object, key): a named load at each call site keeps V8's inline
// caches per field; a shared keyed load `o[k]` goes megamorphic (validation measured ~1.5x slower).

function reqStr(v: unknown, field: string, type: string): Check {
  if (typeof v === 'string') return undefined;
  return v === undefined ? missingFor(field, type, 'a string') : wrongType(field, 'a string', v);
}

function optStr(v: unknown, field: string): Check {
  return v === undefined || typeof v === 'string' ? undefined : wrongType(field, 'a string', v);
}

function optBool(v: unknown, field: string): Check {
  return v === undefined || typeof v === 'boolean' ? undefined : wrongType(field, 'true or false', v);
}

function optInt(v: unknown, field: string): Check {
  return v === undefined || Number.isInteger(v) ? undefined : wrongType(field, 'an integer', v);
}

function reqCount(v: unknown, field: string, type: string): Check {
  if (isCount(v)) return undefined;
  return v === undefined ? missingFor(field, type, 'a non-negative integer') : wrongType(field, 'a non-negative integer', v);
}

function optCount(v: unknown, field: string): Check {
  return v === undefined || isCount(v) ? undefined : wrongType(field, 'a non-negative integer', v);
}

function isCount(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function optPort(v: unknown): Check {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) return wrongType('dst_port', 'an integer 0..65535', v);
  return v >= 0 && v <= 65535 ? undefined : { code: 'bad_value', field: 'dst_port', message: `want an integer 0..65535, got ${v}` };
}

function optEntropy(v: unknown, field: string): Check {
  if (v === undefined) return undefined;
  if (typeof v !== 'number') return wrongType(field, 'a number 0..8 (bits per byte)', v);
  return v >= 0 && v <= 8 ? undefined : { code: 'bad_value', field, message: `want a number 0..8 (bits per byte), got ${v}` };
}

function reqEnum(v: unknown, field: string, allowed: ReadonlySet<string>, type: string): Check {
  if (v === undefined) return missingFor(field, type, `one of ${[...allowed].join(', ')}`);
  return optEnum(v, field, allowed);
}

function optEnum(v: unknown, field: string, allowed: ReadonlySet<string>): Check {
  if (v === undefined || (typeof v === 'string' && allowed.has(v))) return undefined;
  const want = `one of ${[...allowed].join(', ')}`;
  if (typeof v !== 'string') return wrongType(field, want, v);
  return { code: 'bad_value', field, message: `want ${want}, got ${show(v)}` };
}

// --- problem builders (failure path only) ---

function missing(field: string, want: string): Problem {
  return { code: 'missing_field', field, message: `required, want ${want}` };
}

function missingFor(field: string, type: string, want: string): Problem {
  return { code: 'missing_field', field, message: `required for ${type}, want ${want}` };
}

function wrongType(field: string, want: string, got: unknown): Problem {
  return { code: 'wrong_type', field, message: `want ${want}, got ${describe(got)}` };
}

function reject(p: Problem, source: SourceRef): NormalizeResult {
  return { ok: false, issue: issueAt(p, source.file, source.line) };
}

/** How a wrong value reads in a message: strings quoted (and cut), containers by kind. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string': return show(v);
    case 'number': case 'boolean': return String(v);
    case 'object': return 'an object';
    default: return typeof v;
  }
}

const SHOW_MAX = 60;
function show(s: string): string {
  return JSON.stringify(s.length > SHOW_MAX ? s.slice(0, SHOW_MAX) + '…' : s);
}

// Events arrive file by file, so caching the last basename avoids a path parse per event.
let lastFile = '';
let lastBase = '';
function baseOf(file: string): string {
  if (file !== lastFile) {
    lastFile = file;
    lastBase = basename(file);
  }
  return lastBase;
}
