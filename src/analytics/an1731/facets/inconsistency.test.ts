// Facet 6, inconsistency, driven through a real Window, Inventory and app facts: each finding of
// the inventory and the app's facts, the critical signer mismatch, the approved-and-consistent
// app, and the strength as the strongest finding plus 0.1 per other one.
import { describe, expect, it } from 'vitest';
import type { Accepted, AppEntry, TelemetryEvent } from '../../../model/index.js';
import { BaselineAccumulator } from '../../../baseline/index.js';
import { BaselineIndex, FLEET_NORM_FACTOR } from '../baseline-deviation.js';
import { APP, checkRow, type Ex, HOUR, info, op, read, Rig, send, type Row } from '../facet-rig.test-util.js';
import type { InconsistencyFigures } from './inconsistency.js';

const T = 10 * HOUR;
const SVC: Ex = { state: 'service', locked: true, screenOff: true, idle: 600_000 };
const PINNED = 'AA:'.repeat(31) + 'AA', OTHER = 'bb'.repeat(32);
const entry = (o: Partial<AppEntry> = {}): AppEntry => ({ package: APP, approved: true, label: 'Example', ...o });
const codes = (f: InconsistencyFigures | undefined) => f?.findings.map((x) => x.code);

type IRow = Row<InconsistencyFigures> & { codes?: string[] };

/** a fleet baseline of the app: `devices` other devices sending to api.example.com in the foreground */
function baselineOf(devices: number): BaselineIndex {
  const acc = new BaselineAccumulator();
  for (let d = 0; d < devices; d++) {
    const evs: TelemetryEvent[] = [
      { type: 'app.state', ts: d * 10, device: `fleet-${d}`, app: APP, state: 'foreground' },
      { type: 'net.send', ts: d * 10 + 1, device: `fleet-${d}`, app: APP, dst_host: 'api.example.com', bytes_out: 10 },
    ];
    evs.forEach((event, i) => acc.push({ event, ts: event.ts, ref: `${d}-${i}`, source: { file: 'x', line: i } } as Accepted));
  }
  return new BaselineIndex(acc.result());
}
const FLEET6 = baselineOf(6), FLEET3 = baselineOf(3);

const rows: IRow[] = [
  { name: 'no inventory and no facts: absent, not known', recs: [op(T), send(T + 1_000, 10)], strength: 0, flags: { known: false, approved: false, critical: false } },
  {
    name: 'not in the inventory: 0.5', tune: { apps: [{ package: 'com.other', approved: true }] }, recs: [op(T), send(T + 1_000, 10)], strength: 0.5,
    flags: { known: true, approved: false }, codes: ['not_in_inventory'], figures: { in_inventory: false, approved: false, app: APP }, why: ['not in the approved-app inventory'],
  },
  {
    name: 'sideloaded (installer not a store), no inventory: 0.5', recs: [info({ installer: 'com.android.chrome' }), op(T), send(T + 1_000, 10)], strength: 0.5,
    flags: { known: true }, codes: ['sideloaded'], figures: { installer: 'com.android.chrome' }, why: ['installed by com.android.chrome, not an app store'],
  },
  { name: 'installed from Play, no inventory: 0, known', recs: [info({ installer: 'com.android.vending' }), op(T), send(T + 1_000, 10)], strength: 0, flags: { known: true, approved: false } },
  { name: 'sideloaded but approved in the inventory: 0', tune: { apps: [entry()] }, recs: [info({ installer: 'com.android.shell' }), op(T), send(T + 1_000, 10)], strength: 0, flags: { approved: true } },
  {
    name: 'the inventory marks it not approved: 0.6', tune: { apps: [entry({ approved: false })] }, recs: [op(T), send(T + 1_000, 10)], strength: 0.6,
    flags: { approved: false, known: true }, codes: ['not_approved'], figures: { in_inventory: true, label: 'Example' }, why: ['inventory marks the app as not approved'],
  },
  {
    name: 'app facts say not approved, no inventory: not_approved 0.6 + not_in_inventory = 0.7', recs: [info({ approved: false }), op(T), send(T + 1_000, 10)], strength: 0.7,
    flags: { known: true, approved: false }, codes: ['not_approved', 'not_in_inventory'], why: ['inventory marks the app as not approved; not in the approved-app inventory'],
  },
  { name: 'app facts say approved, no inventory: 0 and approved', recs: [info({ approved: true }), op(T), send(T + 1_000, 10)], strength: 0, flags: { known: true, approved: true } },
  {
    name: 'signer differs from the pinned one: 1 and critical', tune: { apps: [entry({ signer: PINNED })] }, recs: [info({ signer: OTHER }), op(T), send(T + 1_000, 10)], strength: 1,
    flags: { critical: true, approved: true }, codes: ['signer_mismatch'], figures: { critical: true, signer_seen: OTHER, pinned: PINNED },
    why: ['signer bbbbbbbbbbbb… differs from the pinned AA:AA:AA:AA:…: repackaged clone'],
  },
  { name: 'signer matching the pinned one (other case, no colons): 0', tune: { apps: [entry({ signer: PINNED })] }, recs: [info({ signer: 'aa'.repeat(32) }), op(T), send(T + 1_000, 10)], strength: 0, flags: { critical: false, approved: true } },
  {
    name: 'a send outside expected_domains: 0.5', tune: { apps: [entry({ expected_domains: ['*.example.com'] })] },
    recs: [op(T), send(T + 1_000, 10, { host: 'api.example.com' }), send(T + 2_000, 10, { host: 'exfil.example.net' }), send(T + 3_000, 10, { host: undefined, ip: '203.0.113.5' })], strength: 0.5,
    codes: ['unexpected_domain'], figures: { findings: [{ code: 'unexpected_domain', strength: 0.5, detail: ['203.0.113.5:443', 'exfil.example.net:443'] }] },
    why: ['sent to 203.0.113.5:443, exfil.example.net:443, outside expected_domains'],
  },
  { name: 'sends to the apex of a wildcard domain are expected: 0', tune: { apps: [entry({ expected_domains: ['*.example.com'] })] }, recs: [op(T), send(T + 1_000, 10, { host: 'example.com' })], strength: 0, flags: { approved: true } },
  { name: 'a send outside expected_domains before the op is not counted: 0', tune: { apps: [entry({ expected_domains: ['api.example.com'] })] }, recs: [send(T, 10, { host: 'exfil.example.net' }), op(T + 1_000), send(T + 2_000, 10)], strength: 0 },
  {
    name: 'a background send, background_network not declared: 0.3', tune: { apps: [entry()] }, recs: [op(T), send(T + 1_000, 10, { ex: SVC })], strength: 0.3,
    codes: ['background_network'], why: ['1 send(s) in background where background_network is not declared'],
  },
  { name: 'a background send, background_network declared: 0', tune: { apps: [entry({ background_network: true })] }, recs: [op(T), send(T + 1_000, 10, { ex: SVC })], strength: 0, flags: { approved: true } },
  { name: 'a background send of an app not in the inventory: no background_network finding', recs: [op(T), send(T + 1_000, 10, { ex: SVC })], strength: 0 },
  {
    name: 'foreground required, op and send in a service: 0.4', tune: { thresholds: { foreground_state_required: true } }, recs: [op(T, { ex: SVC }), send(T + 1_000, 10, { ex: SVC }), send(T + 2_000, 10)],
    strength: 0.4, codes: ['foreground_required'], flags: { known: false }, why: ['1 encrypt op(s) and 1 send(s) out of the foreground while ForegroundStateRequired'],
  },
  { name: 'foreground required, everything in the foreground: 0', tune: { thresholds: { foreground_state_required: true } }, recs: [op(T), send(T + 1_000, 10)], strength: 0 },
  {
    name: 'encrypts but not in AllowedCryptoApps: 0.1', tune: { allowed_crypto_apps: ['com.other'] }, recs: [op(T), send(T + 1_000, 10)], strength: 0.1,
    codes: ['crypto_not_allowed'], why: ['encrypts but is not in AllowedCryptoApps'],
  },
  { name: 'in AllowedCryptoApps: 0', tune: { allowed_crypto_apps: [APP] }, recs: [op(T), send(T + 1_000, 10)], strength: 0 },
  { name: 'not in AllowedCryptoApps but approved: 0', tune: { allowed_crypto_apps: ['com.other'], apps: [entry()] }, recs: [op(T), send(T + 1_000, 10)], strength: 0, flags: { approved: true } },
  { name: 'not in AllowedCryptoApps, no op: 0', tune: { allowed_crypto_apps: ['com.other'] }, recs: [read(T, 'contacts'), send(T + 1_000, 10)], strength: 0 },
  {
    name: 'approved and consistent: 0 with the approved flag', tune: { apps: [entry({ expected_domains: ['api.example.com'], background_network: true, signer: PINNED })], allowed_crypto_apps: [APP] },
    recs: [info({ signer: PINNED, installer: 'com.android.vending' }), op(T, { ex: SVC }), send(T + 1_000, 10, { ex: SVC })], strength: 0, flags: { approved: true, known: true, critical: false, declared: true },
  },
  {
    name: 'approved, consistent, but the pinned signer never seen: not declared (cannot be verified)', tune: { apps: [entry({ expected_domains: ['api.example.com'], background_network: true, signer: PINNED })] },
    recs: [op(T, { ex: SVC }), send(T + 1_000, 10, { ex: SVC })], strength: 0, flags: { approved: true, declared: false },
  },
  {
    name: 'approved, consistent, no expected_domains declared: not declared (destinations cannot be checked)', tune: { apps: [entry({ background_network: true, signer: PINNED })] },
    recs: [info({ signer: PINNED }), op(T, { ex: SVC }), send(T + 1_000, 10, { ex: SVC })], strength: 0, flags: { approved: true, declared: false },
  },
  {
    name: 'approved and verified, reading only its declared data_categories: declared', tune: { apps: [entry({ expected_domains: ['api.example.com'], background_network: true, signer: PINNED, data_categories: ['contacts', 'calendar'] })] },
    recs: [info({ signer: PINNED }), read(T - 1_000, 'contacts'), read(T - 900, 'other'), op(T, { ex: SVC }), send(T + 1_000, 10, { ex: SVC })], strength: 0, flags: { declared: true },
  },
  {
    name: 'approved and verified, reading a category it did not declare: 0.5, names the broken expectation',
    tune: { apps: [entry({ expected_domains: ['api.example.com'], background_network: true, signer: PINNED, data_categories: ['contacts'] })] },
    recs: [info({ signer: PINNED }), read(T - 1_000, 'sms'), read(T - 900, 'contacts'), op(T, { ex: SVC }), send(T + 1_000, 10, { ex: SVC })], strength: 0.5,
    flags: { declared: false, approved: true }, codes: ['undeclared_data_category'],
    why: ['approved as Example, breaks its declared data_categories: reads sms, outside the declared data_categories'],
  },
  {
    name: 'approved and verified, a new destination: 0.5, names expected_domains',
    tune: { apps: [entry({ expected_domains: ['api.example.com'], background_network: true, signer: PINNED })] },
    recs: [info({ signer: PINNED }), op(T, { ex: SVC }), send(T + 1_000, 10, { ex: SVC }), send(T + 2_000, 10, { host: 'drop.example.net', ex: SVC })], strength: 0.5,
    flags: { declared: false }, codes: ['unexpected_domain'], why: ['breaks its declared expected_domains: sent to drop.example.net:443'],
  },
  {
    name: 'three findings: the strongest + 0.1 each other (0.6 + 0.2 = 0.8)', tune: { apps: [entry({ approved: false, expected_domains: ['api.example.com'] })] },
    recs: [op(T), send(T + 1_000, 10, { host: 'exfil.example.net', ex: SVC })], strength: 0.8,
    codes: ['not_approved', 'unexpected_domain', 'background_network'],
    why: ['inventory marks the app as not approved; sent to exfil.example.net:443, outside expected_domains; 1 send(s) in background where background_network is not declared'],
  },
  {
    name: 'six findings: capped at 1', tune: { apps: [entry({ approved: false, expected_domains: ['api.example.com'] })], allowed_crypto_apps: ['com.other'], thresholds: { foreground_state_required: true } },
    recs: [info({ installer: 'com.android.chrome' }), op(T), send(T + 1_000, 10, { host: 'exfil.example.net', ex: SVC })], strength: 1,
    codes: ['not_approved', 'sideloaded', 'unexpected_domain', 'foreground_required', 'background_network', 'crypto_not_allowed'],
  },
  {
    name: 'a signer mismatch with other findings: 1 + capped, critical', tune: { apps: [entry({ signer: PINNED, expected_domains: ['api.example.com'] })] },
    recs: [info({ signer: OTHER }), op(T), send(T + 1_000, 10, { host: 'x.example.net' })], strength: 1, flags: { critical: true }, codes: ['signer_mismatch', 'unexpected_domain'],
  },
  {
    name: 'matching the fleet norm of 6 devices: 0, known, fleetNorm', baseline: FLEET6, recs: [op(T), send(T + 1_000, 10)], strength: 0,
    flags: { known: true, fleetNorm: { app: APP, devices: 6, factor: FLEET_NORM_FACTOR } },
  },
  { name: 'matching the norm of 3 devices: known, no fleetNorm (under 5 devices)', baseline: FLEET3, recs: [op(T), send(T + 1_000, 10)], strength: 0, flags: { known: true, fleetNorm: undefined } },
  {
    name: 'a destination never seen on the fleet: 0.5, no fleetNorm', baseline: FLEET6, recs: [op(T), send(T + 1_000, 10, { host: 'cdn.evil.net' })], strength: 0.5,
    flags: { fleetNorm: undefined }, codes: ['baseline_destination'], figures: { baseline_devices: 6 }, why: ['destination evil.net never seen for com.example.app on 6 device(s)'],
  },
  {
    name: 'a signer mismatch is never discounted by the fleet norm', baseline: FLEET6, tune: { apps: [entry({ signer: PINNED })] }, recs: [info({ signer: OTHER }), op(T), send(T + 1_000, 10)], strength: 1,
    flags: { critical: true, fleetNorm: undefined }, codes: ['signer_mismatch'],
  },
];

describe('inconsistency facet', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_n, row) => {
    const said = checkRow('inconsistency', row);
    if (row.codes) expect(codes(said.figures)).toEqual(row.codes);
    if (said.explained) expect((said.explained as unknown as { findings: string[] }).findings).toEqual(row.codes);
  });

  it('an off-domain send leaving the window takes its finding with it', () => {
    const rig = new Rig({ apps: [entry({ expected_domains: ['api.example.com'] })] });
    rig.feed([op(T), send(T + 1_000, 10, { host: 'exfil.example.net' }), op(T + 5 * 60_000), send(T + 6 * 60_000, 10)]);
    expect(rig.say('inconsistency').strength).toBe(0.5);
    rig.feed([{ k: 'prune', from: T + 2_000 }]);
    expect(rig.say('inconsistency').strength).toBe(0);
  });
});
