// A builder for the events of one (device, app[, process]): each helper stamps `ts` from the
// stream's clock (then moves it on by a few ms), `device`, `app`, `src: "sim"`, the app's uid and
// the process's pid. Ids are assigned by whoever orders the events (scenario writer or fleet).
import type {
  AppInfoEvent, AppStateName, CryptoKeyEvent, DataCategory, KeyOrigin, PayloadFeatures, NetSendEvent, TelemetryEvent,
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
export type SimKey = Pick<CryptoKeyEvent, 'key_fp' | 'alg' | 'bits' | 'origin' | 'hw_backed' | 'kdf'> & { mode?: string };

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

  /** a new app-scoped event: envelope first, then the caller adds the type's fields, then `done` */
  private head(type: TelemetryEvent['type']): Fields {
    return { ts: this.tick(), device: this.device, app: this.app, type };
  }

  private done(e: Fields): void {
    e.uid = this.uid;
    if (this.proc) { e.pid = this.pid; e.proc = this.proc; } // a secondary process shows its own pid
    e.src = 'sim';
    this.sink.emit(e as unknown as TelemetryEvent);
  }

  private device_(type: 'device.state' | 'user.interaction', screen?: 'on' | 'off', locked?: boolean): void {
    if (!this.deviceEvents) return;
    const e: Fields = { ts: this.tick(), device: this.device, type };
    if (screen !== undefined) e.screen = screen;
    if (locked !== undefined) e.locked = locked;
    e.src = 'sim';
    this.sink.emit(e as unknown as TelemetryEvent);
  }

  appState(state: AppStateName): this {
    const e = this.head('app.state');
    e.state = state;
    this.done(e);
    return this;
  }

  deviceState(screen: 'on' | 'off', locked: boolean): this { this.device_('device.state', screen, locked); return this; }

  /** input seen by the app (touch, key, focus) */
  interaction(): this { this.done(this.head('user.interaction')); return this; }

  /** input seen device-wide (launcher, lock screen) */
  deviceInteraction(): this { this.device_('user.interaction'); return this; }

  /** `n` app interactions roughly `gapMs` apart */
  touches(n: number, gapMs: number): this {
    for (let i = 0; i < n; i++) this.interaction().wait(gapMs, 0.6);
    return this;
  }

  key(k: SimKey): this {
    const e = this.head('crypto.key');
    e.key_fp = k.key_fp;
    e.alg = k.alg;
    if (k.bits !== undefined) e.bits = k.bits;
    if (k.origin) e.origin = k.origin;
    if (k.hw_backed !== undefined) e.hw_backed = k.hw_backed;
    if (k.kdf) e.kdf = k.kdf;
    this.done(e);
    return this;
  }

  private op(dir: 'encrypt' | 'decrypt', k: SimKey, inBytes: number, o: OpSpec): number {
    const mode = o.mode ?? k.mode;
    const n = Math.max(0, Math.round(inBytes));
    const out = dir === 'encrypt' ? cipherOut(mode, n) : plainOut(mode, n);
    const e = this.head('crypto.op');
    e.alg = k.alg;
    if (mode) e.mode = mode;
    e.dir = dir;
    e.key_fp = k.key_fp;
    e.in_bytes = n;
    e.out_bytes = out;
    if (o.iv) e.iv_fp = keyFp('iv:' + o.iv);
    e.api = o.api ?? 'javax.crypto.Cipher.doFinal';
    this.done(e);
    return out;
  }

  /** one encrypt op; returns the ciphertext size */
  encrypt(k: SimKey, inBytes: number, o: OpSpec = {}): number { return this.op('encrypt', k, inBytes, o); }

  /** one decrypt op; returns the plaintext size */
  decrypt(k: SimKey, inBytes: number, o: OpSpec = {}): number { return this.op('decrypt', k, inBytes, o); }

  access(category: DataCategory, items: number, bytes?: number): this {
    const e = this.head('data.access');
    e.category = category;
    e.items = Math.round(items);
    if (bytes !== undefined) e.bytes = Math.round(bytes);
    this.done(e);
    return this;
  }

  fileWrite(path: string, bytes: number, entropy?: number, op: 'create' | 'append' | 'overwrite' = 'create'): this {
    const e = this.head('file.write');
    e.path = path;
    e.bytes = Math.round(bytes);
    if (entropy !== undefined) e.entropy = entropy;
    e.op = op;
    this.done(e);
    return this;
  }

  fileDelete(path: string): this {
    const e = this.head('file.delete');
    e.path = path;
    this.done(e);
    return this;
  }

  send(s: SendSpec): this {
    if (s.host === undefined && s.ip === undefined) throw new Error('send needs a host or an ip');
    const e = this.head('net.send');
    e.bytes_out = Math.round(s.bytes);
    if (s.host !== undefined) e.dst_host = s.host;
    if (s.ip !== undefined) e.dst_ip = s.ip;
    if (s.port !== undefined) e.dst_port = s.port;
    if (s.proto) e.proto = s.proto;
    if (s.tls !== undefined) e.tls = s.tls;
    if (s.method) e.method = s.method;
    if (s.path) e.path = s.path;
    if (s.bytesIn !== undefined) e.bytes_in = Math.round(s.bytesIn);
    if (s.payload) e.payload = s.payload;
    if (s.conn) e.conn = s.conn;
    this.done(e);
    return this;
  }

  appInfo(info: Omit<AppInfoEvent, 'type' | 'ts' | 'device' | 'app'>): this {
    const e = this.head('app.info');
    Object.assign(e, info);
    this.done(e);
    return this;
  }
}
