// The streaming engine: canonical reordering within lateness, dispatch by event type into
// per-(device, app) contexts, chain evaluation on each send, and eviction of idle state.
// Time is event time only: the watermark of the reorder buffer is the engine's clock.
import type { Accepted, Alert, Policy, TelemetryEvent } from '../model/index.js';
import { Inventory } from '../policy/inventory.js';
import { ReorderBuffer } from './reorder-buffer.js';
import { DeviceContext, SEEN_CRYPTO, SEEN_DATA, SEEN_INFO, SEEN_KEY, SEEN_NET, SEEN_STATE } from './device-context.js';
import { AppContext, type ExecState } from './an1731/app-context.js';
import { FleetKeys } from './an1731/fleet-keys.js';
import { evaluateChain, rescoreForFleet } from './an1731/evaluate.js';
import { Chain } from './an1731/chain.js';
import { explainAlert } from './an1731/explain.js';
import { REPORT_FLOOR } from './an1731/scoring.js';
import type { Analysis } from './an1731/chain-view.js';
import { EngineStats } from './engine-stats.js';
import { HIDDEN_STATES } from './an1731/exec-state.js';
import { UNSEEN_ENTROPY } from './an1731/app-context.js';

export interface AlertUpdate { alert: Alert; final: boolean }

export interface EngineOptions {
  policy: Policy;
  /** ms of event time an event may arrive late and still be put in canonical order */
  lateness: number;
  onAlert: (u: AlertUpdate) => void;
  /** how long the cross-device key index remembers a device (ms of event time) */
  fleetHorizon?: number;
  /** re-emit a growing chain only when its score rose at least this much (streaming updates) */
  updateStep?: number;
}

/** the cross-device key index remembers a device this long: hard-coded keys show up hours apart */
export const DEFAULT_FLEET_HORIZON = 3_600_000;

/** sweep idle state every this much event time */
const SWEEP_EVERY = 60_000;

export class Engine {
  readonly stats = new EngineStats();
  private readonly buffer: ReorderBuffer;
  private readonly devices = new Map<string, DeviceContext>();
  /** live (device, app) contexts, held by their DeviceContext; the sweep scans them for idleness */
  private live = 0;
  private readonly openChains = new Set<AppContext>();
  /** contexts whose last encrypt awaits evaluation because the device shows no network yet */
  private readonly encryptOnly = new Map<AppContext, number>();
  /** closed chains held back for the fleet horizon, so a key seen later on another device still raises them */
  private pending: { chain: Chain; due: number }[] = [];
  private readonly a: Analysis;
  private lastSweep = -Infinity;
  private lastFleetEvict = -Infinity;
  private readonly release = (x: Accepted) => this.process(x);

  constructor(private readonly opts: EngineOptions) {
    this.buffer = new ReorderBuffer(opts.lateness);
    const p = opts.policy;
    this.a = {
      policy: p,
      inventory: new Inventory(p),
      fleetKeys: new FleetKeys(opts.fleetHorizon ?? Math.max(p.thresholds.time_window + opts.lateness, DEFAULT_FLEET_HORIZON)),
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

  /** end of input: release everything, close every chain, emit finals */
  end(): void {
    this.buffer.flush(this.release);
    this.evaluateEncryptOnly();
    for (const ctx of this.openChains) this.closeChain(ctx);
    this.openChains.clear();
    for (const p of this.pending) this.finalize(p.chain);
    this.pending = [];
  }

  get liveContexts(): number { return this.live; }
  get watermark(): number { return this.buffer.watermark; }

  private device(id: string): DeviceContext {
    let d = this.devices.get(id);
    if (!d) { d = new DeviceContext(id); this.devices.set(id, d); }
    return d;
  }

  private context(dev: DeviceContext, app: string): AppContext {
    let c = dev.apps.get(app);
    if (!c) {
      c = new AppContext(dev.device, app);
      this.stats.contextsCreated++;
      dev.apps.set(app, c);
      if (++this.live > this.stats.contextsPeak) this.stats.contextsPeak = this.live;
    }
    return c;
  }

  private exec(ctx: AppContext, dev: DeviceContext, ts: number): ExecState {
    const last = Math.max(ctx.lastInteraction, dev.lastInteraction);
    return { state: ctx.appState, screenOff: dev.screen === 'off' ? true : dev.screen === 'on' ? false : undefined, locked: dev.locked, idleMs: ts - last };
  }

  private process({ event: e, ref }: Accepted): void {
    this.stats.processed++;
    const dev = this.device(e.device);
    if (e.ts > dev.lastTs) dev.lastTs = e.ts;
    if (e.type === 'device.state') {
      if (e.screen !== undefined) dev.screen = e.screen;
      if (e.locked !== undefined) dev.locked = e.locked;
      dev.seen |= SEEN_STATE;
    } else if (e.type === 'user.interaction' && e.app === undefined) {
      if (e.ts > dev.lastInteraction) dev.lastInteraction = e.ts;
      dev.seen |= SEEN_STATE;
    } else {
      this.processApp(e as TelemetryEvent & { app: string }, ref, dev);
    }
    // sweeps follow the canonical event sequence (not arrival), so shuffled input sweeps at the same points
    if (e.ts - this.lastSweep >= SWEEP_EVERY) this.sweep(e.ts);
  }

  private processApp(e: TelemetryEvent & { app: string }, ref: string, dev: DeviceContext): void {
    const ctx = this.context(dev, e.app);
    if (e.ts > ctx.lastTs) ctx.lastTs = e.ts;
    const window = this.a.policy.thresholds.time_window;
    switch (e.type) {
      case 'crypto.key':
        ctx.quiet = false;
        dev.seen |= SEEN_CRYPTO | SEEN_KEY;
        ctx.keys.set(e.key_fp, { key_fp: e.key_fp, alg: e.alg, origin: e.origin ?? 'unknown', hw_backed: e.hw_backed === true, ref, ts: e.ts, kdf: e.kdf, bits: e.bits, lastUse: e.ts });
        break;
      case 'crypto.op':
        dev.seen |= SEEN_CRYPTO;
        if (e.key_fp) dev.seen |= SEEN_KEY;
        if (e.dir === 'decrypt') { ctx.decrypts.add({ ts: e.ts }); ctx.decrypts.prune(e.ts - window); break; }
        ctx.encrypts.prune(e.ts - window);
        {
          // a new key (or none) can raise the score bound; the same key again cannot
          const prev = ctx.encrypts.last();
          if (!prev || prev.key_fp !== e.key_fp || e.key_fp === undefined || this.a.policy.thresholds.foreground_state_required) ctx.quiet = false;
        }
        ctx.encrypts.add({
          ts: e.ts, ref, alg: e.alg, in_bytes: e.in_bytes ?? 0, out_bytes: e.out_bytes ?? e.in_bytes ?? 0, exec: this.exec(ctx, dev, e.ts),
          mode: e.mode, key_fp: e.key_fp, proc: e.proc,
        });
        if (e.key_fp) { const k = ctx.keys.get(e.key_fp); if (k && e.ts > k.lastUse) k.lastUse = e.ts; }
        if (e.key_fp && this.fleetCandidate(ctx, e.key_fp)) this.a.fleetKeys.note(e.app, e.key_fp, e.device, e.ts);
        // with no network telemetry on this device the encryption is the last visible step; wait
        // one sweep before judging it, in case the sensor's first send is just behind
        if (!(dev.seen & SEEN_NET)) this.encryptOnly.set(ctx, e.ts);
        break;
      case 'data.access':
        dev.seen |= SEEN_DATA;
        ctx.quiet = false;
        ctx.reads.prune(e.ts - window);
        ctx.reads.add({ ts: e.ts, ref, category: e.category, items: e.items ?? 0, bytes: e.bytes ?? 0 });
        break;
      case 'file.write':
        dev.seen |= SEEN_DATA;
        // only high-entropy writes can be staged ciphertext; writes whose content the sensor could not
        // see (sandbox open() hooks) are kept as weaker evidence; the rest is not kept
        if (e.entropy === undefined || e.entropy >= this.a.policy.thresholds.entropy_threshold) {
          ctx.quiet = false;
          ctx.files.prune(e.ts - window);
          ctx.files.add({ ts: e.ts, ref, path: e.path, bytes: e.bytes, entropy: e.entropy ?? UNSEEN_ENTROPY });
        }
        break;
      case 'file.delete':
        for (const f of ctx.files.items) if (f.path === e.path && f.deleted === undefined) f.deleted = e.ts;
        break;
      case 'app.state':
        dev.seen |= SEEN_STATE;
        ctx.appState = e.state;
        break;
      case 'user.interaction':
        dev.seen |= SEEN_STATE;
        if (e.ts > ctx.lastInteraction) ctx.lastInteraction = e.ts;
        break;
      case 'net.send': {
        dev.seen |= SEEN_NET;
        const host = e.dst_host, ip = e.dst_ip;
        const dest = (host ?? ip ?? '?') + (e.dst_port !== undefined ? ':' + e.dst_port : '');
        const exec = this.exec(ctx, dev, e.ts);
        const offPolicy = this.offPolicy(ctx.app, host, exec);
        if (offPolicy) ctx.quiet = false;
        ctx.sends.prune(e.ts - window);
        ctx.sends.add({ ts: e.ts, ref, dest, bytes: e.bytes_out, exec, host, ip, port: e.dst_port, proto: e.proto, tls: e.tls, payload: e.payload, offPolicy });
        this.evaluate(ctx, dev, e.ts);
        break;
      }
      case 'app.info':
        ctx.quiet = false;
        dev.seen |= SEEN_INFO;
        if (e.signer !== undefined) {
          ctx.facts.signer = e.signer;
          const pinned = this.a.inventory.entry(e.app)?.signer;
          ctx.facts.signerMismatch = pinned !== undefined && !this.a.inventory.signerMatches(pinned, e.signer);
        }
        if (e.approved !== undefined) ctx.facts.approved = e.approved;
        if (e.label !== undefined) ctx.facts.label = e.label;
        if (e.installer !== undefined) ctx.facts.installer = e.installer;
        if (e.version !== undefined) ctx.facts.version = e.version;
        break;
      case 'device.state':
        break; // handled device-wide before dispatch
      default: {
        const never: never = e;
        throw new Error(`unhandled event type ${(never as TelemetryEvent).type}`);
      }
    }
    // rings are pruned when they grow and before each evaluation, not on every event
  }

  /** a send that breaks the app's declared network expectations (domain, background), judged once */
  private offPolicy(app: string, host: string | undefined, exec: ExecState): boolean {
    const hidden = exec.state !== undefined && HIDDEN_STATES.has(exec.state);
    if (hidden && this.a.policy.thresholds.foreground_state_required) return true;
    const entry = this.a.inventory.entry(app);
    if (!entry) return false;
    if (entry.expected_domains && entry.expected_domains.length > 0 && (!host || !this.a.inventory.domainExpected(entry, host))) return true;
    return hidden && entry.background_network !== true;
  }

  /** keys the sensor saw born on the device (random, Keystore, from the network) cannot be shipped in the APK */
  private fleetCandidate(ctx: AppContext, keyFp: string): boolean {
    const k = ctx.keys.get(keyFp);
    return !k || !(k.hw_backed || k.origin === 'generated' || k.origin === 'keystore' || k.origin === 'remote');
  }

  private evaluate(ctx: AppContext, dev: DeviceContext, t: number): void {
    // nothing that could lift the score bound arrived since it was last under the floor
    if (ctx.quiet && ctx.quietSeen === dev.seen) { this.stats.skipped++; return; }
    this.stats.evaluations++;
    ctx.prune(t - this.a.policy.thresholds.time_window);
    const e = evaluateChain(ctx, dev, t, this.a);
    if (!e || e.score < REPORT_FLOOR) return;
    const window = this.a.policy.thresholds.time_window;
    let c = ctx.chain;
    if (c && c.lastTs < t - window) { this.closeChain(ctx); c = undefined; }
    if (!c) {
      c = new Chain(ctx.device, ctx.app, e, this.a);
      ctx.chain = c;
      this.openChains.add(ctx);
      this.stats.chains++;
    } else c.absorb(e, this.a);
    const step = this.opts.updateStep ?? 5;
    if (c.emittedScore < 0 || c.best.score >= c.emittedScore + step || c.best.severity !== this.severityAt(c.emittedScore)) this.emit(c, false);
  }

  private severityAt(score: number): string {
    const s = this.a.policy.severity;
    return score >= s.critical ? 'critical' : score >= s.high ? 'high' : score >= s.medium ? 'medium' : 'low';
  }

  private emit(c: Chain, final: boolean): void {
    c.rev++;
    c.emittedScore = c.best.score;
    this.stats.updates++;
    if (final) this.stats.alerts++;
    this.opts.onAlert({ alert: explainAlert(c, this.a.policy), final });
  }

  private closeChain(ctx: AppContext): void {
    const c = ctx.chain;
    if (!c) return;
    ctx.chain = undefined;
    this.openChains.delete(ctx);
    if (c.keys.size > 0) this.pending.push({ chain: c, due: c.lastTs + this.a.fleetKeys.horizon });
    else this.finalize(c);
  }

  private finalize(c: Chain): void {
    let most = 0;
    const h = this.a.fleetKeys.horizon;
    for (const k of c.keys) most = Math.max(most, this.a.fleetKeys.devices(c.app, k, c.firstTs - h, c.lastTs + h).length);
    const before = c.best.score;
    c.best = rescoreForFleet(c.best, most, this.a);
    if (c.best.score !== before) this.stats.fleetRaised++;
    this.emit(c, true);
  }

  private evaluateEncryptOnly(): void {
    for (const [ctx, ts] of this.encryptOnly) {
      const dev = this.device(ctx.device);
      if (!(dev.seen & SEEN_NET)) this.evaluate(ctx, dev, ts);
    }
    this.encryptOnly.clear();
  }

  /** close idle chains, finalize held ones, evict contexts idle past window + lateness */
  private sweep(now: number): void {
    this.lastSweep = now;
    const window = this.a.policy.thresholds.time_window;
    this.evaluateEncryptOnly();
    for (const ctx of this.openChains) if (ctx.chain && ctx.chain.lastTs < now - window) this.closeChain(ctx);
    if (this.pending.length) {
      const keep: typeof this.pending = [];
      for (const p of this.pending) (p.due <= now ? this.finalize(p.chain) : keep.push(p));
      this.pending = keep;
    }
    const idle = now - window - this.opts.lateness;
    for (const [id, d] of this.devices) {
      for (const [app, ctx] of d.apps) {
        if (ctx.lastTs >= idle) { ctx.evictKeys(idle); continue; }
        if (ctx.chain) this.closeChain(ctx);
        d.apps.delete(app);
        this.live--;
        this.stats.contextsEvicted++;
      }
      // device facts (screen, lock, sensor visibility) outlive its apps by an hour
      if (d.apps.size === 0 && d.lastTs < idle - 3_600_000) this.devices.delete(id);
    }
    if (now - this.lastFleetEvict >= this.a.fleetKeys.horizon / 4) { this.a.fleetKeys.evict(now); this.lastFleetEvict = now; }
  }
}
