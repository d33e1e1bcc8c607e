// Indicators to share: package, signer, destinations (host with the ports seen), key fingerprints
// of keys an attacker ships (literal, derived, stored, unknown origin; never Keystore keys).
import type { FacetExplanation } from '../model/index.js';
import type { Indicators, KeyIndicator, ReportAlert } from './model.js';
import { splitDestination } from './format.js';
import { unexpectedDestinations } from './exposure.js';

const SHIPPED = new Set(['literal', 'derived', 'stored', 'unknown']);

export function indicatorsOf(a: ReportAlert): Indicators {
  const inc = a.facets.inconsistency as FacetExplanation | undefined;
  const key = a.facets.key_reuse as FacetExplanation | undefined;
  const hosts = new Map<string, { value: string; kind: 'domain' | 'ipv4' | 'ipv6'; ports: Set<number> }>();
  // when the inventory names what the app may reach, only the rest is shared
  const unexpected = unexpectedDestinations(a);
  const excluded = unexpected.size ? a.exposure.destinations.filter((d) => !unexpected.has(d)).sort() : [];
  for (const d of a.exposure.destinations) {
    if (excluded.includes(d)) continue;
    const p = splitDestination(d);
    const h = hosts.get(p.host) ?? { value: p.host, kind: p.kind, ports: new Set<number>() };
    if (p.port !== null) h.ports.add(p.port);
    hosts.set(p.host, h);
  }
  const raw = (key?.keys as Record<string, unknown>[] | undefined)
    ?? (typeof key?.key_fp === 'string' ? [{ key_fp: key.key_fp, origin: key.origin, uses: key.uses, devices: key.devices_with_key }] : []);
  const keys: KeyIndicator[] = raw
    .filter((k) => typeof k.key_fp === 'string' && /^[0-9a-f]{8,64}$/.test(k.key_fp as string) && SHIPPED.has(String(k.origin ?? 'unknown')))
    .map((k) => ({
      key_fp: k.key_fp as string, alg: typeof k.alg === 'string' ? k.alg : null, origin: typeof k.origin === 'string' ? k.origin : null,
      uses: typeof k.uses === 'number' ? k.uses : null, devices: typeof k.devices === 'number' ? k.devices : null,
    }));
  // the facet's headline key carries the fleet count (devices_with_key) the per-key list may lag
  for (const k of keys) if (k.key_fp === key?.key_fp && typeof key.devices_with_key === 'number') k.devices = Math.max(k.devices ?? 0, key.devices_with_key);
  return {
    package: a.app,
    signer: typeof inc?.signer_seen === 'string' && /^[0-9a-fA-F]{64}$/.test(inc.signer_seen) ? inc.signer_seen.toLowerCase() : null,
    destinations: [...hosts.values()].sort((x, y) => (x.value < y.value ? -1 : 1)).map((h) => ({ value: h.value, kind: h.kind, ports: [...h.ports].sort((p, q) => p - q) })),
    key_fingerprints: keys.sort((x, y) => (x.key_fp < y.key_fp ? -1 : 1)),
    excluded_destinations: excluded,
    package_alone: !((inc?.findings as string[] | undefined) ?? []).includes('signer_mismatch'),
  };
}
