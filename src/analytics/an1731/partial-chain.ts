// A partial chain: what a device whose telemetry shows no crypto and only network metadata (the
// usage logs and DPC logs of a managed fleet) can honestly say. Raised only where the policy asks
// (`partial_chains: true`), always low: a Keystore key made by the app, then background connects
// to a destination first contacted after it, or a regular beacon, within the staging horizon.
import type { Policy } from '../../model/index.js';
import type { EvalEnv } from './facet.js';
import type { NetworkState } from './facets/network.js';
import type { Window } from './window.js';
import { periodicUnder } from './beacon.js';
import { FACET_ORDER, REPORT_FLOOR } from './scoring.js';

export interface PartialChain {
  /** when the app's Keystore key was made, and that event */
  key_made_ts: number;
  key_event: string;
  /** a destination first contacted after the key, within the window */
  new_destination: boolean;
  /** connects regular enough to be a beacon (BeaconIntervalVariance) */
  beacon: boolean;
}

/** the background strength a partial chain needs: the device locked at its sends, or the app's
 *  process started behind the keyguard (idle alone is not enough: these logs never see a touch) */
export const PARTIAL_BACKGROUND_MIN = 0.2;

const BG = FACET_ORDER.indexOf('background'), NET = FACET_ORDER.indexOf('network');

/** the partial chain this evaluation shows, or undefined */
export function partialChainOf(x: EvalEnv, strengths: readonly number[], policy: Policy): PartialChain | undefined {
  const ctx = x.ctx, t = x.t, th = policy.thresholds;
  if (!(ctx.keyMadeTs <= t && t - ctx.keyMadeTs <= th.staging_horizon)) return undefined;
  if (strengths[BG] < PARTIAL_BACKGROUND_MIN) return undefined;
  const net = (x.w as Window).states[NET] as NetworkState | undefined;
  const fresh = ctx.newestFirstContact >= ctx.keyMadeTs && ctx.newestFirstContact >= t - th.time_window;
  const beacon = net !== undefined && net.beacon.eligible.size > 0 && periodicUnder(net.beacon, th.beacon_interval_variance);
  if (!fresh && !beacon) return undefined;
  return { key_made_ts: ctx.keyMadeTs, key_event: ctx.keyMadeRef, new_destination: fresh, beacon };
}

/** a partial chain's score: its weighted facets, held between the report floor and under medium */
export function partialScore(base: number, policy: Policy): number {
  return Math.min(policy.severity.medium - 1, Math.max(REPORT_FLOOR, Math.round(base)));
}
