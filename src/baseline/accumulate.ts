// Streaming per-app accumulator: one pass over accepted events, memory bounded by the apps seen
// (each field capped, device sets sketched) plus the current app.state of each (device, app).
import type { Accepted, TelemetryEvent } from '../model/index.js';
import { hashId, sketchAdd } from './sketch.js';
import { emptyField, observe } from './capped.js';
import { destinationKey, pathPattern } from './destination.js';
import {
  APP_DEVICES_K, BASELINE_FORMAT, BASELINE_VERSION, FIELDS, FIELD_CAPS,
  type AppBaseline, type Baseline, type FieldName, type ValueStats,
} from './types.js';

/** the default EntropyThreshold: a write at or above it counts as a high-entropy (staged) write */
export const HIGH_ENTROPY = 7.2;

export interface AccumulateOptions {
  /** event-time bounds, epoch ms, inclusive; events outside are counted, not learned */
  since?: number;
  until?: number;
}

export function emptyApp(): AppBaseline {
  const fields = {} as AppBaseline['fields'];
  for (const f of FIELDS) fields[f] = emptyField();
  return { devices: [], events: 0, first_ts: Infinity, last_ts: -Infinity, fields };
}

const add = (s: ValueStats | undefined, key: string, n: number | undefined): void => {
  if (s && n !== undefined && n !== 0) s[key] = ((s[key] as number | undefined) ?? 0) + n;
};

export class BaselineAccumulator {
  private readonly apps = new Map<string, AppBaseline>();
  /** app.state in force per (device, app): the execution context of the next send */
  private readonly states: Map<string, string>;
  private readonly devHash = new Map<string, string>();
  events = 0;
  outside = 0;

  /** `states`: the app.state map to carry across accumulators (the server's batches), else a fresh one */
  constructor(private readonly o: AccumulateOptions = {}, states?: Map<string, string>) {
    this.states = states ?? new Map();
  }

  push(x: Accepted): void {
    const e = x.event;
    if ((this.o.since !== undefined && e.ts < this.o.since) || (this.o.until !== undefined && e.ts > this.o.until)) { this.outside++; return; }
    if (e.app === undefined) return; // device-scoped events say nothing about an app
    this.events++;
    let dev = this.devHash.get(e.device);
    if (dev === undefined) { dev = hashId(e.device); if (this.devHash.size < 100_000) this.devHash.set(e.device, dev); }
    let app = this.apps.get(e.app);
    if (!app) { app = emptyApp(); this.apps.set(e.app, app); }
    app.events++;
    if (e.ts < app.first_ts) app.first_ts = e.ts;
    if (e.ts > app.last_ts) app.last_ts = e.ts;
    sketchAdd(app.devices, dev, APP_DEVICES_K);
    this.learn(app, e, dev);
  }

  private see(app: AppBaseline, field: FieldName, value: string, dev: string): ValueStats | undefined {
    const s = observe(app.fields[field], FIELD_CAPS[field], value, dev);
    if (s) s.count++;
    return s;
  }

  private learn(app: AppBaseline, e: TelemetryEvent, dev: string): void {
    switch (e.type) {
      case 'data.access': {
        const s = this.see(app, 'data_categories', e.category, dev);
        add(s, 'items', e.items); add(s, 'bytes', e.bytes);
        break;
      }
      case 'crypto.key': {
        const s = this.see(app, 'key_origins', e.origin ?? 'unknown', dev);
        add(s, 'hw_backed', e.hw_backed ? 1 : 0);
        break;
      }
      case 'crypto.op': {
        // count = encrypt ops; decrypts are counted apart (obfuscation, not exfiltration)
        const s = observe(app.fields.crypto_algorithms, FIELD_CAPS.crypto_algorithms, e.alg.toUpperCase(), dev);
        if (e.dir === 'encrypt') { if (s) s.count++; add(s, 'bytes', e.in_bytes); }
        else { add(s, 'decrypt_ops', 1); add(s, 'decrypt_bytes', e.in_bytes); }
        break;
      }
      case 'file.write': {
        const s = this.see(app, 'staging_paths', pathPattern(e.path), dev);
        add(s, 'bytes', e.bytes);
        add(s, 'high_entropy', e.entropy !== undefined && e.entropy >= HIGH_ENTROPY ? 1 : 0);
        break;
      }
      case 'app.state':
        if (this.states.size >= 200_000) this.states.clear(); // bounded: a lost state reads as 'unknown'
        this.states.set(e.device + '\u0000' + e.app, e.state);
        break;
      case 'net.send': {
        const ctx = this.states.get(e.device + '\u0000' + e.app) ?? 'unknown';
        add(this.see(app, 'send_contexts', ctx, dev), 'bytes', e.bytes_out);
        const d = this.see(app, 'destinations', destinationKey(e.dst_host, e.dst_ip), dev);
        add(d, 'bytes', e.bytes_out);
        add(d, 'tls', e.tls === true || e.proto === 'https' || e.proto === 'wss' ? 1 : 0);
        this.see(app, 'hosts', (e.dst_host ?? e.dst_ip ?? '?').toLowerCase().replace(/\.$/, ''), dev);
        if (e.dst_port !== undefined) this.see(app, 'ports', String(e.dst_port), dev);
        this.see(app, 'payload_formats', e.payload?.format ?? 'unknown', dev);
        this.see(app, 'send_hours', 'h' + String(new Date(e.ts).getUTCHours()).padStart(2, '0'), dev);
        break;
      }
      case 'app.info':
        if (e.signer !== undefined) this.see(app, 'signers', e.signer.toLowerCase().replace(/[^0-9a-f]/g, ''), dev);
        if (e.installer !== undefined) this.see(app, 'installers', e.installer, dev);
        break;
      case 'file.delete': case 'user.interaction': case 'device.state':
        break;
      default: {
        const never: never = e;
        throw new Error(`unhandled event type ${(never as TelemetryEvent).type}`);
      }
    }
  }

  result(): Baseline {
    const apps: Record<string, AppBaseline> = {};
    let first = Infinity, last = -Infinity, events = 0;
    for (const [name, a] of this.apps) {
      apps[name] = structuredClone(a);
      first = Math.min(first, a.first_ts);
      last = Math.max(last, a.last_ts);
      events += a.events;
    }
    return {
      format: BASELINE_FORMAT, version: BASELINE_VERSION, events,
      ...(events > 0 ? { first_ts: first, last_ts: last } : {}),
      apps,
    };
  }
}
