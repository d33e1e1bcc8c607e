// One hour of one dense-mix device: the busy blocks overlapping the hour (every core app works in
// them at once; in the afternoon/evening block the user also chats), short user sessions between
// blocks, every profile's unattended work, and the RAT's beacons on an infected device.
import { approvedInfo } from '../kit.js';
import { HOUR, SEC } from '../material.js';
import { Rng } from '../prng.js';
import { ArraySink } from '../stream.js';
import { emitHour, fleetStreams, hourStart, userSessions, type Emit } from '../fleet-hour.js';
import type { FleetDevice } from '../fleet-plan.js';
import { busyIn } from './busy.js';
import { busySignal } from './busy-profiles.js';
import { ratHour } from './rat-beacon.js';

export function generateDenseHour(dev: FleetDevice, h: number, seed: number, emit: Emit): void {
  const from = hourStart(h), to = from + HOUR;
  const hourOfDay = (8 + h) % 24;
  const night = hourOfDay < 7 || hourOfDay >= 23;
  const rng = new Rng(seed, 'dense', dev.index, h);
  const late = new Rng(seed, 'dense-late', dev.index, h);
  const sink = new ArraySink();
  const stream = fleetStreams(sink, rng, dev);

  if (h === 0) for (const p of dev.profiles) approvedInfo(stream(p.entry.package, from + rng.int(0, 5000)), p.entry, p.version);

  const busy = busyIn(seed, dev.index, from, to);
  const chat = busy.find((b) => b.user && b.start >= from);
  const sessions = chat
    ? userSessions(dev, rng, sink, chat.start, chat.end, (r) => r.int(2, 3), [busySignal])
    : userSessions(dev, rng, sink, from, to, (r) => (night ? 0 : r.chance(0.35) ? 1 : 0), dev.profiles.filter((p) => p.foreground));
  const screenOn = (x: number) => sessions.some(([a, b]) => x >= a && x <= b);

  for (const p of dev.profiles) {
    if (!p.background) continue;
    let mem = dev.mem.get(p.name);
    if (!mem) dev.mem.set(p.name, (mem = {}));
    p.background({ rng, device: dev.name, from, to, hourOfDay, night, screenOn, mem, busy, stream: (x, proc) => stream(p.entry.package, x, proc) });
  }

  if (dev.malicious) { // the dense plan's only malicious app
    let mem = dev.mem.get(dev.malicious.name);
    if (!mem) dev.mem.set(dev.malicious.name, (mem = {}));
    ratHour(stream(dev.malicious.app, from + rng.int(0, 30) * SEC), mem, to);
  }

  emitHour(dev, sink, late, emit);
}
