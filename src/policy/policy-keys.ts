// The key names of policy contract v1 at each level (../../../shared/spec/policy-v1.md).
import { canonicalKey } from './suggest.js';

export const ROOT_KEYS = ['version', 'thresholds', 'allowed_crypto_apps', 'apps', 'severity', 'partial_chains'] as const;
export const THRESHOLD_KEYS = [
  'time_window', 'entropy_threshold', 'key_reuse_threshold', 'foreground_state_required', 'beacon_interval_variance', 'staging_horizon',
] as const;
export const APP_KEYS = ['package', 'approved', 'label', 'signer', 'expected_domains', 'background_network', 'data_categories'] as const;
export const SEVERITY_KEYS = ['medium', 'high', 'critical'] as const;

/** canonical key -> where it belongs, to say `did you mean thresholds.time_window?` for a misplaced key */
export const KEY_HOMES: ReadonlyMap<string, string> = new Map([
  ...ROOT_KEYS.map((k) => [k, k] as const),
  ...THRESHOLD_KEYS.map((k) => [k, `thresholds.${k}`] as const),
  ...APP_KEYS.map((k) => [k, `apps[].${k}`] as const),
  ...SEVERITY_KEYS.map((k) => [k, `severity.${k}`] as const),
].map(([k, home]) => [canonicalKey(k), home]));
