// One evaluation of the AN1731 chain for an app context at time `t`: the facets' strengths read
// from their running state, the visibility gaps, the score. O(facets): no record is looked at and
// no text is made. `figuresOf` takes the figures an alert keeps, for the evaluations that become a
// chain's best.
import type { FacetName, Severity, SeverityThresholds } from '../../model/index.js';
import type { Analysis, ContextView } from './types.js';
import type { EvalEnv, ScoreFlags } from './facet.js';
import { noFlags } from './facet.js';
import type { Window } from './window.js';
import { FACETS } from './registry.js';
import { FACET_ORDER, scoreOf, severityOf } from './scoring.js';
import { round2 } from './units.js';
import { SEEN_CRYPTO, SEEN_DATA, SEEN_KEY, SEEN_NET, SEEN_STATE, partialDevice, partlyFacets } from './visibility.js';
import { partialChainOf, partialScore, type PartialChain } from './partial-chain.js';

export interface Evaluation {
  t: number;
  /** by facet in FACET_ORDER, rounded to hundredths; 0 is absent */
  strengths: number[];
  missing: FacetName[];
  /** visible facets the device's sources show only in part (they halve what they add to confidence) */
  partly: readonly FacetName[];
  /** set on devices with no crypto and network metadata only (policy partial_chains) */
  partial?: PartialChain;
  /** by facet, the sources whose telemetry can show it on the device: taken with the figures */
  sources?: Partial<Record<FacetName, string[]>>;
  flags: ScoreFlags;
  score: number;
  base: number;
  severity: Severity;
  /** by facet, the figures of the present ones: taken when the evaluation becomes a chain's best */
  figures?: (object | undefined)[];
}

/** what telemetry this device never produced: a gap, not "looked and found nothing" (one shared,
 *  frozen list per combination) */
export function missingFacets(seen: number, inventoryKnown: boolean): readonly FacetName[] {
  const k = (seen & 31) | (inventoryKnown ? 32 : 0);
  return (MISSING[k] ??= Object.freeze(missingOf(seen, inventoryKnown)));
}
const MISSING: (readonly FacetName[] | undefined)[] = [];

function missingOf(seen: number, inventoryKnown: boolean): FacetName[] {
  const m: FacetName[] = [];
  if (!(seen & SEEN_CRYPTO)) m.push('crypto');
  if (!(seen & SEEN_KEY)) m.push('key_reuse');
  if (!(seen & SEEN_DATA)) m.push('staging');
  if (!(seen & SEEN_STATE)) m.push('background');
  if (!(seen & SEEN_NET)) m.push('network');
  if (!inventoryKnown) m.push('inconsistency');
  return m;
}

export function envOf(ctx: ContextView, w: Window, seen: number, t: number, a: Analysis): EvalEnv {
  return { a, ctx, w, t, seen };
}

/** the chain has its two ends in view: encryption (when the sensor shows crypto) and a send after it
 *  (when it shows the network) */
export function hasEnds(w: Window, seen: number): boolean {
  if ((seen & SEEN_CRYPTO) !== 0 && w.encrypts.length + w.recalled.length === 0) return false;
  if ((seen & SEEN_NET) !== 0 && w.countedFrom() >= w.sends.end) return false;
  return true;
}

// (one scratch set per process: an evaluation under the floor allocates nothing)
const scratchStrengths = new Array<number>(FACETS.length).fill(0);
const scratchFlags = noFlags();
const scratchInput = { strengths: scratchStrengths, missing: [] as readonly FacetName[], flags: scratchFlags, thresholds: undefined as unknown as SeverityThresholds };

/** the evaluation, or undefined when the chain has not both ends in view or scores under `floor` */
export function evaluateChain(x: EvalEnv, a: Analysis, floor = 0): Evaluation | undefined {
  const w = x.w as Window;
  if (!hasEnds(w, x.seen)) return undefined;
  // connects without bytes and no crypto: nothing but a partial chain, and only when asked for
  const partialOnly = partialDevice(x.seen);
  if (partialOnly && !a.policy.partial_chains) return undefined;
  if (w.dirty) w.rebuild(x);
  const flags = scratchFlags, strengths = scratchStrengths;
  Object.assign(flags, NO_FLAGS);
  let present = 0;
  for (let i = 0; i < FACETS.length; i++) {
    const s = FACETS[i].strength(w.states[i], x, flags);
    strengths[i] = s > 0 ? round2(s) : 0;
    if (s > 0) present++;
  }
  if (present === 0) return undefined;
  const input = scratchInput;
  input.missing = missingFacets(x.seen, flags.known);
  input.thresholds = a.policy.severity;
  const r = scoreOf(input), base = r.base;
  let score = r.score;
  let partial: PartialChain | undefined;
  if (partialOnly) {
    partial = partialChainOf(x, strengths, a.policy);
    if (partial === undefined) return undefined;
    score = partialScore(base, a.policy);
  }
  if (score < floor) return undefined;
  return {
    t: x.t, strengths: strengths.slice(), missing: input.missing as FacetName[], partly: partlyFacets(x.seen), ...(partial ? { partial } : {}),
    flags: { ...flags }, score, base, severity: severityOf(score, a.policy.severity),
  };
}

const NO_FLAGS = Object.freeze(noFlags());

/** The most the score could become while only sends and uses of keys already judged arrive: every
 *  facet at its ceiling, the adjustments that could go away gone, inconsistency present or not.
 *  Read right after `evaluateChain` on the same window (its flags are that evaluation's). */
export function ceilingOf(x: EvalEnv, a: Analysis): number {
  const w = x.w as Window, f = scratchFlags;
  const c = scratchCeil, flags = ceilFlags;
  // (not `declared`: a send to a new destination breaks it, and sends do not wake a sleeping window)
  flags.approved = f.approved; flags.known = f.known; flags.critical = f.critical; flags.declared = false;
  flags.fleetKey = false; flags.keystoreOnly = false; flags.userDriven = false; flags.fleetNorm = undefined;
  for (let i = 0; i < FACETS.length; i++) { const fc = FACETS[i].ceiling; c[i] = fc ? fc(w.states[i], x, flags) : 1; }
  const input = { strengths: c, missing: missingFacets(x.seen | SEEN_CRYPTO | SEEN_NET, f.known), flags, thresholds: a.policy.severity };
  const withInc = scoreOf(input).score;
  c[INC] = 0;
  return Math.max(withInc, scoreOf(input).score);
}
const scratchCeil = new Array<number>(FACETS.length).fill(0);
const ceilFlags = noFlags();
const INC = FACET_ORDER.indexOf('inconsistency');

/** the figures of the evaluation's present facets (the window must be the one just evaluated) */
export function figuresOf(e: Evaluation, x: EvalEnv): (object | undefined)[] {
  const w = x.w as Window;
  return FACETS.map((f, i) => (e.strengths[i] > 0 ? f.figures(w.states[i], x) : undefined));
}

export { FACET_ORDER };
