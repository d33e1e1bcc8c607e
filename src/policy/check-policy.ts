// The logic behind `ciphertrail policy check FILE`: every problem as `FILE:LINE: code [field]: message`,
// or a short summary of what the policy puts in effect. The CLI prints `text` and exits 2 when !ok.
import { formatIssue } from '../model/issue.js';
import { DEFAULT_POLICY, type Policy } from '../model/policy.js';
import { loadPolicy } from './load-policy.js';
import { formatDuration } from './parse-duration.js';

export interface PolicyCheck {
  ok: boolean;
  text: string;
  json: object;
}

function summarize(p: Policy): { lines: string[]; summary: object } {
  const t = p.thresholds;
  const d = DEFAULT_POLICY.thresholds;
  const dflt = (same: boolean) => (same ? '  (default)' : '');
  const approved = p.apps.filter((a) => a.approved === true).length;
  const s = p.severity;
  const lines = [
    'thresholds:',
    `  time_window                ${formatDuration(t.time_window)} (${t.time_window} ms)${dflt(t.time_window === d.time_window)}`,
    `  entropy_threshold          ${t.entropy_threshold} bits/byte${dflt(t.entropy_threshold === d.entropy_threshold)}`,
    `  key_reuse_threshold        ${t.key_reuse_threshold} uses of one key per time_window${dflt(t.key_reuse_threshold === d.key_reuse_threshold)}`,
    `  foreground_state_required  ${t.foreground_state_required}${dflt(t.foreground_state_required === d.foreground_state_required)}`,
    `  beacon_interval_variance   ${t.beacon_interval_variance} (interval stddev/mean)${dflt(t.beacon_interval_variance === d.beacon_interval_variance)}`,
    `  staging_horizon            ${formatDuration(t.staging_horizon)} (staged files and announced keys stay linked this long)${dflt(t.staging_horizon === d.staging_horizon)}`,
    `severity: medium ≥ ${s.medium}, high ≥ ${s.high}, critical ≥ ${s.critical} (score 0..100)`,
    `apps: ${p.apps.length} in inventory, ${approved} approved`,
    `allowed_crypto_apps: ${p.allowed_crypto_apps.length}${p.allowed_crypto_apps.length ? ': ' + p.allowed_crypto_apps.join(', ') : ''}`,
  ];
  const summary = {
    thresholds: { ...t, time_window_text: formatDuration(t.time_window) },
    severity: s,
    apps: p.apps.length,
    approved_apps: approved,
    allowed_crypto_apps: p.allowed_crypto_apps,
  };
  return { lines, summary };
}

export async function checkPolicy(path: string): Promise<PolicyCheck> {
  const r = await loadPolicy(path);
  if (!r.value) {
    return {
      ok: false,
      text: r.issues.map(formatIssue).join('\n'),
      json: { ok: false, file: path, issues: r.issues },
    };
  }
  const { lines, summary } = summarize(r.value);
  return {
    ok: true,
    text: [`${path}: policy OK (version 1)`, ...lines].join('\n'),
    json: { ok: true, file: path, summary, policy: r.value },
  };
}
