// Indicators as a STIX 2.1 bundle. Ids are UUIDv5 of stable content (SCOs with the STIX namespace
// over their id-contributing properties, as the spec says; SDOs with ciphertrail's namespace over
// the alert id and content), timestamps come from the alert: the same alert gives the same bundle.
import type { IncidentReport } from './model.js';
import { stixTime } from './format.js';
import { uuid5 } from './uuid5.js';

/** STIX 2.1 §2.9: namespace for deterministic SCO ids */
const STIX_SCO_NS = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/** ciphertrail's namespace for SDO ids: uuid5('ciphertrail', URL namespace) */
const CT_NS = uuid5('https://github.com/ciphertrail', '6ba7b811-9dad-11d1-80b4-00c04fd430c8');
/** fixed creation time of the objects shared by every bundle (producer, technique) */
const EPOCH = '2025-01-01T00:00:00.000Z';

export type StixObject = Record<string, unknown> & { type: string; id: string };
export interface StixBundle { type: 'bundle'; id: string; objects: StixObject[] }

/** canonical JSON (sorted keys) of the id-contributing properties */
function canon(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

const sco = (type: string, props: Record<string, unknown>): StixObject =>
  ({ type, spec_version: '2.1', id: `${type}--${uuid5(canon(props), STIX_SCO_NS)}`, ...props });
const sdoId = (type: string, name: string) => `${type}--${uuid5(`${type}|${name}`, CT_NS)}`;

/** a STIX pattern string literal: backslash and quote escaped */
export const patternString = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export const PRODUCER_ID = sdoId('identity', 'ciphertrail');
export const TECHNIQUE_ID = sdoId('attack-pattern', 'T1521.001');

export function buildStix(r: IncidentReport): StixBundle {
  const a = r.alert;
  const ind = r.indicators;
  const created = stixTime(a.first_ts);
  const modified = stixTime(a.last_ts);
  const common = (type: string, name: string) => ({ type, spec_version: '2.1', id: sdoId(type, `${a.id}|${name}`), created, modified, created_by_ref: PRODUCER_ID });
  const objects: StixObject[] = [];
  objects.push({ type: 'identity', spec_version: '2.1', id: PRODUCER_ID, created: EPOCH, modified: EPOCH, name: 'ciphertrail', identity_class: 'system', description: 'Detector of MITRE ATT&CK Mobile T1521.001 (analytic AN1731) on Android telemetry.' });
  objects.push({
    type: 'attack-pattern', spec_version: '2.1', id: TECHNIQUE_ID, created: EPOCH, modified: EPOCH, created_by_ref: PRODUCER_ID,
    name: 'Encrypted Channel: Symmetric Cryptography',
    external_references: [{ source_name: 'mitre-mobile-attack', external_id: 'T1521.001', url: 'https://attack.mitre.org/techniques/T1521/001/' }],
  });
  const malware = {
    ...common('malware', 'app'), name: a.app, is_family: false, malware_types: ['spyware'],
    description: `Suspected: ${r.summary.headline}`, confidence: a.score,
    x_ciphertrail_alert_id: a.id,
  };
  objects.push(malware);

  // what was observed, as cyber observables
  const scos: StixObject[] = [sco('software', { name: a.app })];
  if (ind.signer) scos.push(sco('x509-certificate', { hashes: { 'SHA-256': ind.signer } }));
  for (const d of ind.destinations) scos.push(sco(d.kind === 'domain' ? 'domain-name' : `${d.kind}-addr`, { value: d.value }));
  objects.push(...scos);
  const observed = {
    ...common('observed-data', 'observed'), first_observed: created, last_observed: modified,
    number_observed: Math.max(1, r.evidence.refs), object_refs: scos.map((s) => s.id),
    x_ciphertrail_device: a.device,
  };
  objects.push(observed);

  // indicators with STIX patterns
  const indicators: { name: string; pattern: string; description: string }[] = [];
  if (ind.package_alone) indicators.push({ name: `package ${a.app}`, pattern: `[software:name = ${patternString(a.app)}]`, description: 'Android package name of the app that encrypted collected data and sent it out.' });
  else if (ind.signer) indicators.push({ name: `package ${a.app} signed by ${ind.signer}`, pattern: `[software:name = ${patternString(a.app)}] AND [x509-certificate:hashes.'SHA-256' = ${patternString(ind.signer)}]`, description: 'Repackaged clone: the package name is the genuine app\'s; only with this signer does it identify the clone.' });
  if (ind.signer) indicators.push({ name: `signer ${ind.signer}`, pattern: `[x509-certificate:hashes.'SHA-256' = ${patternString(ind.signer)}]`, description: 'SHA-256 of the APK signing certificate seen on the device.' });
  for (const d of ind.destinations) {
    const type = d.kind === 'domain' ? 'domain-name' : `${d.kind}-addr`;
    indicators.push({ name: `destination ${d.value}`, pattern: `[${type}:value = ${patternString(d.value)}]`, description: `Destination of the encrypted data${d.ports.length ? ` (port ${d.ports.join(', ')})` : ''}.` });
  }
  for (const k of ind.key_fingerprints) {
    indicators.push({ name: `key ${k.key_fp}`, pattern: `[x-ciphertrail-crypto-key:fingerprint = ${patternString(k.key_fp)}]`, description: `Fingerprint (first 16 bytes of SHA-256, hex) of a ${k.alg ?? 'symmetric'} key of origin ${k.origin ?? 'unknown'} used by the app; the key itself is never shared.` });
  }
  for (const i of indicators) {
    const id = common('indicator', i.pattern);
    objects.push({ ...id, name: i.name, description: i.description, indicator_types: ['malicious-activity'], pattern: i.pattern, pattern_type: 'stix', pattern_version: '2.1', valid_from: created, confidence: a.score });
    objects.push({ ...common('relationship', `indicates|${i.pattern}`), relationship_type: 'indicates', source_ref: id.id, target_ref: malware.id });
  }
  objects.push({ ...common('relationship', 'uses'), relationship_type: 'uses', source_ref: malware.id, target_ref: TECHNIQUE_ID });
  objects.push({
    ...common('sighting', 'sighting'), sighting_of_ref: malware.id, observed_data_refs: [observed.id], where_sighted_refs: [PRODUCER_ID],
    first_seen: created, last_seen: modified, count: 1, x_ciphertrail_device: a.device,
  });
  return { type: 'bundle', id: `bundle--${uuid5(`bundle|${a.id}|${a.rev}`, CT_NS)}`, objects };
}
