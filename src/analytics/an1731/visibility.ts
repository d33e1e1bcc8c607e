// Which telemetry kinds a device's sensor has ever produced: a facet is "missing" when the sensor
// never produced what could show it, which is different from "looked and found nothing". The high
// bits say how much of a visible facet the sources show: without them the facet is only partly
// visible (managed-device logs: connects without bytes, keys known by alias, lock state only).
import type { FacetName, TelemetryEvent } from '../../model/index.js';
import { KEYSTORE_ALIAS_SCHEME } from '../../model/index.js';

export const SEEN_CRYPTO = 1, SEEN_KEY = 2, SEEN_DATA = 4, SEEN_STATE = 8, SEEN_NET = 16, SEEN_INFO = 32;
/** key fingerprints of keys in use (crypto.op key_fp, a crypto.key of key bytes) */
export const SEEN_KEY_USE = 64;
/** sends with their byte counts */
export const SEEN_NET_BYTES = 128;
/** the app's own state (app.state not inferred) or user interaction */
export const SEEN_APP_STATE = 256;

/** the SEEN_* bits one event shows */
export function seenBitsOf(e: TelemetryEvent): number {
  switch (e.type) {
    case 'crypto.key': return e.fp_scheme === KEYSTORE_ALIAS_SCHEME ? SEEN_KEY : SEEN_CRYPTO | SEEN_KEY | SEEN_KEY_USE;
    case 'crypto.op': return SEEN_CRYPTO | (e.key_fp ? SEEN_KEY | SEEN_KEY_USE : 0);
    case 'data.access': case 'file.write': return SEEN_DATA;
    case 'file.delete': return 0;
    case 'app.state': return SEEN_STATE | (e.inferred === true ? 0 : SEEN_APP_STATE);
    case 'device.state': return SEEN_STATE;
    case 'user.interaction': return SEEN_STATE | SEEN_APP_STATE;
    case 'net.send': return SEEN_NET | (e.bytes_out !== undefined ? SEEN_NET_BYTES : 0);
    case 'app.info': return SEEN_INFO;
  }
}

/** visible facets the device's sources show only in part (one shared, frozen list per combination) */
export function partlyFacets(seen: number): readonly FacetName[] {
  const k = (seen & SEEN_KEY && !(seen & SEEN_KEY_USE) ? 1 : 0) | (seen & SEEN_STATE && !(seen & SEEN_APP_STATE) ? 2 : 0)
    | (seen & SEEN_NET && !(seen & SEEN_NET_BYTES) ? 4 : 0);
  return PARTLY[k];
}
const PARTLY: readonly (readonly FacetName[])[] = Array.from({ length: 8 }, (_, k) => Object.freeze([
  ...(k & 1 ? ['key_reuse' as const] : []), ...(k & 2 ? ['background' as const] : []), ...(k & 4 ? ['network' as const] : []),
]));

/** network metadata only and no crypto telemetry: the chain can be no more than partial there */
export const partialDevice = (seen: number): boolean => (seen & (SEEN_CRYPTO | SEEN_NET | SEEN_NET_BYTES)) === SEEN_NET;

/** the facets each source showed on a device, from its per-source SEEN bits (sorted, for alerts) */
export function facetSources(bySource: ReadonlyMap<string, number>): Partial<Record<FacetName, string[]>> {
  const out: Partial<Record<FacetName, string[]>> = {};
  const srcs = [...bySource.keys()].sort();
  for (const [facet, bit] of FACET_BITS) {
    const who = srcs.filter((s) => (bySource.get(s)! & bit) !== 0);
    if (who.length) out[facet] = who;
  }
  return out;
}
const FACET_BITS: readonly [FacetName, number][] = [
  ['crypto', SEEN_CRYPTO], ['key_reuse', SEEN_KEY], ['staging', SEEN_DATA], ['background', SEEN_STATE], ['network', SEEN_NET], ['inconsistency', SEEN_INFO],
];
