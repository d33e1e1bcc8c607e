// Visibility gaps: a facet is "missing" when the device's sensor never produced the telemetry
// that could show it, which is different from "looked and found nothing".
import type { FacetName } from '../../model/index.js';
import { DeviceContext, SEEN_CRYPTO, SEEN_DATA, SEEN_KEY, SEEN_NET, SEEN_STATE } from '../device-context.js';

export function missingFacets(dev: DeviceContext, inventoryKnown: boolean): FacetName[] {
  const m: FacetName[] = [];
  if (!(dev.seen & SEEN_CRYPTO)) m.push('crypto');
  if (!(dev.seen & SEEN_KEY)) m.push('key_reuse');
  if (!(dev.seen & SEEN_DATA)) m.push('staging');
  if (!(dev.seen & SEEN_STATE)) m.push('background');
  if (!(dev.seen & SEEN_NET)) m.push('network');
  if (!inventoryKnown) m.push('inconsistency');
  return m;
}
