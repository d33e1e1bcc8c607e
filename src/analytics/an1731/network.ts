// Facet 5, network: structured outbound transmission after the encryption, inside the window.
// What makes it look like a channel rather than an API call: base64 fields or a base64 body,
// raw ciphertext (entropy), a bare IP, no TLS, a regular beacon.
import type { FacetExplanation } from '../../model/index.js';
import type { ChainView, Analysis } from './chain-view.js';
import { destOf, type Send } from './app-context.js';
import { findBeacon } from './beacon.js';
import { fmtBytes } from './units.js';

const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:]+)$/i;
// UDP is left out: datagram protocols (VPNs, QUIC, RTP) carry their own encryption
const PLAIN_PROTOS = new Set(['http', 'ws', 'tcp']);

/** no host name, or one that is an IP literal (the score gates ask this of the send columns) */
export const isBareHost = (host: string | undefined): boolean => !host || IP_LITERAL.test(host);
export const isCleartextOf = (tls: boolean | undefined, proto: string | undefined): boolean =>
  tls === false ? proto !== 'udp' && proto !== 'quic' : tls === undefined && proto !== undefined && PLAIN_PROTOS.has(proto);
export const isBareIp = (s: Send): boolean => isBareHost(s.host);
export const isCleartext = (s: Send): boolean => isCleartextOf(s.tls, s.proto);

export function networkFacet(v: ChainView, a: Analysis): FacetExplanation | undefined {
  const sends = v.sends;
  if (sends.length === 0) return undefined;
  const thr = a.policy.thresholds.entropy_threshold;
  let bytes = 0, b64 = 0, highEntropy = 0, bareIp = 0, clear = 0;
  const dests = new Set<string>(), formats = new Set<string>(), protos = new Set<string>();
  for (const s of sends) {
    bytes += s.bytes;
    dests.add(destOf(s));
    if (s.proto) protos.add(s.proto);
    const p = s.payload;
    if (p?.format) formats.add(p.format);
    if ((p?.b64_fields ?? 0) > 0 || p?.format === 'base64') b64++;
    if (p?.entropy !== undefined && p.entropy >= thr) highEntropy++;
    if (isBareIp(s)) bareIp++;
    if (isCleartext(s)) clear++;
  }
  const beacon = findBeacon(v.allSends);
  const periodic = beacon !== undefined && beacon.jitter < a.policy.thresholds.beacon_interval_variance;
  const lag = sends[0].ts - (v.encrypts[0]?.ts ?? sends[0].ts);

  let strength = 0.3;
  const why = [`${sends.length} send(s), ${fmtBytes(bytes)} out to ${[...dests].sort().join(', ')}${v.encrypts.length ? `, first ${Math.round(lag / 1000)} s after encryption` : ''}`];
  if (b64) { strength += 0.2; why.push(`${b64} with base64-encoded payload fields`); }
  if (highEntropy) { strength += 0.15; why.push(`${highEntropy} with payload entropy ≥ ${thr}`); }
  if (bareIp) { strength += 0.25; why.push(`${bareIp} to a bare IP address`); }
  if (clear) { strength += 0.15; why.push(`${clear} without TLS`); }
  if (periodic) { strength += 0.2; why.push(`beacon to ${beacon.dest} every ${beacon.interval_s} s, jitter ${beacon.jitter} < BeaconIntervalVariance ${a.policy.thresholds.beacon_interval_variance}`); }
  return {
    strength: Math.min(1, strength),
    why: why.join('; '),
    sends: sends.length,
    bytes_out: bytes,
    destinations: [...dests].sort(),
    protocols: [...protos].sort(),
    payload_formats: [...formats].sort(),
    b64_sends: b64,
    high_entropy_sends: highEntropy,
    bare_ip_sends: bareIp,
    cleartext_sends: clear,
    seconds_after_encryption: Math.round(lag / 1000),
    beacon: beacon ? { ...beacon, periodic } : null,
  };
}
