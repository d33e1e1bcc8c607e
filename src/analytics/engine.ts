// The streaming engine: canonical reordering within lateness, dispatch by event type into
// per-(device, app) contexts, chain evaluation on each send, and eviction of idle state.
// Time is event time only: the watermark of the reorder buffer is the engine's clock.
import type {
  Accepted, Alert, AppEntry, AppInfoEvent, AppStateEvent, CryptoKeyEvent, CryptoOpEvent, DataAccessEvent, DeviceStateEvent,
  FileDeleteEvent, FileWriteEvent, NetSendEvent, Policy, TelemetryEvent,
} from '../model/index.js';
import { TYPE_CODES } from '../model/index.js';
import { Inventory } from '../policy/inventory.js';
import { ReorderBuffer } from './reorder-buffer.js';
import { DeviceContext, SEEN_CRYPTO, SEEN_DATA, SEEN_INFO, SEEN_KEY, SEEN_NET, SEEN_STATE } from './device-context.js';
import { AppContext, type ExecState } from './an1731/app-context.js';
import { FleetKeys } from './an1731/fleet-keys.js';
import { evaluateChain, rescoreForFleet } from './an1731/evaluate.js';
import { Chain } from './an1731/chain.js';
import { explainAlert } from './an1731/explain.js';
import { REPORT_FLOOR, severityOf } from './an1731/scoring.js';
import type { Analysis } from './an1731/chain-view.js';
import { EngineStats } from './engine-stats.js';
import { HIDDEN_STATES } from './an1731/exec-state.js';
import { UNSEEN_ENTROPY } from './an1731/app-context.js';
import { BaselineIndex } from './an1731/baseline-deviation.js';
import type { Baseline } from '../baseline/types.js';
import { usedInWindow } from './quiet-keys.js';

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
  /** the fleet baseline (BASELINE.json): departures from it count as inconsistency */
  baseline?: Baseline;
  /** the cross-device key index to use (distributed mode injects one that also publishes its notes) */
  fleetKeys?: FleetKeys;
  /** distributed mode: chains holding keys are handed over at their due time, un-rescored and
   *  un-emitted, to a second stage that sees the whole fleet's keys (see src/nats/aggregator.ts) */
  handOver?: (chain: Chain) => void;
}

/** the cross-device key index remembers a device this long: hard-coded keys show up hours apart */
export const DEFAULT_FLEET_HORIZON = 3_600_000;

// event type codes (index in EVENT_TYPES, as the normalizer hoists them)
const K_CRYPTO_KEY = 0, K_CRYPTO_OP = 1, K_DATA_ACCESS = 2, K_FILE_WRITE = 3, K_FILE_DELETE = 4,
  K_APP_STATE = 5, K_DEVICE_STATE = 6, K_USER_INTERACTION = 7, K_NET_SEND = 8, K_APP_INFO = 9;

export function fleetHorizonOf(o: Pick<EngineOptions, 'policy' | 'lateness' | 'fleetHorizon'>): number {
  return o.fleetHorizon ?? Math.max(o.policy.thresholds.time_window + o.lateness, DEFAULT_FLEET_HORIZON);
}

/** sweep idle state every this much event time */
const SWEEP_EVERY = 60_000;

export class Engine {
  readonly stats = new EngineStats();
  private readonly buffer: ReorderBuffer;
  private readonly devices = new Map<string, DeviceContext>();
  /** live (device, app) contexts, held by their DeviceContext; the sweep scans them for idleness */
  private live = 0;
  /** the same live contexts in one array (`slot` is the index), with their lastTs and keysMinUse
   *  mirrored in typed arrays: the sweep reads those and touches only the contexts it changes */
  private contexts: AppContext[] = [];
  private slotLastTs = new Float64Array(1024);
  private slotKeysMin = new Float64Array(1024);
  private readonly openChains = new Set<AppContext>();
  /** contexts whose last encrypt awaits evaluation because the device shows no network yet */
  private readonly encryptOnly = new Map<AppContext, number>();
  /** closed chains held back for the fleet horizon, so a key seen later on another device still raises them */
  private pending: { chain: Chain; due: number }[] = [];
  private readonly a: Analysis;
  private lastSweep = -Infinity;
  private lastFleetEvict = -Infinity;
  private readonly release = (x: Accepted) => this.process(x);
  /** the device of the last event (a cache in front of `devices`) */
  private lastDevice: DeviceContext | undefined;
  /** no device without apps has a lastTs under this (a lower bound: the sweep looks at devices
   *  only when one may have been idle long enough to go) */
  private emptyDevicesMinTs = -Infinity;

  constructor(private readonly opts: EngineOptions) {
    this.buffer = new ReorderBuffer(opts.lateness);
    const p = opts.policy;
    this.a = {
      policy: p,
      inventory: new Inventory(p),
      fleetKeys: opts.fleetKeys ?? new FleetKeys(fleetHorizonOf(opts)),
      ...(opts.baseline ? { baseline: new BaselineIndex(opts.baseline) } : {}),
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
    // a third of the events come from the device of the event before
    const last = this.lastDevice;
    if (last !== undefined && last.device === id) return last;
    let d = this.devices.get(id);
    if (!d) { d = new DeviceContext(id); this.devices.set(id, d); this.emptyDevicesMinTs = -Infinity; }
    this.lastDevice = d;
    return d;
  }

  private context(dev: DeviceContext, app: string): AppContext {
    // a device's events often come from the app of its previous event: one string compare, no hashing
    const last = dev.lastApp;
    if (last !== undefined && last.app === app) return last;
    let c = dev.apps.get(app);
    if (!c) {
      c = new AppContext(dev.device, app, this.a.inventory.entry(app));
      this.stats.contextsCreated++;
      dev.apps.set(app, c);
      this.addSlot(c);
      if (++this.live > this.stats.contextsPeak) this.stats.contextsPeak = this.live;
    }
    dev.lastApp = c;
    return c;
  }

  private addSlot(c: AppContext): void {
    const slot = this.contexts.length;
    if (slot === this.slotLastTs.length) {
      const lastTs = new Float64Array(slot * 2), keysMin = new Float64Array(slot * 2);
      lastTs.set(this.slotLastTs);
      keysMin.set(this.slotKeysMin);
      this.slotLastTs = lastTs;
      this.slotKeysMin = keysMin;
    }
    c.slot = slot;
    this.contexts.push(c);
    this.slotLastTs[slot] = c.lastTs;
    this.slotKeysMin[slot] = c.keysMinUse;
  }

  /** the exec state now: one object per state change, shared by the records made meanwhile */
  private exec(ctx: AppContext, dev: DeviceContext): ExecState {
    let x = ctx.exec;
    if (x === undefined || ctx.execVersion !== dev.stateVersion) {
      x = { state: ctx.appState, screenOff: dev.screen === 'off' ? true : dev.screen === 'on' ? false : undefined, locked: dev.locked, lastInteraction: Math.max(ctx.lastInteraction, dev.lastInteraction) };
      ctx.exec = x;
      ctx.execVersion = dev.stateVersion;
    }
    return x;
  }

  private process(x: Accepted): void {
    this.stats.processed++;
    const e = x.event;
    // the normalizer hoists type (as a number), device and app onto the wrapper: one-shape loads
    let kind: number | undefined, device: string, app: string | undefined, ts: number;
    if (x.kind !== undefined) { kind = x.kind; device = x.device!; app = x.app; ts = x.ts; }
    else { kind = TYPE_CODES.get(e.type); device = e.device; app = e.app; ts = e.ts; }
    const dev = this.device(device);
    if (ts > dev.lastTs) dev.lastTs = ts;
    if (kind === K_DEVICE_STATE) {
      const d = e as DeviceStateEvent;
      if (d.screen !== undefined) dev.screen = d.screen;
      if (d.locked !== undefined) dev.locked = d.locked;
      dev.seen |= SEEN_STATE;
      dev.stateVersion++;
    } else if (kind === K_USER_INTERACTION && app === undefined) {
      if (ts > dev.lastInteraction) { dev.lastInteraction = ts; dev.stateVersion++; }
      dev.seen |= SEEN_STATE;
    } else {
      this.processApp(e, kind, app as string, ts, x.ref, dev);
    }
    // sweeps follow the canonical event sequence (not arrival), so shuffled input sweeps at the same points
    if (ts - this.lastSweep >= SWEEP_EVERY) this.sweep(ts);
  }

  private processApp(ev: TelemetryEvent, kind: number | undefined, app: string, ts: number, ref: string, dev: DeviceContext): void {
    const ctx = this.context(dev, app);
    if (ts > ctx.lastTs) { ctx.lastTs = ts; this.slotLastTs[ctx.slot] = ts; }
    const window = this.a.policy.thresholds.time_window;
    switch (kind) {
      case K_CRYPTO_KEY: {
        const e = ev as CryptoKeyEvent;
        // the score bound reads key records only through the ops in view: a key no op in the window
        // used cannot raise it (the op that first uses it wakes the context, see below)
        if (usedInWindow(ctx, e.key_fp)) ctx.wake();
        dev.seen |= SEEN_CRYPTO | SEEN_KEY;
        ctx.setKey({ key_fp: e.key_fp, alg: e.alg, origin: e.origin ?? 'unknown', hw_backed: e.hw_backed === true, kdf: e.kdf, lastUse: ts });
        this.slotKeysMin[ctx.slot] = ctx.keysMinUse;
        break;
      }
      case K_CRYPTO_OP: {
        const e = ev as CryptoOpEvent;
        let fp = e.key_fp;
        dev.seen |= SEEN_CRYPTO;
        if (fp) dev.seen |= SEEN_KEY;
        if (e.dir === 'decrypt') { const d = ctx.decryptsToAdd(); d.add(ts); d.prune(ts - window); break; }
        const ops = ctx.encryptsToAdd();
        ops.prune(ts - window);
        // rows keep the equal string already held (the key record's, the previous op's) so that
        // the parsed event's copies die young instead of being copied and promoted by the GC
        const prev = ops.lastRow();
        const prevFp = prev >= 0 ? ops.keyFp(prev) : undefined;
        const k = fp ? ctx.key(fp) : undefined;
        if (k !== undefined) fp = k.key_fp;
        else if (prev >= 0 && prevFp === fp) fp = prevFp;
        // a new key (or none) can raise the score bound; a key (or none) that an op in the window
        // already used cannot: the bound reads only the set of keys in view (see quiet-keys.ts)
        if (prev < 0 || this.a.policy.thresholds.foreground_state_required || !(prevFp === fp && fp !== undefined) && !(ctx.quiet || ctx.quietInc ? usedInWindow(ctx, fp) : false)) ctx.wake();
        const inBytes = e.in_bytes;
        ops.add(ts, ref, e.alg, inBytes ?? 0, e.out_bytes ?? inBytes ?? 0, this.exec(ctx, dev), e.mode, fp, e.proc);
        if (fp) {
          if (k && ts > k.lastUse) k.lastUse = ts;
          // keys the sensor saw born on the device (random, Keystore, from the network) cannot be shipped in the APK
          if (!k || !(k.hw_backed || k.origin === 'generated' || k.origin === 'keystore' || k.origin === 'remote')) this.a.fleetKeys.note(app, fp, dev.device, ts);
        }
        // with no network telemetry on this device the encryption is the last visible step; wait
        // one sweep before judging it, in case the sensor's first send is just behind
        if (!(dev.seen & SEEN_NET)) this.encryptOnly.set(ctx, ts);
        break;
      }
      case K_DATA_ACCESS: {
        const e = ev as DataAccessEvent;
        dev.seen |= SEEN_DATA;
        ctx.wake();
        const reads = ctx.readsToAdd();
        reads.prune(ts - window);
        reads.add({ ts, ref, category: e.category, items: e.items ?? 0, bytes: e.bytes ?? 0 });
        break;
      }
      case K_FILE_WRITE: {
        const e = ev as FileWriteEvent;
        dev.seen |= SEEN_DATA;
        // only high-entropy writes can be staged ciphertext; writes whose content the sensor could not
        // see (sandbox open() hooks) are kept as weaker evidence; the rest is not kept
        if (e.entropy === undefined || e.entropy >= this.a.policy.thresholds.entropy_threshold) {
          ctx.wake();
          const files = ctx.filesToAdd();
          files.prune(ts - window);
          files.add({ ts, ref, path: e.path, bytes: e.bytes, entropy: e.entropy ?? UNSEEN_ENTROPY });
        }
        break;
      }
      case K_FILE_DELETE: {
        const path = (ev as FileDeleteEvent).path;
        for (const f of ctx.files.items) if (f.path === path && f.deleted === undefined) f.deleted = ts;
        break;
      }
      case K_APP_STATE:
        dev.seen |= SEEN_STATE;
        ctx.appState = (ev as AppStateEvent).state;
        ctx.exec = undefined;
        break;
      case K_USER_INTERACTION:
        dev.seen |= SEEN_STATE;
        if (ts > ctx.lastInteraction) { ctx.lastInteraction = ts; ctx.exec = undefined; }
        break;
      case K_NET_SEND: {
        const e = ev as NetSendEvent;
        dev.seen |= SEEN_NET;
        let host = e.dst_host;
        const exec = this.exec(ctx, dev);
        const sends = ctx.sendsToAdd();
        sends.prune(ts - window);
        // the previous send's equal strings are kept (see crypto.op): the parsed ones die young, and
        // the policy look-ups below hash a string whose hash is already known
        const prev = sends.lastRow();
        let ip = e.dst_ip;
        if (prev >= 0) { const h = sends.host(prev), p = sends.ip(prev); if (h === host) host = h; if (p === ip) ip = p; }
        const offPolicy = this.offPolicy(ctx.entry, host, exec) || (this.a.baseline?.sendDeviates(app, dev.device, host, ip, exec) ?? false);
        if (offPolicy) ctx.quiet = false; // (not wake(): see quietInc)
        sends.add(ts, ref, e.bytes_out, exec, host, ip, e.dst_port, e.proto, e.tls, e.payload, offPolicy);
        this.evaluate(ctx, dev, ts);
        break;
      }
      case K_APP_INFO: {
        const e = ev as AppInfoEvent;
        ctx.wake();
        dev.seen |= SEEN_INFO;
        if (e.signer !== undefined) {
          ctx.facts.signer = e.signer;
          const pinned = ctx.entry?.signer;
          ctx.facts.signerMismatch = pinned !== undefined && !this.a.inventory.signerMatches(pinned, e.signer);
        }
        if (e.approved !== undefined) ctx.facts.approved = e.approved;
        if (e.label !== undefined) ctx.facts.label = e.label;
        if (e.installer !== undefined) ctx.facts.installer = e.installer;
        if (e.version !== undefined) ctx.facts.version = e.version;
        break;
      }
      case K_DEVICE_STATE:
        break; // handled device-wide before dispatch
      default:
        throw new Error(`unhandled event type ${ev.type}`);
    }
    // rings are pruned when they grow and before each evaluation, not on every event
  }

  /** a send that breaks the app's declared network expectations (domain, background), judged once */
  private offPolicy(entry: AppEntry | undefined, host: string | undefined, exec: ExecState): boolean {
    const hidden = exec.state !== undefined && HIDDEN_STATES.has(exec.state);
    if (hidden && this.a.policy.thresholds.foreground_state_required) return true;
    if (!entry) return false;
    if (entry.expected_domains && entry.expected_domains.length > 0 && (!host || !this.a.inventory.domainExpected(entry, host))) return true;
    return hidden && entry.background_network !== true;
  }

  private evaluate(ctx: AppContext, dev: DeviceContext, t: number): void {
    // nothing that could lift the score bound arrived since it was last under the floor
    if (ctx.quiet && ctx.quietSeen === dev.seen) { this.stats.skipped++; return; }
    this.stats.evaluations++;
    // most sends of most apps follow no encryption at all (evaluateChain's first question, asked
    // before pruning five rings for nothing; the rings prune themselves as they grow)
    if (ctx.encrypts.length === 0 && (dev.seen & SEEN_CRYPTO) !== 0) return;
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
    if (c.emittedScore < 0 || c.best.score >= c.emittedScore + step || c.best.severity !== severityOf(c.emittedScore, this.a.policy.severity)) this.emit(c, false);
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
    if (this.opts.handOver && c.keys.size > 0) { this.opts.handOver(c); return; }
    let most = 0;
    const h = this.a.fleetKeys.horizon;
    for (const k of c.keys) most = Math.max(most, this.a.fleetKeys.countDevices(c.app, k, c.firstTs - h, c.lastTs + h, Infinity));
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
    const list = this.contexts, lastTs = this.slotLastTs, keysMin = this.slotKeysMin;
    let n = list.length;
    for (let i = 0; i < n;) {
      if (lastTs[i] >= idle) {
        if (keysMin[i] < idle) { const ctx = list[i]; ctx.evictKeys(idle); keysMin[i] = ctx.keysMinUse; }
        i++;
        continue;
      }
      const ctx = list[i];
      // (an idle context's chain was closed above: chain.lastTs <= ctx.lastTs < now - window)
      if (ctx.chain) this.closeChain(ctx);
      const d = this.devices.get(ctx.device)!;
      d.apps.delete(ctx.app);
      if (d.lastApp === ctx) d.lastApp = undefined;
      if (d.apps.size === 0 && d.lastTs < this.emptyDevicesMinTs) this.emptyDevicesMinTs = d.lastTs;
      this.live--;
      this.stats.contextsEvicted++;
      // the last slot moves here (the order of contexts means nothing) and slot i is looked at again
      const moved = list[--n];
      list[i] = moved;
      moved.slot = i;
      lastTs[i] = lastTs[n];
      keysMin[i] = keysMin[n];
      list.pop();
      ctx.slot = -1;
    }
    // device facts (screen, lock, sensor visibility) outlive its apps by an hour
    const gone = idle - 3_600_000;
    if (this.emptyDevicesMinTs < gone) {
      let min = Infinity;
      for (const d of this.devices.values()) {
        if (d.apps.size !== 0) continue;
        if (d.lastTs < gone) {
          this.devices.delete(d.device);
          if (this.lastDevice === d) this.lastDevice = undefined;
        } else if (d.lastTs < min) min = d.lastTs;
      }
      this.emptyDevicesMinTs = min;
    }
    if (now - this.lastFleetEvict >= this.a.fleetKeys.horizon / 4) { this.a.fleetKeys.evict(now); this.lastFleetEvict = now; }
  }
}
