// Alerts vs ground truth. The unit of truth is a labelled (device, app) pair: it is "hit" when an
// alert on that pair reaches min_severity. Pure and deterministic: same inputs, same report.
import { CiphertrailError, SEVERITIES, type Alert, type LabelsFile, type ScenarioLabel, type Severity } from '../model/index.js';
import type { EvalReport, LabelRef, OverallResult, ScenarioResult, UnlabelledAlert } from './eval-report.js';

export interface EvaluateOptions {
  /** lowest severity that counts as a detection (default `low`: any alert) */
  minSeverity?: Severity;
}

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function evaluate(labels: LabelsFile, alerts: Alert[], opts: EvaluateOptions = {}): EvalReport {
  const minSeverity = opts.minSeverity ?? 'low';
  if (!SEVERITIES.includes(minSeverity)) throw new CiphertrailError('invalid_option', `minSeverity must be one of ${SEVERITIES.join(', ')}`);
  const counts = (a: Alert) => RANK[a.severity] >= RANK[minSeverity];

  const distinct = latestRevisions(alerts);
  const byPair = new Map<string, Alert[]>();
  for (const a of distinct) {
    const k = pairKey(a);
    const list = byPair.get(k);
    if (list) list.push(a);
    else byPair.set(k, [a]);
  }

  const byScenario = new Map<string, ScenarioLabel[]>();
  for (const l of labels.scenarios) {
    const list = byScenario.get(l.scenario);
    if (list) list.push(l);
    else byScenario.set(l.scenario, [l]);
  }
  const scenarios = [...byScenario.keys()].sort(compare).map((name) => scoreScenario(name, byScenario.get(name)!, byPair, counts));

  const labelled = new Set(labels.scenarios.map(pairKey));
  const unlabelled: UnlabelledAlert[] = distinct
    .filter((a) => counts(a) && !labelled.has(pairKey(a)))
    .map((a) => ({ id: a.id, device: a.device, app: a.app, severity: a.severity, score: a.score }))
    .sort((x, y) => compare(x.device, y.device) || compare(x.app, y.app) || compare(x.id, y.id));

  return {
    version: 1,
    min_severity: minSeverity,
    alerts: { input: alerts.length, distinct: distinct.length, counted: distinct.filter(counts).length },
    scenarios,
    unlabelled_alerts: unlabelled,
    overall: sumUp(scenarios, unlabelled),
  };
}

function scoreScenario(name: string, labels: ScenarioLabel[], byPair: Map<string, Alert[]>, counts: (a: Alert) => boolean): ScenarioResult {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  const missed: LabelRef[] = [];
  const falseAlarms: LabelRef[] = [];
  const seen = new Map<string, Alert>();
  const ordered = [...labels].sort((x, y) => compare(x.device, y.device) || compare(x.app, y.app));
  for (const l of ordered) {
    const onPair = byPair.get(pairKey(l)) ?? [];
    for (const a of onPair) seen.set(a.id, a);
    const hit = onPair.some(counts);
    if (l.malicious && hit) tp++;
    else if (l.malicious) { fn++; missed.push({ device: l.device, app: l.app }); }
    else if (hit) { fp++; falseAlarms.push({ device: l.device, app: l.app }); }
    else tn++;
  }
  let maxSeverity: Severity | null = null;
  let maxScore: number | null = null;
  for (const a of seen.values()) {
    if (maxSeverity === null || RANK[a.severity] > RANK[maxSeverity]) maxSeverity = a.severity;
    if (maxScore === null || a.score > maxScore) maxScore = a.score;
  }
  return {
    scenario: name,
    malicious: labels[0].malicious,
    twin: labels.find((l) => l.twin !== undefined)?.twin ?? null,
    labels: labels.length,
    tp, fp, fn, tn,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    max_severity: maxSeverity,
    max_score: maxScore,
    alert_ids: [...seen.keys()].sort(compare),
    missed,
    false_alarms: falseAlarms,
  };
}

function sumUp(scenarios: ScenarioResult[], unlabelled: UnlabelledAlert[]): OverallResult {
  const sum = (f: (s: ScenarioResult) => number) => scenarios.reduce((n, s) => n + f(s), 0);
  const tp = sum((s) => s.tp), fp = sum((s) => s.fp), fn = sum((s) => s.fn), tn = sum((s) => s.tn);
  const unlabelledPairs = new Set(unlabelled.map(pairKey)).size;
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const precisionStrict = ratio(tp, tp + fp + unlabelledPairs);
  const malicious = scenarios.filter((s) => s.malicious).length;
  return {
    scenarios: scenarios.length,
    malicious_scenarios: malicious,
    benign_scenarios: scenarios.length - malicious,
    labels: sum((s) => s.labels),
    tp, fp, fn, tn,
    precision,
    recall,
    f1: f1(precision, recall),
    unlabelled_alerts: unlabelled.length,
    unlabelled_pairs: unlabelledPairs,
    precision_strict: precisionStrict,
    f1_strict: f1(precisionStrict, recall),
  };
}

/** One alert per id: the highest `rev` (a later line wins a tie), in first-seen order. */
function latestRevisions(alerts: Alert[]): Alert[] {
  const byId = new Map<string, Alert>();
  for (const a of alerts) {
    const prev = byId.get(a.id);
    if (prev === undefined || (a.rev ?? 0) >= (prev.rev ?? 0)) byId.set(a.id, a);
  }
  return [...byId.values()];
}

function ratio(num: number, den: number): number | null {
  return den === 0 ? null : num / den;
}

function f1(p: number | null, r: number | null): number | null {
  if (p === null || r === null) return null;
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

function pairKey(x: { device: string; app: string }): string {
  return JSON.stringify([x.device, x.app]);
}

/** Code-unit order: the same everywhere, whatever the locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
