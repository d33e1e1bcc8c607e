// Telemetry v1 event builders (../../../../shared/spec/telemetry-v1.md). PURE.
//
// A hook builds a body (`type` + its fields) with one of the `build*` functions, which validate
// the required fields and clean the optional ones (counts to non-negative integers, entropy to
// 0..8 with 3 decimals, undefined fields dropped); `stampEvent` then adds the envelope (ts,
// device, app, proc, pid, src, id). A builder throws `EventError` on a programmer error (a
// missing required field); the agent catches it, reports it and drops the event.
import type { DataCategory } from './categories.js';
import type { KeyOrigin } from './key-origin.js';
import type { PayloadFeatures } from './payload.js';
import { round3 } from './payload.js';

export type AppState = 'foreground' | 'background' | 'service' | 'job' | 'alarm' | 'receiver' | 'cached' | 'stopped';
export type NetProto = 'tcp' | 'udp' | 'http' | 'https' | 'ws' | 'wss' | 'quic' | 'dns' | 'other';
export type FileOp = 'create' | 'append' | 'overwrite';

export class EventError extends Error {
  constructor(readonly type: string, readonly field: string, message: string) {
    super(`${type}: ${field}: ${message}`);
    this.name = 'EventError';
  }
}

type Body<T extends string, F> = { type: T } & F;

export type CryptoKeyBody = Body<'crypto.key', {
  key_fp: string; alg: string; bits?: number; origin?: KeyOrigin; hw_backed?: boolean; kdf?: string; fp_scheme?: string;
  /** v1.1: the key was encrypted/wrapped under this algorithm (hybrid scheme: key transport) */
  transport?: string;
}>;
export type CryptoOpBody = Body<'crypto.op', {
  alg: string; dir: 'encrypt' | 'decrypt'; key_fp?: string; mode?: string; in_bytes?: number;
  out_bytes?: number; iv_fp?: string; api?: string; fp_scheme?: string;
}>;
export type DataAccessBody = Body<'data.access', { category: DataCategory; items?: number; bytes?: number }>;
export type FileWriteBody = Body<'file.write', { path: string; bytes: number; entropy?: number; op?: FileOp }>;
export type AppStateBody = Body<'app.state', { state: AppState }>;
export type DeviceStateBody = Body<'device.state', { screen?: 'on' | 'off'; locked?: boolean }>;
export type UserInteractionBody = Body<'user.interaction', Record<never, never>>;
export type NetSendBody = Body<'net.send', {
  bytes_out: number; dst_host?: string; dst_ip?: string; dst_port?: number; proto?: NetProto;
  bytes_in?: number; tls?: boolean; method?: string; path?: string; payload?: PayloadFeatures; conn?: string;
}>;
export type AppInfoBody = Body<'app.info', {
  version?: string; installer?: string; signer?: string; permissions?: string[]; approved?: boolean; label?: string;
}>;

export type EventBody =
  | CryptoKeyBody | CryptoOpBody | DataAccessBody | FileWriteBody | AppStateBody | DeviceStateBody
  | UserInteractionBody | NetSendBody | AppInfoBody;

/** Types without an app (device-scoped). */
const DEVICE_SCOPED = new Set(['device.state', 'user.interaction']);

export interface Envelope {
  ts: number;
  device: string;
  /** package; required for app-scoped types */
  app?: string;
  proc?: string;
  pid?: number;
  id: string;
}

export type TelemetryEvent = EventBody & Envelope & { src: 'frida' };

// --- field cleaners ---

const FP = /^[0-9a-f]{32}$/;

function reqString(type: string, field: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0) throw new EventError(type, field, `required non-empty string, got ${String(v)}`);
  return v;
}

function fp(type: string, field: string, v: string): string {
  if (!FP.test(v)) throw new EventError(type, field, `want 32 lowercase hex characters, got ${v}`);
  return v;
}

/** A count: a finite number rounded to a non-negative integer; undefined/NaN dropped. */
export function count(v: number | undefined): number | undefined {
  if (v === undefined || !Number.isFinite(v)) return undefined;
  return Math.max(0, Math.round(v));
}

export function entropyValue(v: number | undefined): number | undefined {
  if (v === undefined || !Number.isFinite(v)) return undefined;
  return round3(Math.min(8, Math.max(0, v)));
}

/** Copies `o` without undefined values (keeps the NDJSON small and the key order stable). */
function clean<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

// --- builders ---

export function buildCryptoKey(f: Omit<CryptoKeyBody, 'type'>): CryptoKeyBody {
  const t = 'crypto.key';
  return clean({
    type: t, key_fp: fp(t, 'key_fp', reqString(t, 'key_fp', f.key_fp)), alg: reqString(t, 'alg', f.alg),
    bits: count(f.bits), origin: f.origin, hw_backed: f.hw_backed, kdf: f.kdf, fp_scheme: f.fp_scheme, transport: f.transport,
  });
}

export function buildCryptoOp(f: Omit<CryptoOpBody, 'type'>): CryptoOpBody {
  const t = 'crypto.op';
  if (f.dir !== 'encrypt' && f.dir !== 'decrypt') throw new EventError(t, 'dir', `want encrypt or decrypt, got ${String(f.dir)}`);
  return clean({
    type: t, alg: reqString(t, 'alg', f.alg), dir: f.dir,
    key_fp: f.key_fp === undefined ? undefined : fp(t, 'key_fp', f.key_fp), mode: f.mode,
    in_bytes: count(f.in_bytes), out_bytes: count(f.out_bytes),
    iv_fp: f.iv_fp === undefined ? undefined : fp(t, 'iv_fp', f.iv_fp), api: f.api, fp_scheme: f.fp_scheme,
  });
}

export function buildDataAccess(f: Omit<DataAccessBody, 'type'>): DataAccessBody {
  const t = 'data.access';
  return clean({ type: t, category: reqString(t, 'category', f.category) as DataCategory, items: count(f.items), bytes: count(f.bytes) });
}

export function buildFileWrite(f: Omit<FileWriteBody, 'type'>): FileWriteBody {
  const t = 'file.write';
  const bytes = count(f.bytes);
  if (bytes === undefined) throw new EventError(t, 'bytes', 'required count');
  return clean({ type: t, path: reqString(t, 'path', f.path), bytes, entropy: entropyValue(f.entropy), op: f.op });
}

export function buildAppState(state: AppState): AppStateBody {
  return { type: 'app.state', state: reqString('app.state', 'state', state) as AppState };
}

export function buildDeviceState(f: Omit<DeviceStateBody, 'type'>): DeviceStateBody {
  return clean({ type: 'device.state', screen: f.screen, locked: f.locked });
}

export function buildUserInteraction(): UserInteractionBody {
  return { type: 'user.interaction' };
}

export function buildNetSend(f: Omit<NetSendBody, 'type'>): NetSendBody {
  const t = 'net.send';
  const bytes = count(f.bytes_out);
  if (bytes === undefined) throw new EventError(t, 'bytes_out', 'required count');
  if (!f.dst_host && !f.dst_ip) throw new EventError(t, 'dst_host', 'dst_host or dst_ip required');
  const port = f.dst_port === undefined || f.dst_port < 0 || f.dst_port > 65535 ? undefined : Math.round(f.dst_port);
  const payload = f.payload === undefined ? undefined : clean({
    format: f.payload.format, entropy: entropyValue(f.payload.entropy),
    b64_fields: count(f.payload.b64_fields), hex_fields: count(f.payload.hex_fields),
    enc_entropy: entropyValue(f.payload.enc_entropy), enc_bytes: count(f.payload.enc_bytes), size: count(f.payload.size),
  });
  return clean({
    type: t, bytes_out: bytes, dst_host: f.dst_host || undefined, dst_ip: f.dst_ip || undefined, dst_port: port,
    proto: f.proto, bytes_in: count(f.bytes_in), tls: f.tls, method: f.method, path: f.path, payload, conn: f.conn,
  });
}

export function buildAppInfo(f: Omit<AppInfoBody, 'type'>): AppInfoBody {
  return clean({
    type: 'app.info', version: f.version, installer: f.installer, signer: f.signer,
    permissions: f.permissions, approved: f.approved, label: f.label,
  });
}

/** Adds the envelope. Throws `EventError` when it lacks what telemetry v1 requires. */
export function stampEvent(body: EventBody, env: Envelope): TelemetryEvent {
  const t = body.type;
  if (!Number.isFinite(env.ts)) throw new EventError(t, 'ts', 'want epoch ms');
  reqString(t, 'device', env.device);
  reqString(t, 'id', env.id);
  if (!DEVICE_SCOPED.has(t)) reqString(t, 'app', env.app);
  const head = clean({
    // device.state has no app; user.interaction may be app- or device-scoped
    ts: Math.round(env.ts), device: env.device, app: t === 'device.state' ? undefined : env.app || undefined, proc: env.proc,
    pid: env.pid === undefined ? undefined : Math.round(env.pid), src: 'frida' as const, id: env.id,
  });
  return { ...head, ...body } as TelemetryEvent;
}

/** Event ids: `<prefix>-<sequence>`, the prefix naming the process and the agent's start. */
export class IdSequence {
  private n = 0;

  constructor(private readonly prefix: string) {}

  next(): string {
    this.n++;
    return `${this.prefix}-${this.n.toString(36)}`;
  }

  static prefixFor(pid: number, startMs: number): string {
    return `fr${pid.toString(36)}${startMs.toString(36)}`;
  }
}
