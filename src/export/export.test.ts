// The exported rules: Sigma validates against the Sigma JSON Schemas (and a broken rule does
// not), and every target changes with each threshold of the policy, encoding its value.
import { describe, expect, test } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { DEFAULT_POLICY, type Policy } from '../model/index.js';
import { exportRules, TARGETS, sigmaDocs, chainSpec } from './index.js';
import { uuid5 } from './uuid5.js';
import { need } from '../../test/need.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED = process.env.CIPHERTRAIL_SHARED ?? join(ROOT, '../shared');
const HAVE_SIGMA = need('../shared/schemas/sigma', existsSync(join(SHARED, 'schemas/sigma')), 'the shared folder beside the repository (or CIPHERTRAIL_SHARED)');
const schema = (f: string) => JSON.parse(readFileSync(join(SHARED, 'schemas/sigma', f), 'utf8'));

// CJS modules under ESM: the class is the default export's default
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as typeof Ajv2020Module;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as typeof addFormatsModule;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const detectionSchema = HAVE_SIGMA ? ajv.compile(schema('sigma-detection-rule-schema.json')) : undefined;
const correlationSchema = HAVE_SIGMA ? ajv.compile(schema('sigma-correlation-rules-schema.json')) : undefined;

function validate(doc: Record<string, unknown>): string[] {
  const v = (doc.correlation ? correlationSchema : detectionSchema)!;
  return v(doc) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const policy = (p: Partial<Policy['thresholds']> = {}, allowed: string[] = []): Policy =>
  ({ ...DEFAULT_POLICY, thresholds: { ...DEFAULT_POLICY.thresholds, ...p }, allowed_crypto_apps: allowed });

describe.skipIf(!HAVE_SIGMA)('sigma', () => {
  test('every generated document validates against its Sigma schema', () => {
    const text = exportRules('sigma', policy({}, ['org.thoughtcrime.securesms']));
    const docs = parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>).filter((d) => d);
    expect(docs.length).toBe(10); // 6 base rules + key reuse + 3 chains
    for (const d of docs) expect(validate(d), String(d.name)).toEqual([]);
    const names = new Set(docs.filter((d) => !d.correlation).map((d) => d.name));
    // correlations reference existing base rules, grouped by the telemetry v1 fields
    for (const d of docs.filter((x) => x.correlation)) {
      const c = d.correlation as { type: string; rules: string[]; 'group-by': string[] };
      for (const r of c.rules) expect(names.has(r), `${d.name} -> ${r}`).toBe(true);
      if (c.type === 'temporal_ordered') expect(c['group-by']).toEqual(['device', 'app']);
    }
    // ids are UUIDv5 of the names: stable across runs
    for (const d of docs) expect(d.id).toBe(uuid5(String(d.name)));
  });

  test('a broken rule fails validation (the check can fail)', () => {
    const [base, ...rest] = sigmaDocs(chainSpec(DEFAULT_POLICY));
    const noCondition = structuredClone(base) as { detection: Record<string, unknown> };
    delete noCondition.detection.condition;
    expect(validate(noCondition)).not.toEqual([]);
    const corr = structuredClone(rest.find((d) => d.correlation)!) as { correlation: Record<string, unknown> };
    corr.correlation.type = 'sequence';
    expect(validate(corr)).not.toEqual([]);
    const badId = { ...base, id: 'not-a-uuid' };
    expect(validate(badId)).not.toEqual([]);
  });

  test('the thresholds are encoded: timespan, entropy, key reuse count, allowed apps', () => {
    const docs = sigmaDocs(chainSpec(policy({ time_window: 15 * 60_000, entropy_threshold: 7.5, key_reuse_threshold: 5 }, ['com.a', 'com.b'])));
    const by = new Map(docs.map((d) => [d.name as string, d as Record<string, any>]));
    expect(by.get('ciphertrail_an1731_exfil_chain')!.correlation.timespan).toBe('15m');
    expect(by.get('ciphertrail_an1731_staging_write')!.detection.selection['entropy|gte']).toBe(7.5);
    expect(by.get('ciphertrail_an1731_key_reuse')!.correlation.condition).toEqual({ gte: 5 });
    expect(by.get('ciphertrail_an1731_key_reuse')!.correlation['group-by']).toEqual(['device', 'app', 'key_fp']);
    expect(by.get('ciphertrail_an1731_encrypt')!.detection.filter_allowed_crypto_apps).toEqual({ app: ['com.a', 'com.b'] });
  });
});

describe('every target follows the policy', () => {
  const base = Object.fromEntries(TARGETS.map((t) => [t, exportRules(t, DEFAULT_POLICY)]));
  const variants: [string, Policy, Record<string, RegExp>][] = [
    ['time_window', policy({ time_window: 20 * 60_000 }), { sigma: /timespan: 20m/, eql: /maxspan=20m/, kql: /let TimeWindow = 20m;/, spl: /maxspan=20m .*\n[^]*time_window=20m/ }],
    ['entropy_threshold', policy({ entropy_threshold: 7.6 }), { sigma: /entropy\|gte: 7\.6/, eql: /entropy >= 7\.6/, kql: /let EntropyThreshold = 7\.6;/, spl: /entropy>=7\.6/ }],
    ['key_reuse_threshold', policy({ key_reuse_threshold: 4 }), { sigma: /gte: 4/, eql: /(\[any where type == "crypto\.op" and dir == "encrypt" and key_fp != null\]\n\s*){3}\[any where type == "crypto\.op" and dir == "encrypt" and key_fp != null\]\n*$/, kql: /let KeyReuseThreshold = 4;/, spl: /where uses>=4/ }],
    ['allowed_crypto_apps', policy({}, ['org.example.vault']), { sigma: /- org\.example\.vault/, eql: /app not in \("org\.example\.vault"\)/, kql: /dynamic\(\["org\.example\.vault"\]\)/, spl: /NOT app IN \("org\.example\.vault"\)/ }],
  ];
  for (const [name, p, want] of variants) {
    test(`${name} changes sigma, eql, kql and spl`, () => {
      for (const t of TARGETS) {
        const out = exportRules(t, p);
        expect(out, `${t} unchanged by ${name}`).not.toBe(base[t]);
        expect(out, `${t} encodes ${name}`).toMatch(want[t]);
      }
    });
  }

  test('EQL key reuse repeats the encryption KeyReuseThreshold times', () => {
    const eql = exportRules('eql', policy({ key_reuse_threshold: 6 }));
    const block = eql.slice(eql.indexOf('sequence by device, app, key_fp'));
    expect(block.match(/\[any where/g)!.length).toBe(6);
  });

  test('a sub-minute window is written in the unit each engine accepts', () => {
    const p = policy({ time_window: 90_000 });
    expect(exportRules('sigma', p)).toMatch(/timespan: 90s/);
    expect(exportRules('eql', p)).toMatch(/maxspan=90s/);
    expect(exportRules('spl', p)).toMatch(/maxspan=90s/);
  });
});

describe('reference semantics of the exported rules', async () => {
  const { matchSpec } = await import('./reference-match.js');
  const ev = (ts: number, type: string, extra: object = {}) => ({ ts, device: 'd', app: 'a', type, ...extra }) as never;
  const spec = chainSpec(policy({ time_window: 60_000 }, ['com.allowed']));
  const chain = [ev(0, 'data.access', { category: 'sms' }), ev(10, 'crypto.op', { dir: 'encrypt', alg: 'AES' }), ev(20, 'net.send', { bytes_out: 9, dst_ip: '1.1.1.1' })];
  const rules = (events: never[], s = spec) => matchSpec(s, events).map((h) => h.rule);

  test('an ordered chain within the window fires; out of order, too slow or allowed does not', () => {
    expect(rules(chain)).toEqual(['exfil_chain']);
    expect(rules([chain[1], { ...(chain[0] as object), ts: 15 } as never, chain[2]])).toEqual([]);
    expect(rules([chain[0], chain[1], { ...(chain[2] as object), ts: 60_001 } as never])).toEqual([]);
    expect(rules(chain.map((e) => ({ ...(e as object), app: 'com.allowed' }) as never))).toEqual([]);
    expect(rules([ev(0, 'data.access', { category: 'other' }), chain[1], chain[2]])).toEqual([]);
  });

  test('staging needs entropy >= EntropyThreshold; key reuse needs KeyReuseThreshold uses', () => {
    const staged = [chain[0], chain[1], ev(15, 'file.write', { path: '/x', bytes: 5, entropy: 7.3 }), chain[2]];
    expect(rules(staged).sort()).toEqual(['exfil_chain', 'staged_exfil_chain']);
    expect(rules(staged, chainSpec(policy({ time_window: 60_000, entropy_threshold: 7.5 })))).toEqual(['exfil_chain']);
    const uses = [1, 2, 3].map((t) => ev(t, 'crypto.op', { dir: 'encrypt', alg: 'AES', key_fp: 'k' }));
    expect(rules(uses)).toEqual(['key_reuse']);
    expect(rules(uses, chainSpec(policy({ key_reuse_threshold: 4 })))).toEqual([]);
  });
});
