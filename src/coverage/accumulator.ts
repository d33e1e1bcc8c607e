// Streaming coverage: per (device, app) the OR of telemetry kinds seen and a count; per device
// the same for device-scoped events. Constant state per pair (no events kept), so memory grows
// with the number of (device, app) pairs, not with the input.
import type { TelemetryEvent } from '../model/index.js';
import { kindsOf } from './kinds.js';

export interface PairCell { bits: number; events: number }
export interface DeviceCell { bits: number; events: number; apps: Map<string, PairCell> }

export class CoverageAccumulator {
  readonly devices = new Map<string, DeviceCell>();
  events = 0;
  firstTs = Infinity;
  lastTs = -Infinity;

  add(e: TelemetryEvent): void {
    this.addKinds(e.device, e.app, kindsOf(e), 1, e.ts, e.ts);
  }

  /** pre-aggregated counts (the server's SQL group-by), same effect as `count` add() calls */
  addKinds(device: string, app: string | undefined, bits: number, count: number, minTs: number, maxTs: number): void {
    let d = this.devices.get(device);
    if (!d) { d = { bits: 0, events: 0, apps: new Map() }; this.devices.set(device, d); }
    d.bits |= bits;
    d.events += count;
    if (app) {
      let p = d.apps.get(app);
      if (!p) { p = { bits: 0, events: 0 }; d.apps.set(app, p); }
      p.bits |= bits;
      p.events += count;
    }
    this.events += count;
    if (minTs < this.firstTs) this.firstTs = minTs;
    if (maxTs > this.lastTs) this.lastTs = maxTs;
  }
}
