// One evaluation of the AN1731 chain for an app context at time `t`: every facet, the visibility
// gaps, the score; undefined when the score cannot reach the report floor. Pure: reads the
// context, changes nothing but its `quiet` mark.
import type { FacetExplanation, FacetName, Severity } from '../../model/index.js';
import type { AppContext } from './app-context.js';
import type { DeviceContext } from '../device-context.js';
import { chainViewOf, windowAt, type Analysis, type ChainView } from './chain-view.js';
import { cryptoFacet } from './crypto-facet.js';
import { keyReuseFacet } from './key-reuse.js';
import { stagingFacet } from './staging.js';
import { backgroundFacet } from './background.js';
import { networkFacet } from './network.js';
import { breaksExpectations, inconsistencyFacet, verdictOf, type InventoryVerdict } from './inconsistency.js';
import { missingFacets } from './visibility.js';
import { SEEN_CRYPTO, SEEN_DATA, SEEN_NET } from '../device-context.js';
import { scoreChain, severityOf, REPORT_FLOOR, USER_DRIVEN_IDLE_MS } from './scoring.js';
import { idleAt, type ExecState } from './app-context.js';
import { scoreUpperBound, scoreFloorBound, FLOOR_BOUND_LIMIT } from './upper-bound.js';
import { round2 } from './units.js';
import { FLEET_NORM_FACTOR, FLEET_NORM_MIN_DEVICES } from './baseline-deviation.js';

export interface Evaluation {
  t: number;
  view: ChainView;
  facets: Partial<Record<FacetName, FacetExplanation>>;
  missing: FacetName[];
  score: number;
  base: number;
  adjustments: string[];
  severity: Severity;
  confidence: number;
  keys: string[];
  approvedConsistent: boolean;
  critical: boolean;
  keystoreOnly: boolean;
  userDriven: boolean;
  fleetNorm?: { app: string; devices: number; factor: number };
}

export function evaluateChain(ctx: AppContext, dev: DeviceContext, t: number, a: Analysis): Evaluation | undefined {
  // hot path: most sends of most apps follow no encryption at all; decide that before any work
  if (ctx.encrypts.length === 0 && (dev.seen & SEEN_CRYPTO) !== 0) return undefined;
  const view = windowAt(ctx, dev, t, a.policy.thresholds.time_window);
  // a chain has two ends, encryption and transmission; a visible end must be present
  if ((dev.seen & SEEN_CRYPTO) !== 0 && view.encEnd === view.encFrom) return undefined;
  if ((dev.seen & SEEN_NET) !== 0 && view.sendEnd === view.sendFrom) return undefined;
  // the bound that made the context quiet counted inconsistency and nothing else could raise it since
  if (ctx.quietInc && ctx.quietSeen === dev.seen) { ctx.quiet = true; return undefined; }
  const verdict = verdictOf(view, a);
  // (the cheap question is asked of approved apps only: the others count inconsistency anyway)
  let breaks = verdict.approved ? breaksExpectations(view, a, verdict) : undefined;
  const incPossible = !verdict.approved || breaks === true;
  if (scoreUpperBound(view, a, verdict, (dev.seen & SEEN_DATA) === 0, incPossible) < REPORT_FLOOR) {
    ctx.quiet = true;
    ctx.quietSeen = dev.seen;
    ctx.quietInc = incPossible;
    return undefined;
  }
  // under the floor for certain: no explanation to build (the context is not quiet: a send can raise it)
  breaks ??= breaksExpectations(view, a, verdict);
  if (scoreFloorBound(view, dev, a, verdict, breaks) < FLOOR_BOUND_LIMIT) return undefined;
  return explainChain(chainViewOf(view), dev, a, verdict);
}

/** The evaluation of a view with no gate: every facet with its explanation, and the score. */
export function explainChain(view: ChainView, dev: DeviceContext, a: Analysis, verdict: InventoryVerdict): Evaluation | undefined {
  const { ctx, t } = view;
  const judged = a.baseline?.judge(view);
  const missing = missingFacets(dev, verdict.known || judged !== undefined);

  const facets: Partial<Record<FacetName, FacetExplanation>> = {};
  const put = (name: FacetName, f: FacetExplanation | undefined) => { if (f && f.strength > 0) facets[name] = { ...f, strength: round2(f.strength) }; };
  put('crypto', cryptoFacet(view, a));
  const key = keyReuseFacet(view, a);
  put('key_reuse', key);
  put('staging', stagingFacet(view, a));
  put('background', backgroundFacet(view));
  put('network', networkFacet(view, a));
  const inc = inconsistencyFacet(view, a, judged);
  put('inconsistency', inc);
  if (Object.keys(facets).length === 0) return undefined;

  const fleetKey = key !== undefined && (key.devices_with_key as number) >= 2 && key.strength > 0;
  const approvedConsistent = verdict.approved && !inc;
  const critical = inc?.critical === true;
  const keys = [...new Set(view.encrypts.map((o) => o.key_fp).filter((k): k is string => !!k))].sort();
  const keystoreOnly = keys.length > 0 && keys.every((k) => { const r = ctx.keys.get(k); return r !== undefined && (r.hw_backed || r.origin === 'keystore'); });
  const userDriven = isUserDriven(view);
  // matching the fleet norm lowers the score; signer mismatch (critical) is never discounted
  const fleetNorm = judged && judged.findings.length === 0 && judged.devices >= FLEET_NORM_MIN_DEVICES && !critical
    ? { app: ctx.app, devices: judged.devices, factor: FLEET_NORM_FACTOR } : undefined;
  const s = scoreChain({ facets, missing, fleetKey, approvedConsistent, critical, keystoreOnly, userDriven, thresholds: a.policy.severity, ...(fleetNorm ? { fleetNorm } : {}) });
  return {
    t, view, facets, missing,
    score: s.score, base: s.base, adjustments: s.adjustments,
    severity: severityOf(s.score, a.policy.severity),
    confidence: Math.round(((6 - missing.length) / 6) * 100) / 100,
    keys, approvedConsistent, critical, keystoreOnly, userDriven, ...(fleetNorm ? { fleetNorm } : {}),
  };
}


function isUserDriven(v: ChainView): boolean {
  const driven = (e: ExecState, ts: number) => e.state === 'foreground' && idleAt(e, ts) <= USER_DRIVEN_IDLE_MS;
  return v.encrypts.every((o) => driven(o.exec, o.ts)) && v.sends.every((s) => driven(s.exec, s.ts)) && (v.encrypts.length + v.sends.length) > 0;
}

/** Second stage: the fleet saw this chain's key on other devices after the chain was scored. */
export function rescoreForFleet(e: Evaluation, devices: number, a: Analysis): Evaluation {
  const key = e.facets.key_reuse;
  if (!key || devices < 2 || (key.devices_with_key as number) >= devices) return e;
  // the moment may already have counted fewer devices: its clause is replaced, not repeated
  const clause = `same key used by this package on ${devices} devices: hard-coded`;
  const seen = /same key used by this package on \d+ devices: hard-coded/;
  const why = seen.test(key.why) ? key.why.replace(seen, clause) : `${key.why}; ${clause}`;
  const facets = { ...e.facets, key_reuse: { ...key, strength: 1, devices_with_key: devices, why } };
  const s = scoreChain({ facets, missing: e.missing, fleetKey: true, approvedConsistent: e.approvedConsistent, critical: e.critical, keystoreOnly: e.keystoreOnly, userDriven: e.userDriven, thresholds: a.policy.severity, ...(e.fleetNorm ? { fleetNorm: e.fleetNorm } : {}) });
  return { ...e, facets, score: s.score, base: s.base, adjustments: s.adjustments, severity: severityOf(s.score, a.policy.severity) };
}
