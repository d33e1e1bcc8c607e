// One evidence record: what a detect run did, in sections, each with its own digest, chained to
// the previous record by prev_hash and sealed by hash (sha256 of the canonical body); optionally
// signed with HMAC-SHA256 over the hash.
import type { Policy, Severity } from '../model/index.js';
import { formatDuration } from '../policy/index.js';
import { hashOf, hmacHex } from './canonical-json.js';

export const GENESIS = '0'.repeat(64);
export const SECTIONS = ['engine', 'policy', 'inputs', 'counts', 'span', 'coverage', 'alerts'] as const;
export type Section = (typeof SECTIONS)[number];

export interface EvidenceSections {
  engine: { name: 'ciphertrail'; version: string; analytic: 'AN1731'; technique: 'T1521.001' };
  policy: {
    source: string | null;
    /** sha256 of the policy file's bytes (null: built-in defaults) */
    file_sha256: string | null;
    /** sha256 of the canonical effective policy (defaults filled in) */
    effective_sha256: string;
    thresholds: { time_window: string; time_window_ms: number; entropy_threshold: number; key_reuse_threshold: number; foreground_state_required: boolean; beacon_interval_variance: number; staging_horizon?: string };
    allowed_crypto_apps: string[];
    inventory_apps: number;
    severity: Policy['severity'];
    lateness_ms: number;
  };
  inputs: { file: string; bytes: number; sha256: string }[];
  counts: { lines: number; accepted: number; rejected: number; blank: number; late: number };
  span: { first_ts: number; last_ts: number; first: string; last: string } | null;
  coverage: { devices: number; pairs: number; coverage_score: number; fully_visible_devices: number; blind_percent: Record<string, number>; findings: string[] };
  alerts: { total: number; by_severity: Record<Severity, number>; max_severity: Severity | null };
}

export interface EvidenceBody extends EvidenceSections {
  kind: 'ciphertrail.evidence';
  v: 1;
  seq: number;
  record_time: string;
  digests: Record<Section, string>;
  prev_hash: string;
}

export interface EvidenceRecord extends EvidenceBody {
  hash: string;
  signature?: { alg: 'HMAC-SHA256'; value: string };
}

export function policySection(policy: Policy, source: string | null, fileSha256: string | null, latenessMs: number): EvidenceSections['policy'] {
  const t = policy.thresholds;
  return {
    source, file_sha256: fileSha256, effective_sha256: hashOf(policy),
    thresholds: { time_window: formatDuration(t.time_window), time_window_ms: t.time_window, entropy_threshold: t.entropy_threshold, key_reuse_threshold: t.key_reuse_threshold, foreground_state_required: t.foreground_state_required, beacon_interval_variance: t.beacon_interval_variance, staging_horizon: formatDuration(t.staging_horizon) },
    allowed_crypto_apps: [...policy.allowed_crypto_apps].sort(), inventory_apps: policy.apps.length, severity: policy.severity, lateness_ms: latenessMs,
  };
}

export function digestsOf(s: EvidenceSections): Record<Section, string> {
  const d = {} as Record<Section, string>;
  for (const k of SECTIONS) d[k] = hashOf(s[k]);
  return d;
}

export function bodyOf(r: EvidenceRecord): EvidenceBody {
  const { hash: _h, signature: _s, ...body } = r;
  return body;
}

/** seals sections into the record that follows `prev` (undefined: the first record) */
export function sealRecord(sections: EvidenceSections, recordTime: string, prev: { seq: number; hash: string } | undefined, key?: Buffer): EvidenceRecord {
  const body: EvidenceBody = {
    kind: 'ciphertrail.evidence', v: 1, seq: prev ? prev.seq + 1 : 1, record_time: recordTime,
    ...sections, digests: digestsOf(sections), prev_hash: prev ? prev.hash : GENESIS,
  };
  const hash = hashOf(body);
  return { ...body, hash, ...(key ? { signature: { alg: 'HMAC-SHA256' as const, value: hmacHex(key, hash) } } : {}) };
}
