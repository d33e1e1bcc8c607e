// Facet -> the telemetry that can show it. Mirrors analytics/an1731/visibility.ts (the engine's
// `missing`): a facet is blind on a device whose sensor never produced any of these kinds.
import type { FacetName } from '../model/index.js';
import { K } from './kinds.js';

export interface FacetNeed { facet: FacetName; bits: number; telemetry: string }

export const FACET_NEEDS: readonly FacetNeed[] = [
  { facet: 'crypto', bits: K.crypto_op | K.crypto_key, telemetry: 'crypto telemetry (crypto.op / crypto.key)' },
  { facet: 'key_reuse', bits: K.crypto_key | K.key_fp, telemetry: 'key fingerprints (crypto.key, crypto.op key_fp)' },
  { facet: 'staging', bits: K.data_access | K.file_write, telemetry: 'data access or file telemetry (data.access / file.write)' },
  { facet: 'background', bits: K.app_state | K.device_state | K.user_interaction, telemetry: 'execution state (app.state / device.state / user.interaction)' },
  { facet: 'network', bits: K.net_send, telemetry: 'network telemetry (net.send)' },
];

export const FACET_COUNT = 6;

/** facets the engine would list in `missing` for a device with these bits (inventory separately) */
export function blindFacets(bits: number, inventoryKnown: boolean): FacetName[] {
  const out: FacetName[] = FACET_NEEDS.filter((n) => (bits & n.bits) === 0).map((n) => n.facet);
  if (!inventoryKnown) out.push('inconsistency');
  return out;
}
