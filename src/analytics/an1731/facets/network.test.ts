// Facet 5, network, driven through a real Window: the sends counted after the window's first
// encrypt op (base 0.3, +0.2 base64, +0.15 payload entropy, +0.25 bare IP, +0.15 cleartext) and a
// beacon over every send of the window (+0.2 when its jitter is under BeaconIntervalVariance).
import { describe, expect, it } from 'vitest';
import { checkRow, HOUR, MIN, op, prune, type Rec, Rig, send, type Row } from '../facet-rig.test-util.js';
import type { NetworkFigures } from './network.js';

const T = 10 * HOUR;
const C2 = { host: 'c2.example.net', port: 8443, proto: 'https', tls: true } as const;
/** sends to C2 at T + offsets (seconds) */
const beats = (offsets: number[], bytes = 232, base = T): Rec[] => offsets.map((s) => send(base + s * 1_000, bytes, C2));

const rows: Row<NetworkFigures>[] = [
  { name: 'absent: no send', recs: [op(T)], strength: 0 },
  { name: 'absent: sends only before the first op', recs: [send(T, 100), send(T + 500, 100), op(T + 1_000)], strength: 0 },
  {
    name: 'a plain https send after the op: 0.3', recs: [op(T), send(T + 2_000, 100)], strength: 0.3,
    figures: { sends: 1, bytes_out: 100, destinations: ['api.example.com:443'], protocols: ['https'], b64_sends: 0, high_entropy_sends: 0, bare_ip_sends: 0, cleartext_sends: 0, seconds_after_encryption: 2, beacon: null },
    why: ['1 send(s), 100 B out to api.example.com:443, first 2 s after encryption'], notWhy: ['base64', 'entropy', 'bare IP', 'TLS', 'beacon'],
  },
  { name: 'base64 fields: 0.5', recs: [op(T), send(T + 1_000, 100, { payload: { format: 'json', b64_fields: 2 } })], strength: 0.5, figures: { b64_sends: 1, payload_formats: ['json'] }, why: ['1 with base64-encoded payload fields'] },
  { name: 'a base64 body: 0.5', recs: [op(T), send(T + 1_000, 100, { payload: { format: 'base64' } })], strength: 0.5, figures: { b64_sends: 1 } },
  { name: 'json without base64 fields: 0.3', recs: [op(T), send(T + 1_000, 100, { payload: { format: 'json', b64_fields: 0 } })], strength: 0.3 },
  { name: 'high-entropy payload: 0.45', recs: [op(T), send(T + 1_000, 100, { payload: { entropy: 7.8 } })], strength: 0.45, figures: { high_entropy_sends: 1 }, why: ['1 with payload entropy ≥ 7.2'] },
  { name: 'payload entropy under the threshold: 0.3', recs: [op(T), send(T + 1_000, 100, { payload: { entropy: 7.1 } })], strength: 0.3 },
  { name: 'payload entropy over a tuned threshold: 0.45', tune: { thresholds: { entropy_threshold: 7 } }, recs: [op(T), send(T + 1_000, 100, { payload: { entropy: 7.1 } })], strength: 0.45, why: ['entropy ≥ 7'] },
  { name: 'bare IP (no host): 0.55', recs: [op(T), send(T + 1_000, 100, { host: undefined, ip: '203.0.113.7' })], strength: 0.55, figures: { bare_ip_sends: 1, destinations: ['203.0.113.7:443'] }, why: ['1 to a bare IP address'] },
  { name: 'a host that is an IP literal: 0.55', recs: [op(T), send(T + 1_000, 100, { host: '10.1.2.3' })], strength: 0.55 },
  { name: 'an IPv6 literal: 0.55', recs: [op(T), send(T + 1_000, 100, { host: '2001:db8::1' })], strength: 0.55 },
  { name: 'cleartext http: 0.45', recs: [op(T), send(T + 1_000, 100, { proto: 'http', tls: false, port: 80 })], strength: 0.45, figures: { cleartext_sends: 1 }, why: ['1 without TLS'] },
  { name: 'http with TLS unknown: cleartext 0.45', recs: [op(T), send(T + 1_000, 100, { proto: 'http', tls: undefined })], strength: 0.45 },
  { name: 'hex fields count as base64 ones: 0.5', recs: [op(T), send(T + 1_000, 100, { payload: { format: 'json', b64_fields: 0, hex_fields: 1 } })], strength: 0.5, figures: { b64_sends: 0, hex_sends: 1 }, why: ['1 with hex-encoded payload fields'] },
  { name: 'decoded fields of near-random bytes are high entropy: 0.65', recs: [op(T), send(T + 1_000, 9_000, { payload: { format: 'json', entropy: 4, hex_fields: 1, enc_entropy: 7.9, enc_bytes: 4_400 } })], strength: 0.65, figures: { high_entropy_sends: 1 } },
  { name: 'decoded fields of text are not: 0.5', recs: [op(T), send(T + 1_000, 9_000, { payload: { format: 'json', entropy: 4, hex_fields: 1, enc_entropy: 4.5, enc_bytes: 4_400 } })], strength: 0.5, figures: { high_entropy_sends: 0 } },
  { name: 'an SMS is a cleartext send: 0.45', recs: [op(T), send(T + 1_000, 153, { host: 'sms:+15550100', port: undefined, proto: 'sms', tls: undefined })], strength: 0.45, figures: { cleartext_sends: 1, bare_ip_sends: 0, destinations: ['sms:+15550100'] } },
  {
    name: 'a send of unknown size: counted, its bytes said unknown', recs: [op(T), send(T + 1_000, NaN), send(T + 2_000, 300)], strength: 0.3,
    figures: { sends: 2, bytes_out: 300, unsized_sends: 1 }, why: ['2 send(s), 300 B + 1 of unknown size out to'],
  },
  { name: 'only sends of unknown size: never 0 B', recs: [op(T), send(T + 1_000, NaN)], strength: 0.3, figures: { bytes_out: 0, unsized_sends: 1 }, why: ['1 send(s), size unknown out to'], notWhy: ['0 B'] },
  { name: 'udp without TLS is not cleartext: 0.3', recs: [op(T), send(T + 1_000, 100, { proto: 'udp', tls: false })], strength: 0.3 },
  {
    name: 'every sign at once: capped at 1', recs: [op(T), send(T + 1_000, 100, { host: undefined, ip: '198.51.100.2', proto: 'tcp', tls: false, payload: { format: 'base64', entropy: 7.9 } })],
    strength: 1, figures: { b64_sends: 1, high_entropy_sends: 1, bare_ip_sends: 1, cleartext_sends: 1 },
  },
  {
    name: 'a regular beacon (6 sends, 60 s apart, 5 min span): 0.5', recs: [op(T), ...beats([1, 61, 121, 181, 241, 301])], strength: 0.5,
    figures: { sends: 6, beacon: { dest: 'c2.example.net:8443', sends: 6, interval_s: 60, jitter: 0, span_s: 300, periodic: true } },
    why: ['beacon to c2.example.net:8443 every 60 s, jitter 0 < BeaconIntervalVariance 0.2'],
  },
  { name: 'four sends spanning exactly 5 min: a beacon, 0.5', recs: [op(T), ...beats([1, 101, 201, 301])], strength: 0.5, figures: { beacon: { sends: 4, interval_s: 100 } as NetworkFigures['beacon'] } },
  { name: 'three sends: no beacon, 0.3', recs: [op(T), ...beats([1, 151, 301])], strength: 0.3, figures: { beacon: null } },
  { name: 'four sends spanning 4 min 59 s: no beacon, 0.3', recs: [op(T), ...beats([1, 100, 200, 300])], strength: 0.3, figures: { beacon: null } },
  {
    name: 'jitter equal to the variance (0.2) is not periodic: 0.3', recs: [op(T), ...beats([1, 61, 151, 211, 301])], strength: 0.3,
    figures: { beacon: { jitter: 0.2, periodic: false } as NetworkFigures['beacon'] }, notWhy: ['beacon'],
  },
  { name: 'the same series under a tuned variance of 0.25: 0.5', tune: { thresholds: { beacon_interval_variance: 0.25 } }, recs: [op(T), ...beats([1, 61, 151, 211, 301])], strength: 0.5, why: ['jitter 0.2 < BeaconIntervalVariance 0.25'] },
  {
    name: 'sends before the first op count for the beacon, not as sends: 0.5', recs: [...beats([0, 60, 120, 180, 240]), op(T + 250_000), ...beats([300])],
    strength: 0.5, figures: { sends: 1, seconds_after_encryption: 50, beacon: { sends: 6, span_s: 300 } as NetworkFigures['beacon'] },
  },
  {
    name: 'a fixed-size heartbeat among replies of other sizes: the sized group is the beacon', recs: [
      op(T), ...beats([45, 90, 135, 180, 225, 270, 315, 360]), send(T + 50_000, 9_000, C2), send(T + 52_000, 17, C2), send(T + 200_000, 4_000, C2),
    ],
    strength: 0.5, figures: { beacon: { dest: 'c2.example.net:8443', sends: 8, bytes: 232, interval_s: 45, jitter: 0, span_s: 315 } as NetworkFigures['beacon'] },
  },
  { name: 'beacon sends pruned out of the window: no beacon', recs: [op(T), ...beats([1, 61]), op(T + 110_000), ...beats([121, 181, 241, 301]), prune(T + 100_000)], strength: 0.3, figures: { sends: 4, beacon: null } },
  {
    name: 'two destinations, counted sends only', recs: [send(T, 5, { host: 'early.example' }), op(T + 1_000), send(T + 2_000, 10), send(T + 3_000, 20, { host: 'cdn.example.org' })],
    strength: 0.3, figures: { sends: 2, bytes_out: 30, destinations: ['api.example.com:443', 'cdn.example.org:443'] }, why: ['2 send(s), 30 B out to api.example.com:443, cdn.example.org:443'],
  },
];

describe('network facet', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_n, row) => { checkRow('network', row); });

  it('a send leaving the window lowers the figures back', () => {
    const rig = new Rig();
    rig.feed([op(T), send(T + 1_000, 100, { host: undefined, ip: '203.0.113.9' }), op(T + 5 * MIN), send(T + 6 * MIN, 50)]);
    expect(rig.say('network').strength).toBeCloseTo(0.55, 9);
    rig.feed([prune(T + 2 * MIN)]);
    const s = rig.say<NetworkFigures>('network');
    expect(s.strength).toBeCloseTo(0.3, 9);
    expect(s.figures).toMatchObject({ sends: 1, bytes_out: 50, bare_ip_sends: 0, destinations: ['api.example.com:443'], seconds_after_encryption: 60 });
  });
});
