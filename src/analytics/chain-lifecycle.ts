// The life of a chain, the same in every host: opened by an evaluation that reaches the report
// floor, grown and re-emitted while its score rises, closed when idle past the window, held while
// its keys may still show up on other devices (the fleet horizon), finalized (rescored for the
// fleet) and emitted as its final version. `Chains` is the state (checkpointed with the engine);
// what it needs from the engine comes in as an env on each call.
import type { Alert, Policy } from '../model/index.js';
import type { AppContext } from './an1731/app-context.js';
import { Chain } from './an1731/chain.js';
import type { Evaluation } from './an1731/evaluate.js';
import { figuresOf } from './an1731/evaluate.js';
import { facetSources } from './an1731/visibility.js';
import type { EvalEnv } from './an1731/facet.js';
import type { Analysis } from './an1731/types.js';
import { explainAlert } from './an1731/explain.js';
import { FACET_ORDER, REPORT_FLOOR, scoreOf, severityOf } from './an1731/scoring.js';
import type { EngineStats } from './engine-stats.js';
import type { Window } from './an1731/window.js';

export interface AlertUpdate { alert: Alert; final: boolean }

export interface LifecycleEnv {
  a: Analysis;
  stats: EngineStats;
  /** re-emit a growing chain only when its score rose at least this much */
  updateStep: number;
  onAlert(u: AlertUpdate): void;
  /** distributed mode: chains holding keys are handed over, un-rescored, to the fleet stage */
  handOver?: (chain: Chain) => void;
}

const STAGING = FACET_ORDER.indexOf('staging'), KEY = FACET_ORDER.indexOf('key_reuse');

/** Second stage: the fleet saw this chain's key on `devices` devices after the chain was scored. */
export function rescoreForFleet(e: Evaluation, devices: number, policy: Policy): Evaluation {
  const key = e.figures?.[KEY] as { devices_with_key: number } | undefined;
  if (!key || devices < 2 || key.devices_with_key >= devices) return e;
  const strengths = e.strengths.slice();
  strengths[KEY] = 1;
  const figures = e.figures!.slice();
  figures[KEY] = { ...key, devices_with_key: devices };
  const flags = { ...e.flags, fleetKey: true };
  const s = scoreOf({ strengths, missing: e.missing, flags, thresholds: policy.severity });
  return { ...e, strengths, figures, flags, score: s.score, base: s.base, severity: severityOf(s.score, policy.severity) };
}

/** the final version of a chain whose keys were seen on `devices` devices at most */
export function finalVersion(c: Chain, devices: number, policy: Policy): { alert: Alert; raised: boolean } {
  const before = c.best.score;
  c.best = rescoreForFleet(c.best, devices, policy);
  c.rev++;
  c.emittedScore = c.best.score;
  return { alert: explainAlert(c, policy), raised: c.best.score !== before };
}

export class Chains {
  readonly open = new Set<AppContext>();
  /** closed chains held back for the fleet horizon, so a key seen later on another device still raises them */
  pending: { chain: Chain; due: number }[] = [];

  /** an evaluation of `ctx` (the window just evaluated): opens, grows or re-emits its chain */
  observe(ctx: AppContext, e: Evaluation, x: EvalEnv, env: LifecycleEnv): void {
    if (e.score < REPORT_FLOOR) return;
    const policy = env.a.policy;
    let c = ctx.chain;
    if (c && c.lastTs < e.t - policy.thresholds.time_window) { this.close(ctx, env); c = undefined; }
    const staging = e.strengths[STAGING] > 0;
    if (!c) {
      e.figures = figuresOf(e, x);
      if (x.sources) e.sources = facetSources(x.sources);
      c = new Chain(ctx.device, ctx.app, e, ctx.win as Window, staging);
      ctx.chain = c;
      this.open.add(ctx);
      env.stats.chains++;
    } else {
      if (e.score >= c.best.score) { e.figures = figuresOf(e, x); if (x.sources) e.sources = facetSources(x.sources); c.best = e; }
      c.absorb(e, ctx.win as Window, staging);
    }
    if (c.emittedScore < 0 || c.best.score >= c.emittedScore + env.updateStep || c.best.severity !== severityOf(c.emittedScore, policy.severity)) this.emit(c, false, env);
  }

  private emit(c: Chain, final: boolean, env: LifecycleEnv): void {
    c.rev++;
    c.emittedScore = c.best.score;
    env.stats.updates++;
    if (final) env.stats.alerts++;
    env.onAlert({ alert: explainAlert(c, env.a.policy), final });
  }

  /** the context's chain ends: held while its keys may show up elsewhere, else final now */
  close(ctx: AppContext, env: LifecycleEnv): void {
    const c = ctx.chain;
    if (!c) return;
    ctx.chain = undefined;
    this.open.delete(ctx);
    if (c.keys.size > 0) this.pending.push({ chain: c, due: c.lastTs + env.a.fleetKeys.horizon });
    else this.finalize(c, env);
  }

  private finalize(c: Chain, env: LifecycleEnv): void {
    if (env.handOver && c.keys.size > 0) { env.handOver(c); return; }
    const h = env.a.fleetKeys.horizon;
    let most = 0;
    for (const k of c.keys) most = Math.max(most, env.a.fleetKeys.countDevices(c.app, k, c.firstTs - h, c.lastTs + h, Infinity));
    const { alert, raised } = finalVersion(c, most, env.a.policy);
    if (raised) env.stats.fleetRaised++;
    env.stats.updates++;
    env.stats.alerts++;
    env.onAlert({ alert, final: true });
  }

  /** chains idle past the window close; held chains due by `now` are finalized */
  tick(now: number, env: LifecycleEnv): void {
    const window = env.a.policy.thresholds.time_window;
    for (const ctx of this.open) if (ctx.chain && ctx.chain.lastTs < now - window) this.close(ctx, env);
    if (this.pending.length) {
      const keep: typeof this.pending = [];
      for (const p of this.pending) (p.due <= now ? this.finalize(p.chain, env) : keep.push(p));
      this.pending = keep;
    }
  }

  /** end of input: every chain closes and is finalized */
  end(env: LifecycleEnv): void {
    for (const ctx of this.open) this.close(ctx, env);
    this.open.clear();
    for (const p of this.pending) this.finalize(p.chain, env);
    this.pending = [];
  }
}
