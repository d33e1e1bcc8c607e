// The policy loader and schemas/policy-v1.schema.json agree: a policy the loader accepts conforms
// to the schema, and one it refuses is refused by the schema too, except for the rules a schema
// cannot state (listed in LOADER_ONLY and in the schema's description).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import fc from 'fast-check';
import { parsePolicy } from '../src/policy/index.js';
import { scenarioPolicyYaml } from '../src/simulate/index.js';
import { ROOT } from './helpers.js';
import { params } from './fuzz/arbitraries.js';
import { schemaErrors, schemaJson } from './schema-helpers.js';

/** loader issue codes for rules across values: the order of severity cut-offs, one entry per package */
const LOADER_ONLY = new Set(['severity_order', 'duplicate_package']);

function verdicts(text: string, file = 'policy.yaml'): { loader: string[]; schema: string[] } {
  const r = parsePolicy(text, file);
  return { loader: r.issues.map((i) => `${i.code} [${i.field ?? ''}]`), schema: schemaErrors('policy', parse(text)) };
}

function agree(text: string, label: string): void {
  const v = verdicts(text);
  const loaderOnly = v.loader.length > 0 && v.loader.every((c) => LOADER_ONLY.has(c.split(' ')[0]));
  if (v.loader.length === 0) expect(v.schema, `${label}: loader accepts, schema refuses`).toEqual([]);
  else if (!loaderOnly) expect(v.schema, `${label}: loader refuses (${v.loader.join(', ')}), schema accepts`).not.toEqual([]);
}

describe('policy v1: loader and schema agree', () => {
  it('the policies that ship: fixtures, the scenario library policy, the proposed inventory', () => {
    const fixtures = join(ROOT, 'src/policy/fixtures');
    const files = readdirSync(fixtures).filter((f) => f !== 'invalid-syntax.yaml'); // not YAML: no value to validate
    for (const f of files) agree(readFileSync(join(fixtures, f), 'utf8'), f);
    agree(scenarioPolicyYaml(), 'scenario policy');
    agree(readFileSync(join(ROOT, 'test/golden/inventory-propose.yaml'), 'utf8'), 'inventory-propose.yaml');
    expect(verdicts(readFileSync(join(fixtures, 'valid-full.yaml'), 'utf8'))).toEqual({ loader: [], schema: [] });
  });

  it('hand-picked edges: durations, bounds, nulls, unknown keys, package names, signers', () => {
    const cases: [string, boolean][] = [
      ['', true],
      ['version: 1\nthresholds:\n', true],
      ['thresholds: { time_window: 10m, staging_horizon: 1.5h }', true],
      ['thresholds: { time_window: 250 }', true],
      ['thresholds: { time_window: "0s" }', false],
      ['thresholds: { time_window: 0 }', false],
      ['thresholds: { time_window: "10 m" }', false],
      ['thresholds: { time_window: 10d }', false],
      ['thresholds: { staging_horizon: -1 }', false],
      ['thresholds: { entropy_threshold: 8 }', true],
      ['thresholds: { entropy_threshold: 8.1 }', false],
      ['thresholds: { entropy_threshold: "7.2" }', false],
      ['thresholds: { key_reuse_threshold: 2.5 }', false],
      ['thresholds: { key_reuse_threshold: 0 }', false],
      ['thresholds: { foreground_state_required: "yes" }', false],
      ['thresholds: { beacon_interval_variance: 10 }', true],
      ['thresholds: { beacon_interval_variance: 11 }', false],
      ['thresholds: { time_wndow: 10m }', false],
      ['version: 2', false],
      ['tresholds: {}', false],
      ['allowed_crypto_apps: [org.thoughtcrime.securesms]', true],
      ['allowed_crypto_apps: ["com.example.*"]', false],
      ['allowed_crypto_apps: [notes]', false],
      ['apps: [{ package: com.a.b, approved: true, label: backup, background_network: true }]', true],
      ['apps: [{ approved: true }]', false],
      ['apps: [{ package: com.a.b, signer: "9F:2C:' + 'AB:'.repeat(29) + 'CD" }]', true],
      ['apps: [{ package: com.a.b, signer: "9f2c" }]', false],
      ['apps: [{ package: com.a.b, expected_domains: ["*.googleapis.com", "api.example.com"] }]', true],
      ['apps: [{ package: com.a.b, expected_domains: ["https://x.example.com/p"] }]', false],
      ['apps: [{ package: com.a.b, expected_domains: ["*"] }]', false],
      ['apps: [{ package: com.a.b, label: "" }]', false],
      ['apps: [{ package: com.a.b, colour: red }]', false],
      ['severity: { medium: 30, high: 60, critical: 90 }', true],
      ['severity: { critical: 101 }', false],
      ['{"version": 1, "thresholds": {"time_window": "5m"}}', true],
    ];
    for (const [text, ok] of cases) {
      const v = verdicts(text);
      expect(v.loader.length === 0, `loader on ${text}: ${v.loader.join(', ')}`).toBe(ok);
      expect(v.schema.length === 0, `schema on ${text}: ${v.schema.join(', ')}`).toBe(ok);
    }
  });

  it('rules across values are the loader\'s alone, as the schema says', () => {
    for (const text of ['severity: { medium: 70, high: 60 }', 'apps: [{ package: com.a.b }, { package: com.a.b }]']) {
      const v = verdicts(text);
      expect(v.loader.length, text).toBeGreaterThan(0);
      expect(v.schema, text).toEqual([]);
    }
    const description = schemaJson('policy').description as string;
    expect(description).toMatch(/medium < high < critical/);
    expect(description).toMatch(/listed once/);
  });

  it('random policies (JSON): the loader accepts ⇔ the schema accepts, but for the loader-only rules', () => {
    const odd = fc.constantFrom<unknown>(null, true, 'x', '', -1, 0, 0.5, 9, 11, 101, '0s', '2 h', [], {}, ['com.a.b'], 'com.a.b');
    // mostly valid values, so both verdicts are common
    const or = (valid: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: odd, weight: 1 });
    const duration = fc.constantFrom<unknown>('10m', '1.5h', 250, '30s', '500ms');
    const thresholds = fc.record({
      time_window: or(duration), entropy_threshold: or(fc.double({ min: 0, max: 8, noNaN: true })),
      key_reuse_threshold: or(fc.integer({ min: 1, max: 9 })), foreground_state_required: or(fc.boolean()),
      beacon_interval_variance: or(fc.double({ min: 0, max: 10, noNaN: true })), staging_horizon: or(duration),
    }, { requiredKeys: [] });
    const app = fc.record({
      package: or(fc.constantFrom('com.a.b', 'com.c.d', 'org.e.f')), approved: or(fc.boolean()), label: or(fc.constantFrom('backup', 'vpn')),
      signer: or(fc.constantFrom('ab'.repeat(32), 'AB:'.repeat(31) + 'AB')),
      expected_domains: or(fc.constantFrom(['*.example.com'], ['a.b.c', '10.0.0.1'], [])), background_network: or(fc.boolean()),
    }, { requiredKeys: ['package'] });
    const policy = fc.record({
      version: or(fc.constant(1)),
      thresholds: or(thresholds),
      allowed_crypto_apps: or(fc.array(or(fc.constantFrom('com.a.b', 'org.x.y')), { maxLength: 3 })),
      apps: or(fc.array(or(app), { maxLength: 3 })),
      severity: or(fc.record({ medium: or(fc.integer({ min: 0, max: 40 })), high: or(fc.integer({ min: 41, max: 70 })), critical: or(fc.integer({ min: 71, max: 100 })) }, { requiredKeys: [] })),
    }, { requiredKeys: [] });
    let accepted = 0, refused = 0;
    fc.assert(fc.property(policy, (p) => {
      const text = JSON.stringify(p);
      const v = verdicts(text, 'policy.json');
      if (v.loader.length === 0) { accepted++; expect(v.schema, text).toEqual([]); return; }
      if (v.loader.every((c) => LOADER_ONLY.has(c.split(' ')[0]))) return;
      refused++;
      expect(v.schema, `${text}: ${v.loader.join(', ')}`).not.toEqual([]);
    }), { ...params(1500), seed: 20 });
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(200);
  });
});
