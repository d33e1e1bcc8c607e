// Score 0..100 from weighted facet strengths, then the adjustments that encode what one facet
// cannot say alone. One function computes the score for every evaluation and, only when an alert
// version is written, the sentences of its adjustments. Weights and adjustments: docs/detection.md.
import type { FacetName, Severity, SeverityThresholds } from '../../model/index.js';
import type { ScoreFlags } from './facet.js';

export const WEIGHTS: Record<FacetName, number> = {
  crypto: 10,
  key_reuse: 20,
  staging: 25,
  background: 15,
  network: 15,
  inconsistency: 15,
};

/** below this a chain is not reported at all: no single facet reaches it */
export const REPORT_FLOOR = 30;
/** nothing collected was seen going into the cipher (staging visible but absent) */
export const NO_STAGING_FACTOR = 0.6;
/** staging telemetry invisible: we cannot tell, so a smaller discount */
export const STAGING_UNSEEN_FACTOR = 0.7;
/** approved app whose chain breaks none of its declared expectations */
export const APPROVED_CONSISTENT_FACTOR = 0.5;
/** the same key on several devices of the same package: the second-stage fleet aggregate */
export const FLEET_KEY_BONUS = 10;
/** every encryption and send happened in the foreground while the user was interacting with the app */
export const USER_DRIVEN_FACTOR = 0.6;
/** every key of the chain lives in hardware-backed Keystore: the design of an app protecting its user */
export const KEYSTORE_FACTOR = 0.6;
/** with no inventory and no installer facts the fit of the app cannot be judged: when staging was
 *  seen, the other facets are scaled up to the full range rather than read as "consistent" */
export const FIT_UNSEEN_SCALE = 100 / (100 - WEIGHTS.inconsistency);

export const FACET_ORDER: readonly FacetName[] = ['crypto', 'key_reuse', 'staging', 'background', 'network', 'inconsistency'];

export interface ScoreInput {
  /** by facet, in FACET_ORDER, rounded to hundredths; 0 is absent */
  strengths: readonly number[];
  missing: readonly FacetName[];
  flags: ScoreFlags;
  thresholds: SeverityThresholds;
}

export interface ScoreResult { score: number; base: number }

const S_STAGING = 2, S_INC = 5;

/** The score; with `adj`, the sentence of every adjustment applied, in order. */
export function scoreOf(x: ScoreInput, adj?: string[]): ScoreResult {
  const st = x.strengths, f = x.flags, missing = x.missing;
  let base = 0;
  for (let i = 0; i < FACET_ORDER.length; i++) if (st[i] > 0) base += WEIGHTS[FACET_ORDER[i]] * st[i];
  let score = base;
  // only when the core of the chain (collected data into the cipher) was seen
  if (st[S_INC] === 0 && st[S_STAGING] > 0 && missing.includes('inconsistency')) {
    score *= FIT_UNSEEN_SCALE;
    adj?.push(`×${FIT_UNSEEN_SCALE.toFixed(2)} fit not visible (no inventory): scored over the other facets`);
  }
  if (st[S_STAGING] === 0) {
    const unseen = missing.includes('staging');
    score *= unseen ? STAGING_UNSEEN_FACTOR : NO_STAGING_FACTOR;
    adj?.push(unseen ? `×${STAGING_UNSEEN_FACTOR} staging not visible` : `×${NO_STAGING_FACTOR} no collected data seen going into the cipher`);
  }
  if (f.userDriven) { score *= USER_DRIVEN_FACTOR; adj?.push(`×${USER_DRIVEN_FACTOR} user-driven: foreground with the user interacting throughout`); }
  if (f.keystoreOnly) { score *= KEYSTORE_FACTOR; adj?.push(`×${KEYSTORE_FACTOR} only hardware-backed Keystore keys`); }
  if (f.fleetKey) { score += FLEET_KEY_BONUS; adj?.push(`+${FLEET_KEY_BONUS} same key on several devices`); }
  if (f.approved && st[S_INC] === 0) { score *= APPROVED_CONSISTENT_FACTOR; adj?.push(`×${APPROVED_CONSISTENT_FACTOR} approved app behaving as declared`); }
  if (f.fleetNorm) { score *= f.fleetNorm.factor; adj?.push(`×${f.fleetNorm.factor} matches the fleet norm of ${f.fleetNorm.app} (baseline of ${f.fleetNorm.devices} devices)`); }
  if (missing.includes('crypto') || missing.includes('network')) {
    const cap = x.thresholds.high - 1;
    if (score > cap) { score = cap; adj?.push(`capped at ${cap}: one end of the chain (crypto or network) not visible`); }
  }
  if (f.declared) { score = 0; adj?.push('×0 approved app doing what it declared (signer, destinations, background network)'); }
  if (f.critical && score < x.thresholds.high) { score = x.thresholds.high; adj?.push(`raised to ${x.thresholds.high}: signer mismatch is critical evidence`); }
  return { score: Math.max(0, Math.min(100, Math.round(score))), base: Math.round(base * 10) / 10 };
}


export function severityOf(score: number, t: SeverityThresholds): Severity {
  if (score >= t.critical) return 'critical';
  if (score >= t.high) return 'high';
  if (score >= t.medium) return 'medium';
  return 'low';
}
