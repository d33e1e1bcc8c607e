// The analytic's mutable elements (DET0650 for AN1731): each threshold moves what the engine sees.
import { describe, expect, test } from 'vitest';
import { Engine } from './engine.js';
import { DEFAULT_POLICY, type Accepted, type Alert, type Policy, type TelemetryEvent } from '../model/index.js';

const T0 = Date.UTC(2026, 0, 5, 8);
const APP = 'com.flash.tools';
const KEY = '3f9a0c1d2e4b5a69788796a5b4c3d2e1';
type Ev = Omit<TelemetryEvent, 'device'>;

function run(events: Ev[], tune: (p: Policy) => void = () => {}): Alert[] {
  const policy: Policy = structuredClone(DEFAULT_POLICY);
  tune(policy);
  const out: Alert[] = [];
  const e = new Engine({ policy, lateness: 30_000, onAlert: (u) => { if (u.final) out.push(u.alert); } });
  events.forEach((x, i) => {
    const event = { device: 'd1', ...x, id: `e${i}` } as TelemetryEvent;
    e.push({ event, ts: event.ts, ref: event.id!, source: { file: 't', line: i + 1 } } as Accepted);
  });
  e.end();
  return out;
}

/** reads SMS, encrypts with a stored key `uses` times, stages a file, sends `sendDelay` later */
function chain(o: { uses?: number; entropy?: number; sendDelay?: number; state?: 'service' | 'foreground'; origin?: string } = {}): Ev[] {
  const ev: Ev[] = [
    // the device's sensor shows the network from the start (another app's send)
    { type: 'net.send', ts: T0 - 1000, app: 'com.android.vending', dst_host: 'play.googleapis.com', dst_port: 443, tls: true, proto: 'https', bytes_out: 300 },
    { type: 'app.state', ts: T0, app: APP, state: o.state ?? 'service' },
    { type: 'data.access', ts: T0 + 10, app: APP, category: 'sms', items: 50, bytes: 8000 },
    { type: 'crypto.key', ts: T0 + 20, app: APP, key_fp: KEY, alg: 'AES', origin: o.origin ?? 'stored' },
  ] as Ev[];
  const uses = o.uses ?? 4;
  for (let i = 0; i < uses; i++) ev.push({ type: 'crypto.op', ts: T0 + 30 + i, app: APP, alg: 'AES', mode: 'CBC', dir: 'encrypt', key_fp: KEY, in_bytes: 2000, out_bytes: 2016 } as Ev);
  ev.push({ type: 'file.write', ts: T0 + 100, app: APP, path: '/data/data/x/cache/b.bin', bytes: 2016 * uses, entropy: o.entropy ?? 7.6 } as Ev);
  ev.push({ type: 'net.send', ts: T0 + 100 + (o.sendDelay ?? 2000), app: APP, dst_host: 'c2.example.net', dst_port: 443, tls: true, proto: 'https', bytes_out: 2016 * uses + 500, payload: { format: 'json', b64_fields: 1 } } as Ev);
  return ev;
}

describe('thresholds', () => {
  test('key_reuse_threshold: 4 uses are reuse at 3, not at 10', () => {
    expect(run(chain())[0].facets.key_reuse).toMatchObject({ strength: 1, uses: 4, threshold: 3 });
    expect(run(chain(), (p) => { p.thresholds.key_reuse_threshold = 10; })[0].facets.key_reuse).toMatchObject({ strength: 0.6, threshold: 10 });
  });

  test('entropy_threshold: a 7.6 bits/byte file is staged ciphertext at 7.2, not at 7.9', () => {
    expect(run(chain())[0].facets.staging).toMatchObject({ bytes_staged: 8064 });
    expect(run(chain(), (p) => { p.thresholds.entropy_threshold = 7.9; })[0].facets.staging).toMatchObject({ bytes_staged: 0 });
  });

  test('time_window: a send 6 minutes after the encryption is in the window at 10m; at 5m only the staged file links them', () => {
    const inWindow = run(chain({ sendDelay: 6 * 60_000 }));
    expect(inWindow).toHaveLength(1);
    expect(inWindow[0].facets.staging).not.toHaveProperty('staged_earlier');
    const short = run(chain({ sendDelay: 6 * 60_000 }), (p) => { p.thresholds.time_window = 5 * 60_000; });
    expect(short).toHaveLength(1);
    expect(short[0].facets.staging).toMatchObject({ staged_earlier: [{ path: '/data/data/x/cache/b.bin', waited_s: 360 }] });
    // without the staged file nothing links a send 6 minutes later to a 5-minute window
    const unstaged = run(chain({ sendDelay: 6 * 60_000, entropy: 5 }), (p) => { p.thresholds.time_window = 5 * 60_000; });
    expect(unstaged).toHaveLength(0);
  });

  test('staging_horizon: a staged file sent after the horizon is no longer linked', () => {
    const late = (h: number) => run(chain({ sendDelay: 30 * 60_000 }), (p) => { p.thresholds.staging_horizon = h; });
    expect(late(60 * 60_000)).toHaveLength(1);
    expect(late(20 * 60_000)).toHaveLength(0);
  });

  test('foreground_state_required: an approved app sending in background is quiet, unless foreground is required', () => {
    const approve = (p: Policy) => { p.apps = [{ package: APP, approved: true, expected_domains: ['*.example.net'], background_network: true }]; };
    // a backup-like approved app: generated key, background network declared
    expect(run(chain({ origin: 'generated' }), approve)).toHaveLength(0);
    const strict = run(chain({ origin: 'generated' }), (p) => { approve(p); p.thresholds.foreground_state_required = true; });
    expect(strict).toHaveLength(1);
    expect(strict[0].facets.inconsistency).toMatchObject({ findings: ['foreground_required'] });
  });

  test('beacon_interval_variance: sends every 30 s ± 3 s for 6 minutes are a beacon at 0.2, not at 0.05', () => {
    const ev = chain();
    const send = ev.pop()!;
    for (let i = 0; i < 13; i++) ev.push({ ...send, ts: send.ts + i * 30_000 + (i % 2 ? 3000 : -3000) } as Ev);
    const beacon = (a: Alert) => (a.facets.network as { beacon: { periodic: boolean; jitter: number } }).beacon;
    expect(beacon(run(ev)[0])).toMatchObject({ periodic: true });
    expect(beacon(run(ev, (p) => { p.thresholds.beacon_interval_variance = 0.05; })[0])).toMatchObject({ periodic: false });
  });

  test('allowed_crypto_apps: encryption by an allowed app counts for less', () => {
    const base = run(chain())[0];
    const allowed = run(chain(), (p) => { p.allowed_crypto_apps = [APP]; })[0];
    expect(allowed.facets.crypto).toMatchObject({ strength: 0.3, allowed_crypto_app: true });
    expect(allowed.score).toBeLessThan(base.score);
  });

  test('severity thresholds come from the policy', () => {
    const a = run(chain())[0];
    const b = run(chain(), (p) => { p.severity = { medium: 10, high: 20, critical: a.score }; })[0];
    expect(b.severity).toBe('critical');
  });
});
