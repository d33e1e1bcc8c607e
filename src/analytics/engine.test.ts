import { describe, expect, test } from 'vitest';
import { Engine, type AlertUpdate } from './engine.js';
import { DEFAULT_POLICY, type Accepted, type Alert, type Policy, type TelemetryEvent } from '../model/index.js';

type Ev = Omit<TelemetryEvent, 'device'> & { device?: string };
const T0 = Date.UTC(2026, 0, 5, 8);

function acc(events: Ev[], device = 'd1'): Accepted[] {
  return events.map((e, i) => {
    const event = { device, ...e } as TelemetryEvent;
    return { event, ts: event.ts, ref: event.id ?? `t:${i + 1}`, source: { file: 't', line: i + 1 } };
  });
}

function run(xs: Accepted[], policy: Policy = DEFAULT_POLICY, lateness = 30_000): { finals: Alert[]; all: AlertUpdate[]; engine: Engine } {
  const all: AlertUpdate[] = [];
  const engine = new Engine({ policy, lateness, onAlert: (u) => all.push(u) });
  for (const x of xs) engine.push(x);
  engine.end();
  return { finals: all.filter((u) => u.final).map((u) => u.alert), all, engine };
}

/** an app that reads SMS in the background, encrypts with a literal key, stages and sends */
function exfil(app = 'com.flash.tools', t = T0, keyOrigin = 'literal', idp = 'x'): Ev[] {
  const key = '3f9a0c1d2e4b5a69788796a5b4c3d2e1';
  const ev: Ev[] = [
    { type: 'app.state', ts: t, app, state: 'service', id: `${idp}1` },
    { type: 'device.state', ts: t + 10, screen: 'off', locked: true, id: `${idp}2` },
    { type: 'data.access', ts: t + 100, app, category: 'sms', items: 212, bytes: 18_000, id: `${idp}3` },
    { type: 'crypto.key', ts: t + 200, app, key_fp: key, alg: 'AES', origin: keyOrigin as 'literal', id: `${idp}4` },
  ];
  for (let i = 0; i < 4; i++) ev.push({ type: 'crypto.op', ts: t + 210 + i, app, alg: 'AES', mode: 'CBC', dir: 'encrypt', key_fp: key, in_bytes: 4600, out_bytes: 4608, id: `${idp}5${i}` });
  ev.push({ type: 'file.write', ts: t + 300, app, path: `/data/user/0/${app}/cache/q.bin`, bytes: 18_432, entropy: 7.98, id: `${idp}6` });
  ev.push({ type: 'net.send', ts: t + 4000, app, dst_ip: '185.22.1.9', dst_port: 8080, proto: 'http', tls: false, bytes_out: 24_690, payload: { format: 'json', b64_fields: 1, entropy: 5.9 }, id: `${idp}7` });
  return ev as Ev[];
}

describe('Engine', () => {
  test('a full chain becomes one explained alert', () => {
    const { finals } = run(acc(exfil()));
    expect(finals).toHaveLength(1);
    const a = finals[0];
    expect(Object.keys(a.facets).sort()).toEqual(['background', 'crypto', 'key_reuse', 'network', 'staging']);
    expect(a.missing).toEqual(['inconsistency']);
    expect(a.facets.key_reuse).toMatchObject({ uses: 4, origin: 'literal', locally_accessible: true });
    expect(a.exposure).toMatchObject({ data_categories: ['sms'], bytes_encrypted: 18_400, bytes_staged: 18_432, bytes_sent: 24_690 });
    expect(a.severity === 'high' || a.severity === 'critical').toBe(true);
    expect(a.evidence[0]).toBe('x3');
  });

  test('input shuffled within lateness gives the same alerts and ids', () => {
    const xs = [...acc(exfil('a.b.one', T0, 'literal', 'p')), ...acc(exfil('a.b.two', T0 + 5000, 'stored', 'q'), 'd2')];
    const sorted = run([...xs].sort((x, y) => x.event.ts - y.event.ts)).finals;
    // deterministic shuffle: reverse blocks of 5 (displacement < 30 s)
    const shuffled: Accepted[] = [];
    for (let i = 0; i < xs.length; i += 5) shuffled.push(...xs.slice(i, i + 5).reverse());
    const again = run(shuffled).finals;
    expect(again).toEqual(sorted);
    expect(sorted.length).toBe(2);
  });

  test('events later than lateness are counted and still used', () => {
    const xs = acc(exfil());
    const late = xs.splice(2, 1)[0]; // the SMS read arrives 2 minutes late
    const t = xs[xs.length - 1].event.ts;
    xs.push({ type: 'user.interaction', ts: t + 120_000, device: 'd1', app: 'other.app' } as never);
    const r = run([...xs.map((x) => x), late].map((x) => ('event' in x ? x : acc([x as Ev])[0])));
    expect(r.engine.stats.late).toBe(1);
    expect(r.engine.stats.processed).toBe(r.engine.stats.accepted);
  });

  test('a hardware-backed Keystore key in the foreground stays quiet', () => {
    const app = 'com.example.bank';
    const ev: Ev[] = [
      { type: 'app.state', ts: T0, app, state: 'foreground' },
      { type: 'user.interaction', ts: T0 + 50, app },
      { type: 'data.access', ts: T0 + 60, app, category: 'credentials', items: 1, bytes: 64 },
      { type: 'crypto.key', ts: T0 + 100, app, key_fp: 'aa'.repeat(16), alg: 'AES', origin: 'keystore', hw_backed: true },
      ...[0, 1, 2, 3, 4].map((i) => ({ type: 'crypto.op', ts: T0 + 200 + i, app, alg: 'AES', mode: 'GCM', dir: 'encrypt', key_fp: 'aa'.repeat(16), in_bytes: 300, out_bytes: 316 }) as Ev),
      { type: 'net.send', ts: T0 + 500, app, dst_host: 'api.bank.example', dst_port: 443, proto: 'https', tls: true, bytes_out: 900, payload: { format: 'json' } },
    ];
    expect(run(acc(ev)).finals).toEqual([]);
  });

  test('decrypt-only use of a hard-coded key (SDK strings) is not an alert', () => {
    const app = 'com.example.game';
    const ev: Ev[] = [
      { type: 'app.state', ts: T0, app, state: 'service' },
      { type: 'crypto.key', ts: T0 + 1, app, key_fp: 'bb'.repeat(16), alg: 'AES', origin: 'literal' },
      ...Array.from({ length: 20 }, (_, i) => ({ type: 'crypto.op', ts: T0 + 10 + i, app, alg: 'AES', dir: 'decrypt', key_fp: 'bb'.repeat(16), in_bytes: 64 }) as Ev),
      { type: 'net.send', ts: T0 + 900, app, dst_ip: '10.1.2.3', proto: 'http', tls: false, bytes_out: 400, payload: { format: 'json', b64_fields: 2 } },
    ];
    expect(run(acc(ev)).finals).toEqual([]);
  });

  test('low jitter alone (a keepalive) never fires', () => {
    const app = 'com.wireguard.android';
    const ev: Ev[] = [{ type: 'app.state', ts: T0, app, state: 'service' }];
    for (let i = 0; i < 40; i++) {
      ev.push({ type: 'crypto.op', ts: T0 + i * 25_000, app, alg: 'ChaCha20', dir: 'encrypt', key_fp: 'cc'.repeat(16), in_bytes: 32, out_bytes: 48 });
      ev.push({ type: 'net.send', ts: T0 + i * 25_000 + 5, app, dst_ip: '198.51.100.7', dst_port: 51820, proto: 'udp', bytes_out: 80 });
    }
    expect(run(acc(ev)).finals).toEqual([]);
  });

  test('a send with no crypto telemetry at all is reported with crypto missing, not confidently', () => {
    const ev = exfil().filter((e) => !e.type.startsWith('crypto.'));
    const { finals } = run(acc(ev));
    expect(finals).toHaveLength(1);
    expect(finals[0].missing).toContain('crypto');
    expect(finals[0].score).toBeLessThan(DEFAULT_POLICY.severity.high);
    expect(finals[0].confidence).toBeLessThan(0.7);
  });

  test('staging minutes before the send is still one chain', () => {
    const ev = exfil();
    const send = ev.pop()!;
    ev.push({ ...send, ts: send.ts + 6 * 60_000 } as Ev);
    const { finals } = run(acc(ev));
    expect(finals).toHaveLength(1);
    expect(finals[0].facets.staging).toBeDefined();
    expect(finals[0].last_ts - finals[0].first_ts).toBeGreaterThan(5 * 60_000);
  });

  test('the same key on several devices raises every chain', () => {
    const one = run(acc(exfil('com.flash.tools', T0, 'unknown'), 'd1')).finals[0];
    const xs = [0, 1, 2].flatMap((i) => acc(exfil('com.flash.tools', T0 + i * 60_000, 'unknown', `k${i}`), `d${i}`));
    const many = run(xs.sort((a, b) => a.event.ts - b.event.ts)).finals;
    expect(many).toHaveLength(3);
    for (const a of many) {
      expect(a.facets.key_reuse).toMatchObject({ devices_with_key: 3 });
      expect(a.score).toBeGreaterThan(one.score);
    }
  });

  test('state stays bounded: idle contexts are evicted', () => {
    const xs: Accepted[] = [];
    for (let d = 0; d < 200; d++) xs.push(...acc(exfil('com.flash.tools', T0 + d * 3_600_000, 'literal', `e${d}-`), `dev${d}`));
    const r = run(xs);
    expect(r.finals).toHaveLength(200);
    // a context holding an announced key stays for the staging horizon (4 h): at one device an
    // hour, at most five at once; the rest is freed
    expect(r.engine.stats.contextsPeak).toBeLessThanOrEqual(6);
    expect(r.engine.stats.contextsEvicted).toBeGreaterThanOrEqual(194);
  });

  test('streaming updates keep the id and raise rev', () => {
    const { all } = run(acc(exfil()));
    const ids = new Set(all.map((u) => u.alert.id));
    expect(ids.size).toBe(1);
    const revs = all.map((u) => u.alert.rev);
    expect(revs).toEqual([...revs].sort((a, b) => a - b));
    expect(all[all.length - 1].final).toBe(true);
  });

  test('key records of a long-lived context are evicted: a new key every minute for 5 hours', () => {
    const app = 'org.example.messenger';
    const ev: Ev[] = [];
    for (let m = 0; m < 300; m++) {
      const t = T0 + m * 60_000, fp = m.toString(16).padStart(32, '0');
      ev.push({ type: 'crypto.key', ts: t, app, key_fp: fp, alg: 'AES', origin: 'generated' });
      ev.push({ type: 'crypto.op', ts: t + 1, app, alg: 'AES', dir: 'encrypt', key_fp: fp, in_bytes: 100, out_bytes: 116 });
    }
    const { engine } = run(acc(ev));
    const ctx = (engine as unknown as { table: { devices: Map<string, { apps: Map<string, { keys: Map<string, unknown> }> }> } }).table.devices.get('d1')!.apps.get(app)!;
    // used keys: window 10 min + lateness 30 s, freed once 32 piled up
    expect(ctx.keys.size).toBeLessThanOrEqual(33);
  });
});

describe('Engine: approved apps, unknown sizes, lookups, inferred encryption', () => {
  const SIGNER = 'ab'.repeat(32), OTHER = 'cd'.repeat(32);
  const app = 'com.flash.tools';
  const approvedPolicy = (o: Partial<Policy['apps'][number]> = {}): Policy => ({
    ...DEFAULT_POLICY,
    apps: [{ package: app, approved: true, label: 'backup', signer: SIGNER, expected_domains: ['*.flash-backup.example'], background_network: true, ...o }],
  });
  /** the chain, sent to the app's own domain */
  const own = (): Ev[] => exfil().map((e) => (e.type === 'net.send' ? { ...e, dst_ip: undefined, dst_host: 'sync.flash-backup.example' } as Ev : e));
  const info = (signer: string): Ev => ({ type: 'app.info', ts: T0 - 1000, app, signer, installer: 'com.android.vending', approved: true, id: 'i0' });

  test('an approved app doing what it declared raises nothing, however strong the chain', () => {
    const { all } = run(acc([info(SIGNER), ...own()]), approvedPolicy());
    expect(all).toEqual([]);
    // the same chain with no inventory alerts high: the quiet comes from the declaration
    expect(run(acc(exfil())).finals[0].severity).toMatch(/high|critical/);
  });

  test('its drift alerts and says which expectation broke: a new destination', () => {
    const ev = [info(SIGNER), ...own()];
    ev.push({ type: 'net.send', ts: T0 + 5000, app, dst_host: 'drop.example.net', dst_port: 443, proto: 'https', tls: true, bytes_out: 900, id: 'x8' } as Ev);
    const { finals } = run(acc(ev), approvedPolicy());
    expect(finals).toHaveLength(1);
    expect(finals[0].facets.inconsistency).toMatchObject({ findings: ['unexpected_domain'], broken_expectations: ['expected_domains'] });
    expect(finals[0].facets.inconsistency!.why).toContain('approved as backup, breaks its declared expected_domains');
  });

  test('its drift alerts: a data category it did not declare', () => {
    const { finals } = run(acc([info(SIGNER), ...own()]), approvedPolicy({ data_categories: ['files'] }));
    expect(finals).toHaveLength(1);
    expect(finals[0].facets.inconsistency).toMatchObject({ findings: ['undeclared_data_category'], broken_expectations: ['data_categories'] });
  });

  test('a repackaged clone (same package, other signer) still alerts at least high', () => {
    const { finals } = run(acc([info(OTHER), ...own()]), approvedPolicy());
    expect(finals).toHaveLength(1);
    expect(['high', 'critical']).toContain(finals[0].severity);
    expect(finals[0].facets.inconsistency).toMatchObject({ critical: true, broken_expectations: ['signer'] });
  });

  test('a send whose size was not recorded is unknown, never 0 B', () => {
    const ev = exfil().map((e) => (e.type === 'net.send' ? (({ bytes_out: _b, ...rest }) => rest)(e as TelemetryEvent & { bytes_out: number }) as Ev : e));
    const a = run(acc(ev)).finals[0];
    expect(a.exposure).toMatchObject({ bytes_sent: 0, unsized_sends: 1 });
    expect(a.facets.network).toMatchObject({ unsized_sends: 1 });
    expect(a.facets.network!.why).toContain('size unknown out to');
    expect(a.summary).toContain('sent an unknown number of bytes to');
    expect(a.summary).not.toMatch(/\b0 B\b/);
  });

  test('a DNS lookup carrying no data is not a send; one with encoded labels is', () => {
    const lookup = (id: string, payload?: object): Ev => ({ type: 'net.send', ts: T0 + 4000, app, dst_host: 'c2.example.net', dst_ip: '10.0.0.53', dst_port: 53, proto: 'dns', bytes_out: 60, ...(payload ? { payload } : {}), id } as Ev);
    const base = exfil().filter((e) => e.type !== 'net.send');
    const plain = run(acc([...base, lookup('q1')])).finals;
    expect(plain.every((a) => a.facets.network === undefined && !a.evidence.includes('q1'))).toBe(true);
    const tunnel = run(acc([...base, lookup('q2', { format: 'text', hex_fields: 2, enc_entropy: 7.6, enc_bytes: 96 })])).finals;
    expect(tunnel[0].facets.network).toMatchObject({ sends: 1, hex_sends: 1 });
  });

  test('encryption the sensor cannot see is inferred, kept under `inferred`, with crypto still missing', () => {
    const ev: Ev[] = [
      { type: 'app.state', ts: T0, app, state: 'service' },
      { type: 'device.state', ts: T0 + 10, screen: 'off', locked: true },
      { type: 'data.access', ts: T0 + 100, app, category: 'contacts', items: 300, bytes: 40_000 },
      { type: 'net.send', ts: T0 + 4000, app, dst_host: 'api.stats-cloud.example', dst_port: 443, proto: 'https', tls: true, bytes_out: 80_244, payload: { format: 'json', entropy: 4, hex_fields: 1, enc_entropy: 7.95, enc_bytes: 40_032 } },
    ] as Ev[];
    const [a] = run(acc(ev)).finals;
    expect(a.missing).toContain('crypto');
    expect(a.facets.crypto).toBeUndefined();
    expect(a.inferred?.crypto).toMatchObject({ inferred: true, strength: 0.4, size_tracks: true });
    expect(a.inferred!.crypto!.why).toContain('inferred, not seen');
    expect(a.score).toBeLessThan(DEFAULT_POLICY.severity.high);
    // without the decoded entropy there is nothing to infer from: no alert
    const flat = ev.map((e) => (e.type === 'net.send' ? { ...e, payload: { format: 'json', entropy: 4, hex_fields: 1 } } : e)) as Ev[];
    expect(run(acc(flat)).finals).toEqual([]);
  });
});
