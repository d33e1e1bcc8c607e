// One hour of one fleet device: user sessions (screen on, one or two foreground apps, screen off),
// every installed profile's unattended work, and the malicious variant if the device has one.
import type { TelemetryEvent } from '../model/index.js';
import { approvedInfo } from './kit.js';
import { BASE_EPOCH, HOUR, MIN, SEC } from './material.js';
import { Rng } from './prng.js';
import { AppStream, type EventSink } from './stream.js';
import { toJson } from './serialize.js';
import type { FleetDevice } from './fleet-plan.js';
import type { BenignProfile } from './profiles/index.js';

/** share of events delivered late (out of order), and by how much */
export const LATE_SHARE = 0.01;
export const LATE_MIN_MS = 1000;
export const LATE_MAX_MS = 5000;
/** chance per hour that an infected device's variant runs one of its cycles */
const MALICIOUS_RUN = 0.6;

/** One hour's events, serialised as they are emitted into one reusable byte buffer, each without
 *  its closing brace (the id is appended in output order); beside it, per event: the byte range,
 *  the arrival key (ts, or ts + delay for a late one) and the device index. No per-event object
 *  outlives its emission, which keeps the GC out of the way. */
export class HourBatch {
  buf: Buffer;
  len = 0;
  starts: number[] = [];
  ends: number[] = [];
  keys: number[] = [];
  devs: number[] = [];

  constructor(bytes = 16 << 20) { this.buf = Buffer.allocUnsafe(bytes); }

  get length(): number { return this.keys.length; }

  reset(): void {
    this.len = 0;
    this.starts.length = 0; this.ends.length = 0; this.keys.length = 0; this.devs.length = 0;
  }

  /** `json` is a whole JSON object; its final `}` is left out */
  push(json: string, k: number, d: number): void {
    const need = this.len + json.length * 3;
    if (need > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    const start = this.len;
    this.len += this.buf.write(json, start, 'utf8') - 1;
    this.starts.push(start); this.ends.push(this.len); this.keys.push(k); this.devs.push(d);
  }

  /** copy event i (already serialised) into another batch */
  moveTo(i: number, other: HourBatch): void {
    other.pushBytes(this.buf, this.starts[i], this.ends[i], this.keys[i], this.devs[i]);
  }

  private pushBytes(src: Buffer, start: number, end: number, k: number, d: number): void {
    const need = this.len + (end - start);
    if (need > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    const s = this.len;
    this.len += src.copy(this.buf, s, start, end);
    this.starts.push(s); this.ends.push(this.len); this.keys.push(k); this.devs.push(d);
  }

  /** indexes in arrival order; ties keep generation order */
  order(): Uint32Array {
    const idx = new Uint32Array(this.keys.length);
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    const k = this.keys;
    idx.sort((a, b) => k[a] - k[b] || a - b);
    return idx;
  }
}

export const hourStart = (h: number): number => BASE_EPOCH + h * HOUR;

export function generateHour(dev: FleetDevice, h: number, seed: number, out: HourBatch): void {
  const from = hourStart(h), to = from + HOUR;
  const hourOfDay = (8 + h) % 24;
  const night = hourOfDay < 7 || hourOfDay >= 23;
  const rng = new Rng(seed, 'fleet', dev.index, h);
  const late = new Rng(seed, 'fleet-late', dev.index, h);
  const d = dev.index;
  const sink: EventSink = {
    emit(e) { out.push(toJson(e), late.next() < LATE_SHARE ? e.ts + late.int(LATE_MIN_MS, LATE_MAX_MS) : e.ts, d); },
  };
  const stream = (app: string, t: number, proc?: string) => new AppStream(sink, rng, dev.name, app, t, proc, false);

  if (h === 0) for (const p of dev.profiles) approvedInfo(stream(p.entry.package, from + rng.int(0, 5000)), p.entry, p.version);

  // user sessions, one after the other
  const sessions: [number, number][] = [];
  const fg = dev.profiles.filter((p) => p.foreground);
  let t = Math.max(from + rng.int(0, 10) * MIN, dev.freeAt);
  const count = night ? (rng.chance(0.12) ? 1 : 0) : rng.int(1, 4);
  for (let i = 0; i < count && t < to - 2 * MIN; i++) {
    const start = t;
    const until = start + rng.int(1, 5) * MIN + rng.int(0, 59) * SEC;
    const ds = new AppStream(sink, rng, dev.name, 'android', start);
    ds.deviceState('on', false).deviceInteraction();
    const apps: BenignProfile[] = fg.length === 0 ? [] : rng.chance(0.35) && fg.length > 1 ? [rng.pick(fg), rng.pick(fg)] : [rng.pick(fg)];
    apps.forEach((p, j) => {
      const s = stream(p.entry.package, ds.t + rng.int(1, 3) * SEC);
      p.foreground!(s, start + ((until - start) * (j + 1)) / apps.length);
      ds.at(s.t + 500);
    });
    const end = Math.max(ds.t, until);
    ds.at(end).deviceState('off', true);
    sessions.push([start, end]);
    t = end + rng.int(3, 15) * MIN;
  }
  if (sessions.length) dev.freeAt = sessions[sessions.length - 1][1] + MIN;
  const screenOn = (x: number) => sessions.some(([a, b]) => x >= a && x <= b);

  for (const p of dev.profiles) {
    if (!p.background) continue;
    let mem = dev.mem.get(p.name);
    if (!mem) dev.mem.set(p.name, (mem = {}));
    p.background({ rng, device: dev.name, from, to, hourOfDay, night, screenOn, mem, stream: (x, proc) => stream(p.entry.package, x, proc) });
  }

  if (dev.malicious && rng.chance(MALICIOUS_RUN)) {
    dev.malicious.build({
      rng, t0: from + rng.int(0, 30) * MIN, device: () => dev.name,
      stream: (device, app, x, proc) => new AppStream(sink, rng, device, app, x, proc, false),
    });
  }
}
