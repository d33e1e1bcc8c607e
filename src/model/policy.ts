// Policy contract v1 (../shared/spec/policy-v1.md) after loading: every default filled in.

export interface AppEntry {
  package: string;
  approved?: boolean;
  label?: string;
  signer?: string;
  expected_domains?: string[];
  background_network?: boolean;
  /** the collected data the app's function needs (policy v1 extension): reading another category is drift */
  data_categories?: string[];
}

export interface Thresholds {
  /** TimeWindow, ms */
  time_window: number;
  /** EntropyThreshold, bits/byte */
  entropy_threshold: number;
  /** KeyReuseThreshold, uses of one key within time_window */
  key_reuse_threshold: number;
  /** ForegroundStateRequired */
  foreground_state_required: boolean;
  /** BeaconIntervalVariance, stddev/mean of send intervals */
  beacon_interval_variance: number;
  /** how long a staged encrypted file (and an announced key) stays linked to its app before it is sent, ms */
  staging_horizon: number;
}

export interface SeverityThresholds {
  medium: number;
  high: number;
  critical: number;
}

export interface Policy {
  version: 1;
  thresholds: Thresholds;
  allowed_crypto_apps: string[];
  apps: AppEntry[];
  severity: SeverityThresholds;
  /** raise low, labelled partial chains on devices whose telemetry shows no crypto and only network
   *  metadata (managed-device logs); off: such devices raise nothing */
  partial_chains: boolean;
}

export const DEFAULT_POLICY: Policy = {
  version: 1,
  thresholds: {
    time_window: 10 * 60_000,
    entropy_threshold: 7.2,
    key_reuse_threshold: 3,
    foreground_state_required: false,
    beacon_interval_variance: 0.2,
    staging_horizon: 4 * 3_600_000,
  },
  allowed_crypto_apps: [],
  apps: [],
  severity: { medium: 40, high: 65, critical: 85 },
  partial_chains: false,
};
