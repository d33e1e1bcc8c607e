// The streaming engine: canonical reordering within lateness, dispatch into per-(device, app)
// contexts, chain evaluation on each send, and the chain lifecycle. Time is event time only: the
// watermark of the reorder buffer is the engine's clock, and a host that knows time has passed
// without events (an idle server, a quiet partition) says so with `advanceTo`.
import type { Accepted, Policy } from '../model/index.js';
import { TYPE_CODES } from '../model/index.js';
import { Inventory } from '../policy/inventory.js';
import { ReorderBuffer } from './reorder-buffer.js';
import type { DeviceContext } from './device-context.js';
import { SEEN_NET } from './device-context.js';
import { AppContext } from './an1731/app-context.js';
import { FleetKeys } from './an1731/fleet-keys.js';
import type { Chain } from './an1731/chain.js';
import type { Analysis } from './an1731/types.js';
import { ceilingOf, evaluateChain, hasEnds } from './an1731/evaluate.js';
import type { EvalEnv } from './an1731/facet.js';
import { REPORT_FLOOR } from './an1731/scoring.js';
import { BaselineIndex } from './an1731/baseline-deviation.js';
import type { Baseline } from '../baseline/types.js';
import { EngineStats } from './engine-stats.js';
import { ContextTable, type TableEnv } from './context-table.js';
import { appEvent, deviceEvent, K_DEVICE_STATE, K_USER_INTERACTION, type DispatchEnv } from './dispatch.js';
import { Chains, type AlertUpdate, type LifecycleEnv } from './chain-lifecycle.js';

export type { AlertUpdate };

export interface EngineOptions {
  policy: Policy;
  /** ms of event time an event may arrive late and still be put in canonical order */
  lateness: number;
  onAlert: (u: AlertUpdate) => void;
  /** how long the cross-device key index remembers a device (ms of event time) */
  fleetHorizon?: number;
  /** re-emit a growing chain only when its score rose at least this much (streaming updates) */
  updateStep?: number;
  /** the fleet baseline (BASELINE.json): departures from it count as inconsistency */
  baseline?: Baseline;
  /** the cross-device key index to use (distributed mode injects one that also publishes its notes) */
  fleetKeys?: FleetKeys;
  /** distributed mode: chains holding keys are handed over at their due time, un-rescored and
   *  un-emitted, to a second stage that sees the whole fleet's keys (see src/nats/fleet-stage.ts) */
  handOver?: (chain: Chain) => void;
  /** false: windows never sleep (tests prove sleeping changes no alert) */
  sleep?: boolean;
}

/** the cross-device key index remembers a device this long: hard-coded keys show up hours apart */
export const DEFAULT_FLEET_HORIZON = 3_600_000;

export function fleetHorizonOf(o: Pick<EngineOptions, 'policy' | 'lateness' | 'fleetHorizon'>): number {
  return o.fleetHorizon ?? Math.max(o.policy.thresholds.time_window + o.lateness, DEFAULT_FLEET_HORIZON);
}

/** how much event time a host must replay to rebuild an engine's state at a moment: the window and
 *  the lateness, then the fleet horizon (held chains), or the staging horizon when it is longer */
export function replaySpan(policy: Policy, lateness: number): number {
  const window = policy.thresholds.time_window;
  return window + lateness + Math.max(window + lateness, DEFAULT_FLEET_HORIZON, policy.thresholds.staging_horizon);
}

/** how long key records are read as present after their last use (`used`) or their announcement
 *  when no op used them yet (`announced`): the engine and the exact-keys publisher share this rule */
export function keyHorizonsOf(policy: Policy, lateness: number): { used: number; announced: number } {
  const used = policy.thresholds.time_window + lateness;
  return { used, announced: Math.max(policy.thresholds.staging_horizon, used) };
}

/** sweep idle state every this much event time */
const SWEEP_EVERY = 60_000;
/** an encrypt op on a device without network telemetry is judged once this long passed without another */
const ENCRYPT_ONLY_WAIT = 60_000;

export class Engine {
  readonly stats = new EngineStats();
  private readonly buffer: ReorderBuffer;
  private readonly table = new ContextTable();
  private readonly chains = new Chains();
  /** contexts whose last encrypt awaits judgement because the device shows no network: due time.
   *  Judged after the device's first event at or past it (a send then makes it moot), or when time
   *  advances past it: never at a moment set by other devices' events, which differ by host */
  private readonly encryptOnly = new Map<AppContext, number>();
  private lastSweep = -Infinity;
  private lastFleetEvict = -Infinity;
  // (rebuilt from the options, never checkpointed: see snapshot.ts)
  private readonly a: Analysis;
  private readonly env: { table: TableEnv; dispatch: DispatchEnv; life: LifecycleEnv };
  private readonly release = (x: Accepted) => this.process(x);
  /** the evaluation's env, reused (an evaluation is synchronous and keeps nothing of it) */
  private readonly scratch: EvalEnv;

  constructor(private readonly opts: EngineOptions) {
    this.buffer = new ReorderBuffer(opts.lateness);
    const p = opts.policy;
    const a: Analysis = this.a = {
      policy: p,
      inventory: new Inventory(p),
      fleetKeys: opts.fleetKeys ?? new FleetKeys(fleetHorizonOf(opts)),
      ...(opts.baseline ? { baseline: new BaselineIndex(opts.baseline) } : {}),
    };
    this.scratch = { a, ctx: undefined as unknown as AppContext, w: undefined as unknown as AppContext['win'], t: 0, seen: 0 };
    const window = p.thresholds.time_window, keys = keyHorizonsOf(p, opts.lateness), horizon = keys.announced;
    const life: LifecycleEnv = { a, stats: this.stats, updateStep: opts.updateStep ?? 5, onAlert: opts.onAlert, ...(opts.handOver ? { handOver: opts.handOver } : {}) };
    this.env = {
      life,
      table: {
        idleSpan: window + opts.lateness, stats: this.stats,
        make: (device, app) => new AppContext(device, app, a.inventory.entry(app), a.inventory.isAllowedCrypto(app), horizon, keys.used),
        idle: (ctx) => {
          // an encrypt-only judgement still owed is made on the state the context goes idle with
          if (this.encryptOnly.delete(ctx)) {
            const dev = this.table.devices.get(ctx.device);
            if (dev && !(dev.seen & SEEN_NET)) this.evaluate(ctx, dev, ctx.win.newest);
          }
          if (ctx.chain) this.chains.close(ctx, life);
        },
      },
      dispatch: {
        a, window, stagingHorizon: horizon, scratch: { a, ctx: undefined as unknown as AppContext, w: undefined as unknown as AppContext['win'] },
        evaluate: (ctx, dev, t) => this.evaluate(ctx, dev, t),
        encryptOnly: (ctx, dev, ts) => { const due = ts + ENCRYPT_ONLY_WAIT; this.encryptOnly.set(ctx, due); if (due < dev.encryptDue) dev.encryptDue = due; },
      },
    };
  }

  push(x: Accepted): void {
    this.stats.accepted++;
    if (this.buffer.isLate(x)) {
      // later than lateness: its moment has passed, but what it says is still used
      this.stats.late++;
      this.process(x);
      return;
    }
    this.buffer.push(x);
    this.buffer.drain(this.release);
    if (this.buffer.size > this.stats.bufferPeak) this.stats.bufferPeak = this.buffer.size;
  }

  /** Event time has reached `ts` (a host's clock when input is quiet): everything buffered up to
   *  `ts - lateness` is released, and what is due by then (idle contexts and chains, held chains) is done.
   *  Events that then arrive before the new watermark are processed as late (still used). */
  advanceTo(ts: number): void {
    this.buffer.advanceTo(ts, this.release);
    // (encrypt-only judgements are not made here: they wait for their device's next event or
    // for the context to go idle, moments that do not depend on when a host advanced)
    const now = this.buffer.watermark;
    if (now - this.lastSweep >= SWEEP_EVERY) this.sweep(now);
  }

  /** end of input: release everything, close every chain, emit finals */
  end(): void {
    this.buffer.flush(this.release);
    this.runDue(Infinity);
    this.chains.end(this.env.life);
  }

  get liveContexts(): number { return this.table.live; }
  get watermark(): number { return this.buffer.watermark; }
  /** events held by the reorder buffer */
  get buffered(): number { return this.buffer.size; }

  private process(x: Accepted): void {
    this.stats.processed++;
    const e = x.event;
    // the normalizer hoists type (as a number), device and app onto the wrapper: one-shape loads
    let kind: number | undefined, device: string, app: string | undefined, ts: number;
    if (x.kind !== undefined) { kind = x.kind; device = x.device!; app = x.app; ts = x.ts; }
    else { kind = TYPE_CODES.get(e.type); device = e.device; app = e.app; ts = e.ts; }
    const env = this.env;
    const dev = this.table.device(device, ts, env.table);
    if (kind === K_DEVICE_STATE || (kind === K_USER_INTERACTION && app === undefined)) deviceEvent(e, kind, ts, dev);
    else appEvent(e, kind, ts, x.ref, this.table.context(dev, app as string, ts, env.table), dev, env.dispatch);
    if (ts >= dev.encryptDue) this.runDue(ts, dev);
    // sweeps follow the canonical event sequence (not arrival), so shuffled input sweeps at the same points
    if (ts - this.lastSweep >= SWEEP_EVERY) this.sweep(ts);
  }

  private evaluate(ctx: AppContext, dev: DeviceContext, t: number): void {
    const w = ctx.win;
    if (w.dormant) { this.stats.skipped++; return; }
    // most sends of most apps follow no encryption at all: asked before anything is made
    if (!hasEnds(w, dev.seen)) return;
    this.stats.evaluations++;
    const x = this.scratch;
    x.ctx = ctx; x.w = w; x.t = t; x.seen = dev.seen; x.sources = dev.sources;
    const e = evaluateChain(x, this.a, REPORT_FLOOR);
    if (e) { this.chains.observe(ctx, e, x, this.env.life); return; }
    // under the floor, and no send could lift it there: the window sleeps (a VPN, a messenger)
    if (this.opts.sleep !== false && ceilingOf(x, this.a) < REPORT_FLOOR) w.sleep();
  }

  /** encrypt-only contexts (of `only` device, or all) whose wait ended by `now`: judged at their newest record */
  private runDue(now: number, only?: DeviceContext): void {
    for (const [ctx, due] of this.encryptOnly) {
      if (due > now || (only !== undefined && ctx.device !== only.device)) continue;
      this.encryptOnly.delete(ctx);
      const dev = only ?? this.table.devices.get(ctx.device);
      if (dev && !(dev.seen & SEEN_NET) && ctx.slot >= 0) this.evaluate(ctx, dev, ctx.win.newest);
    }
    if (only) only.encryptDue = Infinity;
    else for (const d of this.table.devices.values()) d.encryptDue = Infinity;
    for (const [ctx, due] of this.encryptOnly) {
      const d = only ?? this.table.devices.get(ctx.device);
      if (d && d.device === ctx.device && due < d.encryptDue) d.encryptDue = due;
    }
  }

  /** closes idle chains, finalizes held ones, frees idle state */
  private sweep(now: number): void {
    this.lastSweep = now;
    // (idle contexts first: a judgement still owed there may open a chain that is due at once)
    this.table.sweep(now, this.env.table);
    this.chains.tick(now, this.env.life);
    const fk = this.a.fleetKeys;
    if (now - this.lastFleetEvict >= fk.horizon / 4) { fk.evict(now); this.lastFleetEvict = now; }
  }
}
