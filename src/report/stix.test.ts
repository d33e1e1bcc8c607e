import { describe, expect, test } from 'vitest';
import { buildReport } from './build-report.js';
import { buildStix, patternString, type StixObject } from './stix.js';
import { uuid5 } from './uuid5.js';
import { goldenAlert } from './fixtures.test-util.js';

const ID = /^([a-z0-9][a-z0-9-]*[a-z0-9])--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const SDO = new Set(['identity', 'attack-pattern', 'malware', 'indicator', 'observed-data', 'relationship', 'sighting']);
const REQUIRED: Record<string, string[]> = {
  identity: ['name'], 'attack-pattern': ['name'], malware: ['is_family'],
  indicator: ['pattern', 'pattern_type', 'valid_from'], 'observed-data': ['first_observed', 'last_observed', 'number_observed', 'object_refs'],
  relationship: ['relationship_type', 'source_ref', 'target_ref'], sighting: ['sighting_of_ref'],
};
/** one observation expression `[object-path op 'literal' ...]`, joined by AND/OR */
const COMPARISON = String.raw`[a-z0-9-]+:[a-z0-9_.]+(?:\.'[A-Za-z0-9-]+')?\s*=\s*'(?:[^'\\]|\\['\\])*'`;
const OBSERVATION = String.raw`\[${COMPARISON}(?:\s+(?:AND|OR)\s+${COMPARISON})*\]`;
const PATTERN = new RegExp(String.raw`^${OBSERVATION}(?:\s+(?:AND|OR)\s+${OBSERVATION})*$`);

function validate(objects: StixObject[]): string[] {
  const problems: string[] = [];
  const ids = new Set(objects.map((o) => o.id));
  for (const o of objects) {
    if (!ID.test(o.id) || !o.id.startsWith(`${o.type}--`)) problems.push(`${o.id}: id is not type--uuid`);
    if (o.spec_version !== '2.1') problems.push(`${o.id}: spec_version`);
    if (SDO.has(o.type)) {
      for (const k of ['created', 'modified']) if (typeof o[k] !== 'string' || !TS.test(o[k] as string)) problems.push(`${o.id}: ${k}`);
      if ((o.modified as string) < (o.created as string)) problems.push(`${o.id}: modified before created`);
      for (const k of REQUIRED[o.type] ?? []) if (o[k] === undefined) problems.push(`${o.id}: ${k} missing`);
    }
    for (const [k, v] of Object.entries(o)) {
      const refs = k.endsWith('_ref') ? [v] : k.endsWith('_refs') ? (v as unknown[]) : [];
      for (const r of refs) if (typeof r !== 'string' || !ids.has(r)) problems.push(`${o.id}: ${k} -> ${String(r)} not in the bundle`);
    }
    if (o.type === 'indicator') {
      if (o.pattern_type !== 'stix' || !PATTERN.test(o.pattern as string)) problems.push(`${o.id}: pattern ${String(o.pattern)}`);
      if (!TS.test(o.valid_from as string)) problems.push(`${o.id}: valid_from`);
    }
  }
  return problems;
}

describe('STIX 2.1 bundle', () => {
  test('uuid5 matches the RFC 4122 example vector', () => {
    expect(uuid5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  test('a bare-IP alert: valid structure, IP and key indicators, ATT&CK T1521.001, times from the alert', () => {
    const a = goldenAlert('ermac-aes-cbc-ip');
    const b = buildStix(buildReport(a));
    expect(b.type).toBe('bundle');
    expect(b.id).toMatch(ID);
    expect(b).not.toHaveProperty('spec_version'); // 2.1 bundles carry none
    expect(validate(b.objects)).toEqual([]);
    const patterns = b.objects.filter((o) => o.type === 'indicator').map((o) => o.pattern);
    expect(patterns).toEqual(expect.arrayContaining([
      "[software:name = 'com.update.chromeplus']",
      "[ipv4-addr:value = '203.0.113.77']",
      "[x-ciphertrail-crypto-key:fingerprint = '34a0ade3708ab8fdc1d88d9344379b03']",
      `[x509-certificate:hashes.'SHA-256' = '${String(a.facets.inconsistency!.signer_seen)}']`,
    ]));
    const ap = b.objects.find((o) => o.type === 'attack-pattern')!;
    expect(ap.external_references).toEqual([expect.objectContaining({ source_name: 'mitre-mobile-attack', external_id: 'T1521.001' })]);
    const sighting = b.objects.find((o) => o.type === 'sighting')!;
    expect(sighting.first_seen).toBe(new Date(a.first_ts).toISOString());
    expect(sighting.last_seen).toBe(new Date(a.last_ts).toISOString());
    const ipv4 = b.objects.find((o) => o.type === 'ipv4-addr')!;
    // SCO ids follow the spec: UUIDv5 in the STIX namespace over the id-contributing properties
    expect(ipv4.id).toBe(`ipv4-addr--${uuid5('{"value":"203.0.113.77"}', '00abedb4-aa42-466c-9c01-fed23315a9b7')}`);
  });

  test('same alert, same bundle byte for byte; another rev, another bundle id only', () => {
    const a = goldenAlert('shared-key-fleet');
    const one = JSON.stringify(buildStix(buildReport(a)));
    expect(JSON.stringify(buildStix(buildReport(structuredClone(a))))).toBe(one);
    const next = buildStix(buildReport({ ...a, rev: a.rev + 1 }));
    expect(next.id).not.toBe(JSON.parse(one).id);
    expect(next.objects.map((o) => o.id)).toEqual(JSON.parse(one).objects.map((o: StixObject) => o.id));
  });

  test('a repackaged clone: the package is shared only with its signer; the genuine domain is not shared', () => {
    const b = buildStix(buildReport(goldenAlert('repackaged-clone')));
    expect(validate(b.objects)).toEqual([]);
    const patterns = b.objects.filter((o) => o.type === 'indicator').map((o) => o.pattern as string);
    expect(patterns).not.toContain("[software:name = 'com.example.notes']");
    expect(patterns.some((p) => p.startsWith("[software:name = 'com.example.notes'] AND [x509-certificate:hashes.'SHA-256' = '12b9cc36"))).toBe(true);
    expect(patterns).toContain("[domain-name:value = 'notes-cdn-sync.top']");
    expect(patterns.join()).not.toContain('sync.examplenotes.com');
  });

  test('hostile strings stay inside the pattern literal', () => {
    expect(patternString("a' OR [x:y = 'z")).toBe("'a\\' OR [x:y = \\'z'");
    const a = { ...goldenAlert('ermac-aes-cbc-ip'), app: "evil'] OR [file:name = 'x" };
    const b = buildStix(buildReport(a));
    expect(validate(b.objects)).toEqual([]);
  });

  test('only key fingerprints: a Keystore key is not shared and no key material appears', () => {
    const a = goldenAlert('repackaged-clone');
    const text = JSON.stringify(buildStix(buildReport(a)));
    expect(text).toContain('d100c682d334b2ac9ecd131cc2be1774'); // literal key: shared by fingerprint
    expect(text).not.toContain('d72fdb763eca2ae2b22413f0ab5de152'); // keystore key of the genuine sync
  });
});
