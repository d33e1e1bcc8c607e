// Facet -> the telemetry that can show it, fully or in part. Mirrors analytics/an1731/visibility.ts
// (the engine's `missing` and `partly_visible`): a facet is blind on a device whose sources never
// produced any of its kinds, partly visible when they produced only the partial ones.
import type { FacetName } from '../model/index.js';
import { K } from './kinds.js';

export type FacetVisibility = 'visible' | 'partly' | 'blind';

export interface FacetNeed {
  facet: FacetName;
  /** kinds that show the facet at all */
  bits: number;
  /** kinds that show it fully (undefined: any of `bits` does) */
  full?: number;
  telemetry: string;
  /** the sensor that closes the gap where the facet is blind or partly visible */
  closedBy: string;
}

export const FACET_NEEDS: readonly FacetNeed[] = [
  { facet: 'crypto', bits: K.crypto_op | K.crypto_key, telemetry: 'crypto telemetry (crypto.op / crypto.key)',
    closedBy: 'the Frida sensor (ciphertrail collect) on the device, or the app run in a sandbox (CuckooDroid/droidmon, MobSF)' },
  { facet: 'key_reuse', bits: K.crypto_key | K.key_fp | K.key_lifecycle, full: K.key_fp, telemetry: 'key fingerprints (crypto.key, crypto.op key_fp)',
    closedBy: 'the Frida sensor (fingerprints of the keys each cipher call uses)' },
  { facet: 'staging', bits: K.data_access | K.file_write, telemetry: 'data access or file telemetry (data.access / file.write)',
    closedBy: 'the Frida sensor (data reads, file writes with entropy), or a sandbox' },
  { facet: 'background', bits: K.app_state | K.app_state_inferred | K.device_state | K.user_interaction, full: K.app_state | K.user_interaction,
    telemetry: 'execution state (app.state / device.state / user.interaction)',
    closedBy: 'the Frida sensor (the app\'s own lifecycle and user interaction)' },
  { facet: 'network', bits: K.net_send, full: K.net_bytes, telemetry: 'network telemetry (net.send)',
    closedBy: 'a VPN-based capture (PCAPdroid) or the Frida sensor: bytes, TLS and payload features of each send' },
];

export const INVENTORY_CLOSED_BY = 'an approved-app inventory in the policy (apps:) or app.info facts from the EMM\'s app list';

export const FACET_COUNT = 6;

/** visible / partly / blind for each of the six facets (inventory separately) */
export function facetVisibility(bits: number, inventoryKnown: boolean): Record<FacetName, FacetVisibility> {
  const out = {} as Record<FacetName, FacetVisibility>;
  for (const n of FACET_NEEDS) out[n.facet] = (bits & n.bits) === 0 ? 'blind' : n.full !== undefined && (bits & n.full) === 0 ? 'partly' : 'visible';
  out.inconsistency = inventoryKnown ? 'visible' : 'blind';
  return out;
}

/** facets the engine would list in `missing` for a device with these bits (inventory separately) */
export function blindFacets(bits: number, inventoryKnown: boolean): FacetName[] {
  return facetsAt(facetVisibility(bits, inventoryKnown), 'blind');
}

export const facetsAt = (v: Record<FacetName, FacetVisibility>, level: FacetVisibility): FacetName[] =>
  (Object.keys(v) as FacetName[]).filter((f) => v[f] === level);
