// A builder for the events of one (device, app[, process]): each helper stamps `ts` from the
// stream's clock (then moves it on by a few ms), `device`, `app`, `src: "sim"`, the app's uid and
// the process's pid. Ids are assigned by whoever orders the events (scenario writer or fleet).
import type {
  AppInfoEvent, AppStateName, DataCategory, KeyOrigin, PayloadFeatures, NetSendEvent, TelemetryEvent,
} from '../model/index.js';
import { hash32, type Rng } from './prng.js';
import { cipherOut, keyFp } from './material.js';

export interface EventSink {
  emit(e: TelemetryEvent): void;
}

export class ArraySink implements EventSink {
  readonly events: TelemetryEvent[] = [];
  emit(e: TelemetryEvent): void { this.events.push(e); }
}

/** A key as the simulation knows it: what `crypto.key` reports plus the mode its ops use. */
export interface SimKey {
  key_fp: string;
  alg: string;
  bits?: number;
  origin?: KeyOrigin;
  hw_backed?: boolean;
  kdf?: string;
  mode?: string;
}

export function simKey(material: string, alg: string, bits: number | undefined, origin: KeyOrigin | undefined,
  extra: { mode?: string; hw_backed?: boolean; kdf?: string } = {}): SimKey {
  return { key_fp: keyFp(material), alg, ...(bits !== undefined ? { bits } : {}), ...(origin ? { origin } : {}), ...extra };
}

export interface SendSpec {
  bytes: number;
  host?: string;
  ip?: string;
  port?: number;
  proto?: NetSendEvent['proto'];
  tls?: boolean;
  method?: string;
  path?: string;
  bytesIn?: number;
  payload?: PayloadFeatures;
  conn?: string;
}

export interface OpSpec {
  mode?: string;
  api?: string;
  /** IV/nonce name, fingerprinted like a key */
  iv?: string;
}

type Fields = Record<string, unknown>;

/** plaintext size for n ciphertext bytes: minus the tag (AEAD) or the padding (block modes) */
function plainOut(mode: string | undefined, n: number): number {
  const m = (mode ?? '').toUpperCase();
  if (m === 'GCM' || m === 'POLY1305') return Math.max(0, n - 16);
  if (m === 'CBC' || m === 'ECB') return Math.max(0, n - 1 - ((n >>> 4) % 16));
  return n;
}

export class AppStream {
  /** the stream's clock, epoch ms */
  t: number;
  readonly uid: number;
  readonly pid: number;

  constructor(
    private readonly sink: EventSink,
    readonly rng: Rng,
    readonly device: string,
    readonly app: string,
    t: number,
    readonly proc?: string,
    /** false inside the fleet, where the device's own schedule owns screen/lock events */
    readonly deviceEvents = true,
  ) {
    this.t = Math.round(t);
    this.uid = 10_000 + (hash32(device, app) % 9000);
    this.pid = 1000 + (hash32(device, app, proc ?? '', this.t) % 30_000);
  }

  /** another process of the same app, starting at this stream's clock */
  process(proc: string): AppStream {
    return new AppStream(this.sink, this.rng, this.device, this.app, this.t, proc, this.deviceEvents);
  }

  /** another app on the same device, starting at this stream's clock */
  other(app: string): AppStream {
    return new AppStream(this.sink, this.rng, this.device, app, this.t, undefined, this.deviceEvents);
  }

  /** move the clock on by ms, ± frac of it */
  wait(ms: number, frac = 0.1): this {
    this.t += Math.max(1, Math.round(this.rng.jitter(ms, frac)));
    return this;
  }

  at(t: number): this {
    this.t = Math.round(t);
    return this;
  }

  private tick(): number {
    const t = this.t;
    this.t += 3 + this.rng.int(0, 40);
    return t;
  }

  private app_(type: TelemetryEvent['type'], fields: Fields): void {
    const e: Fields = { ts: this.tick(), device: this.device, app: this.app, type, ...fields, uid: this.uid, pid: this.pid };
    if (this.proc) e.proc = this.proc;
    e.src = 'sim';
    this.sink.emit(e as unknown as TelemetryEvent);
  }

  private device_(type: 'device.state' | 'user.interaction', fields: Fields): void {
    if (!this.deviceEvents) return;
    this.sink.emit({ ts: this.tick(), device: this.device, type, ...fields, src: 'sim' } as unknown as TelemetryEvent);
  }

  appState(state: AppStateName): this { this.app_('app.state', { state }); return this; }

  deviceState(screen: 'on' | 'off', locked: boolean): this { this.device_('device.state', { screen, locked }); return this; }

  /** input seen by the app (touch, key, focus) */
  interaction(): this { this.app_('user.interaction', {}); return this; }

  /** input seen device-wide (launcher, lock screen) */
  deviceInteraction(): this { this.device_('user.interaction', {}); return this; }

  /** `n` app interactions roughly `gapMs` apart */
  touches(n: number, gapMs: number): this {
    for (let i = 0; i < n; i++) this.interaction().wait(gapMs, 0.6);
    return this;
  }

  key(k: SimKey): this {
    const f: Fields = { key_fp: k.key_fp, alg: k.alg };
    if (k.bits !== undefined) f.bits = k.bits;
    if (k.origin) f.origin = k.origin;
    if (k.hw_backed !== undefined) f.hw_backed = k.hw_backed;
    if (k.kdf) f.kdf = k.kdf;
    this.app_('crypto.key', f);
    return this;
  }

  private op(dir: 'encrypt' | 'decrypt', k: SimKey, inBytes: number, o: OpSpec): number {
    const mode = o.mode ?? k.mode;
    const n = Math.max(0, Math.round(inBytes));
    const out = dir === 'encrypt' ? cipherOut(mode, n) : plainOut(mode, n);
    const f: Fields = { alg: k.alg };
    if (mode) f.mode = mode;
    f.dir = dir;
    f.key_fp = k.key_fp;
    f.in_bytes = n;
    f.out_bytes = out;
    if (o.iv) f.iv_fp = keyFp('iv:' + o.iv);
    f.api = o.api ?? 'javax.crypto.Cipher.doFinal';
    this.app_('crypto.op', f);
    return out;
  }

  /** one encrypt op; returns the ciphertext size */
  encrypt(k: SimKey, inBytes: number, o: OpSpec = {}): number { return this.op('encrypt', k, inBytes, o); }

  /** one decrypt op; returns the plaintext size */
  decrypt(k: SimKey, inBytes: number, o: OpSpec = {}): number { return this.op('decrypt', k, inBytes, o); }

  access(category: DataCategory, items: number, bytes?: number): this {
    const f: Fields = { category, items: Math.round(items) };
    if (bytes !== undefined) f.bytes = Math.round(bytes);
    this.app_('data.access', f);
    return this;
  }

  fileWrite(path: string, bytes: number, entropy?: number, op: 'create' | 'append' | 'overwrite' = 'create'): this {
    const f: Fields = { path, bytes: Math.round(bytes) };
    if (entropy !== undefined) f.entropy = entropy;
    f.op = op;
    this.app_('file.write', f);
    return this;
  }

  fileDelete(path: string): this { this.app_('file.delete', { path }); return this; }

  send(s: SendSpec): this {
    if (s.host === undefined && s.ip === undefined) throw new Error('send needs a host or an ip');
    const f: Fields = { bytes_out: Math.round(s.bytes) };
    if (s.host !== undefined) f.dst_host = s.host;
    if (s.ip !== undefined) f.dst_ip = s.ip;
    if (s.port !== undefined) f.dst_port = s.port;
    if (s.proto) f.proto = s.proto;
    if (s.tls !== undefined) f.tls = s.tls;
    if (s.method) f.method = s.method;
    if (s.path) f.path = s.path;
    if (s.bytesIn !== undefined) f.bytes_in = Math.round(s.bytesIn);
    if (s.payload) f.payload = s.payload;
    if (s.conn) f.conn = s.conn;
    this.app_('net.send', f);
    return this;
  }

  appInfo(info: Omit<AppInfoEvent, 'type' | 'ts' | 'device' | 'app'>): this {
    this.app_('app.info', { ...info });
    return this;
  }
}
