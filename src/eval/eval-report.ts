// What `ciphertrail eval` reports: per-scenario and overall detection quality against the labels
// written by `simulate`. Plain data; JSON output is this object as is, keys in declaration order.
import type { Severity } from '../model/index.js';

/** A labelled application context: the unit of truth. */
export interface LabelRef {
  device: string;
  app: string;
}

export interface ScenarioResult {
  scenario: string;
  malicious: boolean;
  /** the scenario it mirrors (benign twin of a malicious one, or the reverse) */
  twin: string | null;
  /** labelled (device, app) pairs in this scenario */
  labels: number;
  /** malicious labels with a hit */
  tp: number;
  /** benign labels with a hit */
  fp: number;
  /** malicious labels without a hit */
  fn: number;
  /** benign labels without a hit */
  tn: number;
  /** tp / (tp + fp); null when nothing was predicted positive */
  precision: number | null;
  /** tp / (tp + fn); null when there are no malicious labels */
  recall: number | null;
  /** highest severity among all alerts on this scenario's pairs, whatever min_severity (null: none) */
  max_severity: Severity | null;
  /** highest score among the same alerts */
  max_score: number | null;
  /** ids of the same alerts, sorted */
  alert_ids: string[];
  /** malicious labels without a hit (the FN) */
  missed: LabelRef[];
  /** benign labels with a hit (the FP) */
  false_alarms: LabelRef[];
}

/** An alert (at or above min_severity) on a (device, app) pair that no label names. */
export interface UnlabelledAlert {
  id: string;
  device: string;
  app: string;
  severity: Severity;
  score: number;
}

export interface OverallResult {
  scenarios: number;
  malicious_scenarios: number;
  benign_scenarios: number;
  labels: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** micro-averaged over all labels */
  precision: number | null;
  recall: number | null;
  f1: number | null;
  unlabelled_alerts: number;
  /** distinct (device, app) pairs among unlabelled_alerts */
  unlabelled_pairs: number;
  /** tp / (tp + fp + unlabelled_pairs): every unlabelled pair that alerted counts as a false positive */
  precision_strict: number | null;
  f1_strict: number | null;
}

export interface AlertCounts {
  /** alerts given to evaluate */
  input: number;
  /** after de-duplicating on id (the highest rev wins) */
  distinct: number;
  /** distinct alerts at or above min_severity: the ones that can hit */
  counted: number;
}

export interface EvalReport {
  version: 1;
  min_severity: Severity;
  alerts: AlertCounts;
  /** one per scenario name, in code-unit order of the name */
  scenarios: ScenarioResult[];
  /** sorted by device, app, id */
  unlabelled_alerts: UnlabelledAlert[];
  overall: OverallResult;
}
