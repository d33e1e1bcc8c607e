// The engine's table of devices and (device, app) contexts. A context idle longer than the window
// and the lateness is reset when it is next looked up (and a device idle an hour more), so what an
// event sees depends on event time only, never on when memory was last swept. The sweep only frees
// memory: it resets idle contexts (their chains were closed) and drops those that hold nothing
// within the key/staging horizon, and devices left without apps.
import { DeviceContext } from './device-context.js';
import type { AppContext } from './an1731/app-context.js';
import type { EngineStats } from './engine-stats.js';

/** device facts outlive the device's last event by this much more than its contexts do */
export const DEVICE_EXTRA_IDLE = 3_600_000;

export interface TableEnv {
  /** a context idle longer than this is reset (window + lateness) */
  idleSpan: number;
  make(device: string, app: string): AppContext;
  /** the context goes idle: close its chain */
  idle(ctx: AppContext): void;
  stats: EngineStats;
}

export class ContextTable {
  readonly devices = new Map<string, DeviceContext>();
  /** live contexts (`slot` is the index), their lastTs mirrored in a typed array the sweep reads */
  contexts: AppContext[] = [];
  slotLastTs = new Float64Array(1024);
  /** the device of the last event (a cache in front of `devices`) */
  lastDevice: DeviceContext | undefined;

  get live(): number { return this.contexts.length; }

  device(id: string, ts: number, env: TableEnv): DeviceContext {
    // a third of the events come from the device of the event before
    let d = this.lastDevice;
    if (d === undefined || d.device !== id) {
      d = this.devices.get(id);
      if (!d) { d = new DeviceContext(id); this.devices.set(id, d); }
      this.lastDevice = d;
    }
    if (d.lastTs < ts - env.idleSpan - DEVICE_EXTRA_IDLE && d.lastTs !== -Infinity) d.reset();
    if (ts > d.lastTs) d.lastTs = ts;
    return d;
  }

  context(dev: DeviceContext, app: string, ts: number, env: TableEnv): AppContext {
    // a device's events often come from the app of its previous event: one string compare, no hashing
    let c = dev.lastApp;
    if (c === undefined || c.app !== app) {
      c = dev.apps.get(app);
      if (!c) {
        c = env.make(dev.device, app);
        env.stats.contextsCreated++;
        dev.apps.set(app, c);
        this.addSlot(c);
        if (this.contexts.length > env.stats.contextsPeak) env.stats.contextsPeak = this.contexts.length;
      }
      dev.lastApp = c;
    }
    if (c.lastTs < ts - env.idleSpan && c.lastTs !== -Infinity) { env.idle(c); c.reset(); }
    c.factsAt(ts);
    if (ts > c.lastTs) { c.lastTs = ts; this.slotLastTs[c.slot] = ts; }
    return c;
  }

  private addSlot(c: AppContext): void {
    const slot = this.contexts.length;
    if (slot === this.slotLastTs.length) {
      const lastTs = new Float64Array(slot * 2);
      lastTs.set(this.slotLastTs);
      this.slotLastTs = lastTs;
    }
    c.slot = slot;
    this.contexts.push(c);
    this.slotLastTs[slot] = c.lastTs;
  }

  /** frees what idle contexts and devices hold (see the header) */
  sweep(now: number, env: TableEnv): void {
    const idle = now - env.idleSpan;
    const list = this.contexts, lastTs = this.slotLastTs;
    let n = list.length;
    for (let i = 0; i < n;) {
      if (lastTs[i] >= idle) { i++; continue; }
      const ctx = list[i];
      env.idle(ctx);
      ctx.reset();
      if (ctx.holdsAt(now)) { i++; continue; }
      const d = this.devices.get(ctx.device)!;
      d.apps.delete(ctx.app);
      if (d.lastApp === ctx) d.lastApp = undefined;
      env.stats.contextsEvicted++;
      // the last slot moves here (the order of contexts means nothing) and slot i is looked at again
      const moved = list[--n];
      list[i] = moved;
      moved.slot = i;
      lastTs[i] = lastTs[n];
      list.pop();
      ctx.slot = -1;
    }
    const gone = idle - DEVICE_EXTRA_IDLE;
    for (const d of this.devices.values()) {
      if (d.apps.size !== 0 || d.lastTs >= gone) continue;
      this.devices.delete(d.device);
      if (this.lastDevice === d) this.lastDevice = undefined;
    }
  }
}
