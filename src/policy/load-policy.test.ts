import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../model/policy.js';
import { loadPolicy, parsePolicy } from './load-policy.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

let dir: string;
let n = 0;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'ciphertrail-policy-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** Write `text` to a real temp file and load it. */
async function load(text: string, ext = 'yaml') {
  const path = join(dir, `p${n++}.${ext}`);
  await writeFile(path, text);
  return { path, ...(await loadPolicy(path)) };
}

const fields = (issues: { field?: string }[]) => issues.map((i) => i.field);

describe('valid policies', () => {
  it('loads the full spec example (valid-full.yaml)', async () => {
    const r = await loadPolicy(fixture('valid-full.yaml'));
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual({
      version: 1,
      thresholds: { time_window: 600_000, entropy_threshold: 7.2, key_reuse_threshold: 3, foreground_state_required: false, beacon_interval_variance: 0.2, staging_horizon: 14_400_000 },
      allowed_crypto_apps: ['org.thoughtcrime.securesms'],
      apps: [
        {
          package: 'com.example.backup', approved: true, label: 'backup',
          signer: '9f2c4a1b3d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8',
          expected_domains: ['*.googleapis.com'], background_network: true,
        },
        {
          package: 'org.thoughtcrime.securesms', approved: true, label: 'messaging',
          signer: '29f34e5f27f211b424bc5bf9d67162c0eafba2da35af35c16416fc446276ba26',
          expected_domains: ['chat.signal.org', '*.signal.org', 'cdn.signal.org'],
        },
        { package: 'com.flash.tools', approved: false },
      ],
      severity: { medium: 40, high: 65, critical: 85 },
      partial_chains: false,
    });
  });

  it('partial_chains: a boolean, off by default; anything else is an error naming the field', () => {
    expect(parsePolicy('partial_chains: true\n', 'p.yaml').value!.partial_chains).toBe(true);
    expect(parsePolicy('version: 1\n', 'p.yaml').value!.partial_chains).toBe(false);
    const bad = parsePolicy('partial_chains: sometimes\n', 'p.yaml');
    expect(bad.value).toBeUndefined();
    expect(bad.issues.map((i) => [i.field, i.line])).toEqual([['partial_chains', 1]]);
  });

  it('loads a JSON policy and fills the rest from defaults (valid-policy.json)', async () => {
    const r = await loadPolicy(fixture('valid-policy.json'));
    expect(r.issues).toEqual([]);
    expect(r.value!.thresholds).toEqual({ ...DEFAULT_POLICY.thresholds, time_window: 90_000, entropy_threshold: 7.5, key_reuse_threshold: 5 });
    expect(r.value!.apps).toEqual([{ package: 'com.wireguard.android', approved: true, label: 'vpn', background_network: true }]);
    expect(r.value!.severity).toEqual({ medium: 30, high: 60, critical: 90 });
  });

  it.each(['valid-empty.yaml', 'valid-empty-object.json'])('%s gives all defaults', async (name) => {
    const r = await loadPolicy(fixture(name));
    expect(r).toEqual({ value: DEFAULT_POLICY, issues: [] });
  });

  it.each([['# only a comment\n'], ['---\n'], ['~\n'], ['thresholds:\napps:\nseverity:\nallowed_crypto_apps:\n'], ['\uFEFFversion: 1\n']])(
    'treats %j as all defaults', async (text) => {
      expect((await load(text)).value).toEqual(DEFAULT_POLICY);
    },
  );

  it('returns a deep copy: mutating the result leaves DEFAULT_POLICY alone', async () => {
    const r = await load('');
    r.value!.thresholds.time_window = 1;
    r.value!.apps.push({ package: 'a.b' });
    expect(DEFAULT_POLICY.thresholds.time_window).toBe(600_000);
    expect(DEFAULT_POLICY.apps).toEqual([]);
  });

  it.each([
    ['500ms', 500], ['30s', 30_000], ['10m', 600_000], ['2h', 7_200_000], ['1.5m', 90_000], ['45000', 45_000], ['"45000"', 45_000],
  ])('time_window: %s -> %d ms', async (text, ms) => {
    const r = await load(`thresholds:\n  time_window: ${text}\n`);
    expect(r.issues).toEqual([]);
    expect(r.value!.thresholds.time_window).toBe(ms);
  });

  it('accepts the boundary values', async () => {
    const r = await load('thresholds: {entropy_threshold: 8, key_reuse_threshold: 1, beacon_interval_variance: 0}\nseverity: {medium: 0, high: 1, critical: 100}\n');
    expect(r.issues).toEqual([]);
  });

  it('resolves YAML anchors and aliases', async () => {
    const r = await load('apps:\n  - package: a.one\n    expected_domains: &d ["*.example.com"]\n  - package: a.two\n    expected_domains: *d\n');
    expect(r.issues).toEqual([]);
    expect(r.value!.apps[1].expected_domains).toEqual(['*.example.com']);
  });
});

describe('invalid policies', () => {
  it('names a misspelled threshold with a suggestion and its line (invalid-typo.yaml)', async () => {
    const path = fixture('invalid-typo.yaml');
    const r = await loadPolicy(path);
    expect(r.value).toBeUndefined();
    expect(r.issues).toEqual([
      { code: 'unknown_key', field: 'thresholds.time_wndow', line: 3, file: path, message: 'unknown key `time_wndow`; did you mean `time_window`?' },
    ]);
  });

  it('lists every problem in one file, in line order (invalid-many.yaml)', async () => {
    const r = await loadPolicy(fixture('invalid-many.yaml'));
    expect(r.value).toBeUndefined();
    expect(r.issues.map((i) => [i.line, i.code, i.field])).toEqual([
      [1, 'unsupported_version', 'version'],
      [3, 'invalid_value', 'thresholds.time_window'],
      [4, 'out_of_range', 'thresholds.entropy_threshold'],
      [5, 'out_of_range', 'thresholds.key_reuse_threshold'],
      [7, 'invalid_value', 'allowed_crypto_apps[0]'],
      [10, 'unknown_key', 'apps[0].aproved'],
      [11, 'missing_field', 'apps[1].package'],
      [12, 'unknown_key', 'severity.low'],
    ]);
    expect(r.issues[5].message).toContain('did you mean `approved`?');
  });

  it('rejects a duplicate package, pointing at the first (invalid-duplicate-package.yaml)', async () => {
    const r = await loadPolicy(fixture('invalid-duplicate-package.yaml'));
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'duplicate_package', field: 'apps[2].package', line: 5 });
    expect(r.issues[0].message).toContain('apps[0], line 2');
  });

  it('requires medium < high < critical (invalid-severity-order.yaml)', async () => {
    const r = await loadPolicy(fixture('invalid-severity-order.yaml'));
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'severity_order', field: 'severity.high', line: 3 });
  });

  it.each([
    ['severity: {high: 30}', 'severity.high'],        // below the default medium 40
    ['severity: {medium: 90}', 'severity.medium'],    // above the default high 65
    ['severity: {critical: 65}', 'severity.critical'], // equal is not increasing
  ])('checks the order against defaults: %s', async (text, field) => {
    const r = await load(text + '\n');
    expect(r.issues.map((i) => [i.code, i.field])).toEqual([['severity_order', field]]);
  });

  it('reports both breaks of a reversed order', async () => {
    const r = await load('severity: {medium: 90, high: 80, critical: 70}\n');
    expect(fields(r.issues)).toEqual(['severity.high', 'severity.critical']);
  });

  it('rejects a signer of the wrong length or alphabet (invalid-signer-length.yaml)', async () => {
    const r = await loadPolicy(fixture('invalid-signer-length.yaml'));
    expect(r.issues.map((i) => [i.line, i.code, i.field])).toEqual([
      [3, 'invalid_signer', 'apps[0].signer'],
      [5, 'invalid_signer', 'apps[1].signer'],
    ]);
    expect(r.issues[1].message).toContain('8 hex digits');
  });

  it('rejects wrong types everywhere (invalid-types.yaml)', async () => {
    const r = await loadPolicy(fixture('invalid-types.yaml'));
    expect(r.value).toBeUndefined();
    expect(r.issues.map((i) => [i.line, i.code, i.field])).toEqual([
      [1, 'unsupported_version', 'version'],
      [3, 'invalid_type', 'thresholds.time_window'],
      [4, 'invalid_type', 'thresholds.entropy_threshold'],
      [5, 'out_of_range', 'thresholds.key_reuse_threshold'],
      [6, 'invalid_type', 'thresholds.foreground_state_required'],
      [7, 'invalid_type', 'thresholds.beacon_interval_variance'],
      [8, 'invalid_type', 'allowed_crypto_apps'],
      [10, 'invalid_type', 'apps[0].package'],
      [11, 'invalid_type', 'apps[0].approved'],
      [12, 'invalid_type', 'apps[0].label'],
      [13, 'invalid_type', 'apps[0].signer'],
      [14, 'invalid_type', 'apps[0].expected_domains'],
      [15, 'invalid_type', 'apps[0].background_network'],
      [16, 'invalid_type', 'apps[1]'],
      [17, 'invalid_type', 'severity.medium'],
      [17, 'out_of_range', 'severity.high'],
      [17, 'out_of_range', 'severity.critical'],
    ]);
  });

  it('reports a YAML syntax error with its line (invalid-syntax.yaml)', async () => {
    const r = await loadPolicy(fixture('invalid-syntax.yaml'));
    expect(r.value).toBeUndefined();
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'yaml_syntax', line: 5 });
    expect(r.issues[0].message).not.toContain('\n');
  });

  it.each([
    ['a: 1\nb: [\n', 3],
    ['thresholds:\n  time_window: 1m\n  time_window: 2m\n', 3], // duplicate key
    ['x: "unterminated\n', 2],
    ['{"thresholds": {"time_window": 5000,, }}', 1],
  ])('YAML syntax error in %j at line %d', async (text, line) => {
    const r = await load(text);
    expect(r.value).toBeUndefined();
    expect(r.issues[0]).toMatchObject({ code: 'yaml_syntax', line });
  });

  it('gives line numbers for JSON policies too', async () => {
    const r = await load('{\n  "thresholds": {\n    "time_window": "soon"\n  }\n}\n', 'json');
    expect(r.issues).toMatchObject([{ code: 'invalid_value', field: 'thresholds.time_window', line: 3 }]);
  });

  it.each([
    ['time_window: 0', 'out_of_range'], ['time_window: 0s', 'out_of_range'], ['time_window: -5', 'out_of_range'],
    ['time_window: 10 m', 'invalid_value'], ['time_window: 1d', 'invalid_value'], ['time_window:', 'invalid_type'],
    ['entropy_threshold: -0.1', 'out_of_range'], ['entropy_threshold: .nan', 'invalid_type'], ['entropy_threshold: .inf', 'out_of_range'],
    ['key_reuse_threshold: 1.5', 'out_of_range'], ['key_reuse_threshold: "3"', 'invalid_type'],
    ['foreground_state_required: yes', 'invalid_type'], ['beacon_interval_variance: 11', 'out_of_range'],
  ])('thresholds.%s -> %s', async (line, code) => {
    const r = await load(`thresholds:\n  ${line}\n`);
    expect(r.issues).toMatchObject([{ code, field: `thresholds.${line.split(':')[0]}`, line: 2 }]);
  });

  it('suggests the right section for a misplaced key, and the snake_case name for DET0650 CamelCase', async () => {
    const r = await load('time_window: 5m\nthresholds:\n  EntropyThreshold: 7\nseverity:\n  hihg: 70\n');
    expect(r.issues.map((i) => [i.field, i.message])).toEqual([
      ['time_window', 'unknown key `time_window` here; did you mean `thresholds.time_window`?'],
      ['thresholds.EntropyThreshold', 'unknown key `EntropyThreshold`; did you mean `entropy_threshold`?'],
      ['severity.hihg', 'unknown key `hihg`; did you mean `high`?'],
    ]);
  });

  it('lists the allowed keys when nothing is close', async () => {
    const r = await load('apps:\n  - package: a.b\n    colour: red\n');
    expect(r.issues).toMatchObject([{ code: 'unknown_key', field: 'apps[0].colour', line: 3 }]);
    expect(r.issues[0].message).toContain('allowed: package, approved');
  });

  it.each([
    ['version: 2', 'unsupported_version', 'version'],
    ['[1, 2]', 'invalid_type', undefined],
    ['just text', 'invalid_type', undefined],
    ['thresholds: 5', 'invalid_type', 'thresholds'],
    ['apps: {package: a.b}', 'invalid_type', 'apps'],
    ['allowed_crypto_apps: [""]', 'invalid_value', 'allowed_crypto_apps[0]'],
    ['allowed_crypto_apps: [signal]', 'invalid_value', 'allowed_crypto_apps[0]'],
    ['allowed_crypto_apps: ["com.example.*"]', 'invalid_value', 'allowed_crypto_apps[0]'],
    ['apps: [{package: "com.example app"}]', 'invalid_value', 'apps[0].package'],
    ['apps: [{package: a.b, label: ""}]', 'invalid_value', 'apps[0].label'],
    ['apps: [{approved: true}]', 'missing_field', 'apps[0].package'],
    ['apps: [{package: a.b, expected_domains: ["https://x.example.com/api"]}]', 'invalid_value', 'apps[0].expected_domains[0]'],
    ['apps: [{package: a.b, expected_domains: ["x.example.com:443"]}]', 'invalid_value', 'apps[0].expected_domains[0]'],
    ['apps: [{package: a.b, expected_domains: ["*"]}]', 'invalid_value', 'apps[0].expected_domains[0]'],
    ['apps: [{package: a.b, expected_domains: ["api.*.example.com"]}]', 'invalid_value', 'apps[0].expected_domains[0]'],
    ['apps: [{package: a.b, expected_domains: [ok.example.com, "-bad.example.com"]}]', 'invalid_value', 'apps[0].expected_domains[1]'],
    ['apps: [{package: a.b, expected_domains: [42]}]', 'invalid_type', 'apps[0].expected_domains[0]'],
    ['apps: [{package: a.b, signer: "zz9f2c4a1b3d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8"}]', 'invalid_signer', 'apps[0].signer'],
    ['apps: [{package: a.b, signer: "9f2c4a1b3d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f800"}]', 'invalid_signer', 'apps[0].signer'],
    ['apps: [{package: a.b, signer: *nope}]', 'yaml_syntax', 'apps[0].signer'],
  ])('%s -> %s', async (text, code, field) => {
    const r = await load(text + '\n');
    expect(r.value).toBeUndefined();
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code, line: 1 });
    expect(r.issues[0].field).toBe(field);
  });

  it('still reports a duplicate when the first entry has other problems', async () => {
    const r = await load('apps:\n  - package: a.b\n    signer: abc\n  - package: a.b\n');
    expect(r.issues.map((i) => i.code)).toEqual(['invalid_signer', 'duplicate_package']);
  });

  it('reports an unreadable file as read_error', async () => {
    const r = await loadPolicy(join(dir, 'missing.yaml'));
    expect(r).toEqual({ issues: [{ code: 'read_error', file: join(dir, 'missing.yaml'), message: 'cannot read policy file: no such file' }] });
    const d = await loadPolicy(dir);
    expect(d.issues[0]).toMatchObject({ code: 'read_error', message: 'cannot read policy file: is a directory' });
  });
});

describe('parsePolicy', () => {
  it('labels issues with the given file name', () => {
    const r = parsePolicy('thresholds: {time_wndow: 5m}', 'inline.yaml');
    expect(r.issues[0]).toMatchObject({ file: 'inline.yaml', line: 1, field: 'thresholds.time_wndow' });
  });
});

describe('apps[].data_categories (extension of policy v1)', () => {
  it('keeps the declared categories of an entry', () => {
    const r = parsePolicy('apps:\n  - package: com.example.crm\n    approved: true\n    data_categories: [contacts, calendar]\n', 'p.yaml');
    expect(r.issues).toEqual([]);
    expect(r.value!.apps[0]).toEqual({ package: 'com.example.crm', approved: true, data_categories: ['contacts', 'calendar'] });
  });

  it('names an unknown category with its line and the valid ones', () => {
    const r = parsePolicy('apps:\n  - package: com.example.crm\n    data_categories:\n      - contacts\n      - texts\n', 'p.yaml');
    expect(r.value).toBeUndefined();
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'invalid_value', field: 'apps[0].data_categories[1]', line: 5 });
    expect(r.issues[0].message).toMatch(/`texts` is not a data category \(contacts, sms, /);
  });
});
