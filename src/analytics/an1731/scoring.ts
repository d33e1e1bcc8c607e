// Score 0..100 from weighted facet strengths, then the adjustments that encode what one facet
// cannot say alone. Weights and adjustments are documented in the README (Scoring).
import type { FacetExplanation, FacetName, Severity, SeverityThresholds } from '../../model/index.js';

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
/** "interacting": a touch, key or focus event within this long before the moment */
export const USER_DRIVEN_IDLE_MS = 60_000;
/** every key of the chain lives in hardware-backed Keystore: the design of an app protecting its user */
export const KEYSTORE_FACTOR = 0.6;

export interface ScoreInput {
  facets: Partial<Record<FacetName, FacetExplanation>>;
  missing: FacetName[];
  approvedConsistent: boolean;
  fleetKey: boolean;
  critical: boolean;
  keystoreOnly: boolean;
  userDriven: boolean;
  thresholds: SeverityThresholds;
  /** the chain matches the fleet baseline of an app seen on many devices (detect --baseline) */
  fleetNorm?: { app: string; devices: number; factor: number };
}

/** with no inventory and no installer facts the fit of the app cannot be judged: when staging was
 *  seen, the other facets are scaled up to the full range rather than read as "consistent" */
export const FIT_UNSEEN_SCALE = 100 / (100 - WEIGHTS.inconsistency);

export interface ScoreResult { score: number; base: number; adjustments: string[] }

export function scoreChain(x: ScoreInput): ScoreResult {
  let base = 0;
  for (const [name, f] of Object.entries(x.facets) as [FacetName, FacetExplanation][]) base += WEIGHTS[name] * f.strength;
  let score = base;
  const adj: string[] = [];
  // only when the core of the chain (collected data into the cipher) was seen
  if (x.missing.includes('inconsistency') && !x.facets.inconsistency && x.facets.staging) {
    score *= FIT_UNSEEN_SCALE;
    adj.push(`×${FIT_UNSEEN_SCALE.toFixed(2)} fit not visible (no inventory): scored over the other facets`);
  }
  if (!x.facets.staging) {
    const unseen = x.missing.includes('staging');
    score *= unseen ? STAGING_UNSEEN_FACTOR : NO_STAGING_FACTOR;
    adj.push(unseen ? `×${STAGING_UNSEEN_FACTOR} staging not visible` : `×${NO_STAGING_FACTOR} no collected data seen going into the cipher`);
  }
  if (x.userDriven) { score *= USER_DRIVEN_FACTOR; adj.push(`×${USER_DRIVEN_FACTOR} user-driven: foreground with the user interacting throughout`); }
  if (x.keystoreOnly) { score *= KEYSTORE_FACTOR; adj.push(`×${KEYSTORE_FACTOR} only hardware-backed Keystore keys`); }
  if (x.fleetKey) { score += FLEET_KEY_BONUS; adj.push(`+${FLEET_KEY_BONUS} same key on several devices`); }
  if (x.approvedConsistent) { score *= APPROVED_CONSISTENT_FACTOR; adj.push(`×${APPROVED_CONSISTENT_FACTOR} approved app behaving as declared`); }
  if (x.fleetNorm) { score *= x.fleetNorm.factor; adj.push(`×${x.fleetNorm.factor} matches the fleet norm of ${x.fleetNorm.app} (baseline of ${x.fleetNorm.devices} devices)`); }
  if (x.missing.includes('crypto') || x.missing.includes('network')) {
    const cap = x.thresholds.high - 1;
    if (score > cap) { score = cap; adj.push(`capped at ${cap}: one end of the chain (crypto or network) not visible`); }
  }
  if (x.critical && score < x.thresholds.high) { score = x.thresholds.high; adj.push(`raised to ${x.thresholds.high}: signer mismatch is critical evidence`); }
  return { score: Math.max(0, Math.min(100, Math.round(score))), base: Math.round(base * 10) / 10, adjustments: adj };
}

export function severityOf(score: number, t: SeverityThresholds): Severity {
  if (score >= t.critical) return 'critical';
  if (score >= t.high) return 'high';
  if (score >= t.medium) return 'medium';
  return 'low';
}
