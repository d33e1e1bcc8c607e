// Partial chains on managed-device telemetry (connects without bytes, Keystore keys by alias, lock
// state): raised only where the policy asks, only for key -> hidden connects, always low; and what
// such telemetry does to `missing`, `partly_visible`, confidence and source credit on joined devices.
import { describe, expect, test } from 'vitest';
import { Engine } from '../engine.js';
import { DEFAULT_POLICY, type Accepted, type Alert, type Policy, type TelemetryEvent } from '../../model/index.js';

const T0 = Date.UTC(2026, 2, 2, 2);
const PARTIAL: Policy = { ...DEFAULT_POLICY, partial_chains: true };
type Ev = Record<string, unknown>;

function run(events: Ev[], policy: Policy): Alert[] {
  const out: Alert[] = [];
  const engine = new Engine({ policy, lateness: 30_000, onAlert: (u) => { if (u.final) out.push(u.alert); } });
  events.forEach((e, i) => {
    const event = { device: 'd1', src: 'amapi', ...e } as unknown as TelemetryEvent;
    engine.push({ event, ts: event.ts, ref: `${event.src}-${i + 1}`, source: { file: 't', line: i + 1 } } as Accepted);
  });
  engine.end();
  return out;
}

const app = 'com.flash.tools';
const key = (t: number): Ev => ({ ts: t, app, type: 'crypto.key', key_fp: 'a'.repeat(32), fp_scheme: 'keystore-alias', alg: 'unknown', origin: 'keystore', keystore_op: 'generated' });
const connects = (t: number, n: number, every: number): Ev[] => Array.from({ length: n }, (_, i) => ({ ts: t + i * every, app, type: 'net.send', dst_ip: '198.51.100.9', dst_host: 'c2.example', dst_port: 443, proto: 'tcp' }));
const night = (withKey = true, locked = true): Ev[] => [
  { ts: T0 - 60_000, type: 'device.state', locked },
  { ts: T0 - 2000, app, type: 'app.state', state: 'background', inferred: true },
  ...(withKey ? [key(T0 - 1000)] : []),
  ...connects(T0, 8, 60_000),
];

describe('partial chains', () => {
  test('off by default: the same logs raise nothing', () => {
    expect(run(night(), DEFAULT_POLICY)).toEqual([]);
  });

  test('on: a Keystore key, then hidden periodic connects: low, labelled, its gaps stated', () => {
    const [a, ...more] = run(night(), PARTIAL);
    expect(more).toEqual([]);
    expect(a).toMatchObject({ severity: 'low', missing: ['crypto', 'staging', 'inconsistency'], partly_visible: ['key_reuse', 'background', 'network'] });
    expect(a.score).toBeGreaterThanOrEqual(30);
    expect(a.score).toBeLessThan(DEFAULT_POLICY.severity.medium);
    expect(a.confidence).toBe(Math.round(((6 - 3 - 1.5) / 6) * 100) / 100);
    expect(a.partial_chain).toMatchObject({ key_made_ts: T0 - 1000, key_event: 'amapi-3', beacon: true });
    expect(a.summary).toMatch(/^Partial chain .*made a Keystore key, then connected in the background .* and beaconed by connect timing/);
    expect(a.exposure.bytes_sent).toBe(0);
  });

  test('no key made, or the device unlocked with no hidden state: nothing', () => {
    expect(run(night(false), PARTIAL)).toEqual([]);
    const unlocked = night(true, false).filter((e) => e.type !== 'app.state');
    expect(run(unlocked, PARTIAL)).toEqual([]);
  });

  test('a key made past the staging horizon before the connects: nothing', () => {
    const ev = night(false);
    ev.unshift(key(T0 - DEFAULT_POLICY.thresholds.staging_horizon - 60_000));
    expect(run(ev, PARTIAL)).toEqual([]);
  });

  test('alias-only keys do not claim crypto visibility; a sensor joined on the device credits each facet to its source', () => {
    const sensor: Ev[] = [
      { ts: T0 - 600, app, type: 'app.state', state: 'service', src: 'frida' },
      { ts: T0 - 500, app, type: 'data.access', category: 'sms', items: 200, bytes: 18_000, src: 'frida' },
      { ts: T0 - 400, app, type: 'crypto.key', key_fp: 'b'.repeat(32), alg: 'AES', origin: 'literal', src: 'frida' },
      ...[0, 1, 2, 3].map((i) => ({ ts: T0 - 300 + i, app, type: 'crypto.op', alg: 'AES', mode: 'CBC', dir: 'encrypt', key_fp: 'b'.repeat(32), in_bytes: 4500, out_bytes: 4512, src: 'frida' })),
      { ts: T0 - 200, app, type: 'file.write', path: '/data/user/0/x/q.bin', bytes: 18_048, entropy: 7.98, src: 'frida' },
      { ts: T0 + 1, app, type: 'net.send', dst_ip: '198.51.100.9', dst_port: 443, proto: 'https', tls: true, bytes_out: 20_000, payload: { format: 'json', b64_fields: 1 }, src: 'frida' },
    ];
    const all = [...night(), ...sensor].sort((x, y) => (x.ts as number) - (y.ts as number));
    const alerts = run(all, DEFAULT_POLICY);
    expect(alerts.length).toBe(1);
    const a = alerts[0];
    expect(a.partial_chain).toBeUndefined();
    expect(a.missing).toEqual(['inconsistency']); // no inventory; crypto and staging from the sensor
    expect(a.partly_visible).toBeUndefined();
    expect(a.facet_sources).toMatchObject({ crypto: ['frida'], staging: ['frida'], network: ['amapi', 'frida'] });
  });
});
