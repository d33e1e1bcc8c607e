// Facet 5, network: structured outbound transmission after the encryption, inside the window.
// What makes it look like a channel rather than an API call: base64 or hex fields or a base64 body,
// raw ciphertext (entropy of the body, or of the decoded fields), a bare IP, no TLS (an SMS is
// never encrypted in transit), a regular beacon (over every send of the window).
import type { FacetExplanation } from '../../../model/index.js';
import { bump, newCounts, type Counts, sortedKeys, type Facet } from '../facet.js';
import { beaconSend, bestBeacon, newBeaconGroups, periodicUnder, type Beacon, type BeaconGroups } from '../beacon.js';
import { fmtBytes } from '../units.js';
import { randomEntropyFloor } from '../inferred-cipher.js';

export { isBareHost, isCleartextOf } from '../transport.js';

export interface NetworkState {
  sends: number; bytes: number; b64: number; hex: number; highEntropy: number; bareIp: number; clear: number;
  /** sends whose size the source did not record (0 in `bytes`) */
  unsized: number;
  dests: Counts; protos: Counts; formats: Counts;
  /** every send of the window, for periodicity */
  beacon: BeaconGroups;
}

export interface NetworkFigures {
  sends: number; bytes_out: number; destinations: string[]; protocols: string[]; payload_formats: string[];
  b64_sends: number; high_entropy_sends: number; bare_ip_sends: number; cleartext_sends: number;
  /** sends with hex-encoded fields (of 16 bytes or more) */
  hex_sends?: number;
  /** sends whose size the source did not record: `bytes_out` counts the others only */
  unsized_sends?: number;
  seconds_after_encryption: number; beacon: (Beacon & { periodic: boolean }) | null;
  /** for the sentence only */
  encrypted_before: boolean; entropy_threshold: number; variance: number;
}

export const networkFacet: Facet<NetworkState, NetworkFigures> = {
  name: 'network',
  init: () => ({ sends: 0, bytes: 0, b64: 0, hex: 0, highEntropy: 0, bareIp: 0, clear: 0, unsized: 0, dests: newCounts(), protos: newCounts(), formats: newCounts(), beacon: newBeaconGroups() }),
  send(s, rows, i, sign) {
    beaconSend(s.beacon, rows.dest(i), rows.bytes(i), rows.ts(i), sign);
  },
  counted(s, rows, i, sign, x) {
    s.sends += sign;
    s.bytes += sign * rows.bytes(i);
    bump(s.dests, rows.dest(i), sign);
    const proto = rows.proto(i), format = rows.format(i);
    if (proto) bump(s.protos, proto, sign);
    if (format) bump(s.formats, format, sign);
    if (rows.b64(i)) s.b64 += sign;
    if (rows.hex(i)) s.hex += sign;
    if (rows.unsized(i)) s.unsized += sign;
    const thr = x.a.policy.thresholds.entropy_threshold;
    // (NaN: none given) the body's entropy, or that of the bytes its encoded fields decode to
    if (rows.entropy(i) >= thr || rows.encEntropy(i) >= randomEntropyFloor(thr, rows.encBytes(i))) s.highEntropy += sign;
    if (rows.bare(i)) s.bareIp += sign;
    if (rows.cleartext(i)) s.clear += sign;
  },
  strength(s, x) {
    if (s.sends === 0) return 0;
    let strength = 0.3;
    if (s.b64 + s.hex) strength += 0.2;
    if (s.highEntropy) strength += 0.15;
    if (s.bareIp) strength += 0.25;
    if (s.clear) strength += 0.15;
    if (s.beacon.eligible.size > 0 && periodicUnder(s.beacon, x.a.policy.thresholds.beacon_interval_variance)) strength += 0.2;
    return Math.min(1, strength);
  },
  figures(s, x) {
    const beacon = bestBeacon(s.beacon);
    const t = x.a.policy.thresholds;
    const sends = x.w.sends, enc = x.w.encrypts, first = x.w.countedFrom();
    const firstSend = sends.ts(first);
    const lag = firstSend - (enc.length > 0 ? enc.ts(enc.start) : firstSend);
    return {
      sends: s.sends, bytes_out: s.bytes, destinations: sortedKeys(s.dests), protocols: sortedKeys(s.protos), payload_formats: sortedKeys(s.formats),
      b64_sends: s.b64, high_entropy_sends: s.highEntropy, bare_ip_sends: s.bareIp, cleartext_sends: s.clear,
      ...(s.hex ? { hex_sends: s.hex } : {}), ...(s.unsized ? { unsized_sends: s.unsized } : {}),
      seconds_after_encryption: Math.round(lag / 1000),
      beacon: beacon ? { ...beacon, periodic: beacon.jitter < t.beacon_interval_variance } : null,
      encrypted_before: enc.length > 0, entropy_threshold: t.entropy_threshold, variance: t.beacon_interval_variance,
    };
  },
  explain(f, strength): FacetExplanation {
    const { encrypted_before, entropy_threshold, variance, ...shown } = f;
    const out = !f.unsized_sends ? fmtBytes(f.bytes_out) : f.unsized_sends === f.sends ? 'size unknown' : `${fmtBytes(f.bytes_out)} + ${f.unsized_sends} of unknown size`;
    const why = [`${f.sends} send(s), ${out} out to ${f.destinations.join(', ')}${encrypted_before ? `, first ${f.seconds_after_encryption} s after encryption` : ''}`];
    if (f.b64_sends) why.push(`${f.b64_sends} with base64-encoded payload fields`);
    if (f.hex_sends) why.push(`${f.hex_sends} with hex-encoded payload fields`);
    if (f.high_entropy_sends) why.push(`${f.high_entropy_sends} with payload entropy ≥ ${entropy_threshold}`);
    if (f.bare_ip_sends) why.push(`${f.bare_ip_sends} to a bare IP address`);
    if (f.cleartext_sends) why.push(`${f.cleartext_sends} without TLS`);
    const b = f.beacon;
    if (b?.periodic) why.push(`beacon to ${b.dest} every ${b.interval_s} s, jitter ${b.jitter} < BeaconIntervalVariance ${variance}`);
    return { strength, why: why.join('; '), ...shown };
  },
};
