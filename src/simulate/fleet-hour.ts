// One hour of one fleet device: user sessions (screen on, one or two foreground apps, screen off),
// every installed profile's unattended work, and the malicious variant if the device has one.
import { approvedInfo } from './kit.js';
import { BASE_EPOCH, HOUR, MIN, SEC } from './material.js';
import { Rng } from './prng.js';
import { AppStream, ArraySink } from './stream.js';
import type { TelemetryEvent } from '../model/index.js';
import type { FleetDevice } from './fleet-plan.js';
import type { BenignProfile } from './profiles/index.js';

/** share of events delivered late (out of order), and by how much */
export const LATE_SHARE = 0.01;
export const LATE_MIN_MS = 1000;
export const LATE_MAX_MS = 5000;
/** chance per hour (after the first, where it always runs) that an infected device's variant runs a cycle */
const MALICIOUS_RUN = 0.6;

/** where a device-hour's events go: JSON lines in ts order and their arrival keys (ts, or ts + a
 *  delay for the ~1% delivered late) */
export type Emit = (lines: string[], keys: number[]) => void;

export const hourStart = (h: number): number => BASE_EPOCH + h * HOUR;

/** streams of a fleet device's apps: the device's own schedule owns its screen/lock events */
export const fleetStreams = (sink: ArraySink, rng: Rng, dev: FleetDevice) =>
  (app: string, t: number, proc?: string) => new AppStream(sink, rng, dev.name, app, t, proc, false);

/** User sessions one after the other, the first early after `from` (or after the device's last
 *  one): screen on, one or two of `fg` in foreground, screen off. `count` is drawn after the first
 *  start. Returns the sessions as [start, end]. */
export function userSessions(dev: FleetDevice, rng: Rng, sink: ArraySink, from: number, to: number,
  count: (rng: Rng) => number, fg: readonly BenignProfile[]): [number, number][] {
  const stream = fleetStreams(sink, rng, dev);
  const sessions: [number, number][] = [];
  let t = Math.max(from + rng.int(0, 10) * MIN, dev.freeAt);
  const n = count(rng);
  for (let i = 0; i < n && t < to - 2 * MIN; i++) {
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
  return sessions;
}

/** the sensor numbers events in time order; about 1% of them reach the collector late */
export function emitHour(dev: FleetDevice, sink: ArraySink, late: Rng, emit: Emit): void {
  const events: TelemetryEvent[] = sink.events.sort((a, b) => a.ts - b.ts); // stable: ties keep emission order
  const lines: string[] = new Array(events.length);
  const keys: number[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    e.id = `${dev.name}-${++dev.seq}`;
    lines[i] = JSON.stringify(e);
    keys[i] = late.next() < LATE_SHARE ? e.ts + late.int(LATE_MIN_MS, LATE_MAX_MS) : e.ts;
  }
  emit(lines, keys);
}

export function generateHour(dev: FleetDevice, h: number, seed: number, emit: Emit): void {
  const from = hourStart(h), to = from + HOUR;
  const hourOfDay = (8 + h) % 24;
  const night = hourOfDay < 7 || hourOfDay >= 23;
  const rng = new Rng(seed, 'fleet', dev.index, h);
  const late = new Rng(seed, 'fleet-late', dev.index, h);
  const sink = new ArraySink();
  const stream = fleetStreams(sink, rng, dev);

  if (h === 0) for (const p of dev.profiles) approvedInfo(stream(p.entry.package, from + rng.int(0, 5000)), p.entry, p.version);

  const fg = dev.profiles.filter((p) => p.foreground);
  const sessions = userSessions(dev, rng, sink, from, to, (r) => (night ? (r.chance(0.12) ? 1 : 0) : r.int(1, 4)), fg);
  const screenOn = (x: number) => sessions.some(([a, b]) => x >= a && x <= b);

  for (const p of dev.profiles) {
    if (!p.background) continue;
    let mem = dev.mem.get(p.name);
    if (!mem) dev.mem.set(p.name, (mem = {}));
    p.background({ rng, device: dev.name, from, to, hourOfDay, night, screenOn, mem, stream: (x, proc) => stream(p.entry.package, x, proc) });
  }

  if (dev.malicious && (h === 0 || rng.chance(MALICIOUS_RUN))) {
    dev.malicious.build({
      rng, t0: from + rng.int(0, 30) * MIN, device: () => dev.name,
      stream: (device, app, x, proc) => new AppStream(sink, rng, device, app, x, proc, false),
    });
  }

  emitHour(dev, sink, late, emit);
}
