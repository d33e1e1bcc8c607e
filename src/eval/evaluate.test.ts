import { describe, expect, it } from 'vitest';
import type { LabelsFile } from '../model/index.js';
import { evaluate } from './evaluate.js';
import { ALERTS, LABELS, alert, label } from './fixtures.test-util.js';

describe('evaluate', () => {
  const report = evaluate(LABELS, ALERTS);

  it('scores each scenario: caught malicious (TP), alerting twin (FP), missed malicious (FN), quiet twin (TN)', () => {
    expect(report.scenarios.map((s) => [s.scenario, s.malicious, s.labels, s.tp, s.fp, s.fn, s.tn, s.precision, s.recall])).toEqual([
      ['anubis-rc4', true, 2, 2, 0, 0, 0, 1, 1],
      ['anubis-rc4-twin', false, 1, 0, 1, 0, 0, 0, null],
      ['cerberus-aes', true, 1, 0, 0, 1, 0, null, 0],
      ['cerberus-aes-twin', false, 1, 0, 0, 0, 1, null, null],
    ]);
    const [anubis, anubisTwin, cerberus] = report.scenarios;
    expect(anubis).toMatchObject({ twin: 'anubis-rc4-twin', max_severity: 'high', max_score: 78, alert_ids: ['a-1', 'a-2'], missed: [], false_alarms: [] });
    expect(anubisTwin).toMatchObject({ max_severity: 'medium', max_score: 45, alert_ids: ['t-1'], false_alarms: [{ device: 'dev-1', app: 'com.vpn.good' }] });
    expect(cerberus).toMatchObject({ max_severity: null, max_score: null, alert_ids: [], missed: [{ device: 'dev-3', app: 'com.cerb.mal' }] });
  });

  it('lists alerts on unlabelled pairs and counts them in the strict precision', () => {
    expect(report.unlabelled_alerts).toEqual([
      { id: 'u-1', device: 'dev-9', app: 'com.unknown', severity: 'critical', score: 91 },
      { id: 'u-2', device: 'dev-9', app: 'com.unknown', severity: 'low', score: 20 },
    ]);
    expect(report.overall).toEqual({
      scenarios: 4, malicious_scenarios: 2, benign_scenarios: 2,
      labels: 5, tp: 2, fp: 1, fn: 1, tn: 1,
      precision: 2 / 3, recall: 2 / 3, f1: 2 / 3,
      unlabelled_alerts: 2, unlabelled_pairs: 1,
      precision_strict: 0.5, f1_strict: (2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3),
    });
    expect(report.alerts).toEqual({ input: 5, distinct: 5, counted: 5 });
    expect(report.min_severity).toBe('low');
  });

  it('minSeverity drops weaker alerts from the hits but not from max severity/score', () => {
    const r = evaluate(LABELS, ALERTS, { minSeverity: 'high' });
    const anubis = r.scenarios[0];
    expect([anubis.tp, anubis.fn]).toEqual([1, 1]);
    expect(anubis.missed).toEqual([{ device: 'dev-2', app: 'com.anubis.mal' }]);
    expect(anubis.alert_ids).toEqual(['a-1', 'a-2']);
    expect(r.scenarios[1]).toMatchObject({ fp: 0, tn: 1, precision: null, max_severity: 'medium', max_score: 45 });
    expect(r.unlabelled_alerts.map((a) => a.id)).toEqual(['u-1']);
    expect(r.overall).toMatchObject({ tp: 1, fp: 0, fn: 2, tn: 2, precision: 1, recall: 1 / 3, precision_strict: 0.5 });
    expect(r.alerts).toEqual({ input: 5, distinct: 5, counted: 2 });
    expect(evaluate(LABELS, ALERTS, { minSeverity: 'critical' }).overall).toMatchObject({ tp: 0, fp: 0, precision: null, recall: 0, f1: null });
  });

  it('de-duplicates re-emitted alerts on id, the highest rev winning', () => {
    const labels: LabelsFile = { version: 1, seed: 1, scenarios: [label('m', true, 'd', 'com.m')] };
    const alerts = [alert('x', 'd', 'com.m', 'low', 30, 1), alert('x', 'd', 'com.m', 'high', 70, 3), alert('x', 'd', 'com.m', 'medium', 50, 2)];
    const r = evaluate(labels, alerts, { minSeverity: 'high' });
    expect(r.alerts).toEqual({ input: 3, distinct: 1, counted: 1 });
    expect(r.scenarios[0]).toMatchObject({ tp: 1, alert_ids: ['x'], max_severity: 'high', max_score: 70 });
  });

  it('is deterministic: the order of labels and alerts does not matter', () => {
    const shuffled: LabelsFile = { ...LABELS, scenarios: [...LABELS.scenarios].reverse() };
    expect(JSON.stringify(evaluate(shuffled, [...ALERTS].reverse()), null, 2)).toBe(JSON.stringify(report, null, 2));
  });

  it('keeps a stable key order in JSON', () => {
    expect(Object.keys(report)).toEqual(['version', 'min_severity', 'alerts', 'scenarios', 'unlabelled_alerts', 'overall']);
    expect(Object.keys(report.scenarios[0])).toEqual([
      'scenario', 'malicious', 'twin', 'labels', 'tp', 'fp', 'fn', 'tn', 'precision', 'recall',
      'max_severity', 'max_score', 'alert_ids', 'missed', 'false_alarms',
    ]);
  });

  it('handles no labels and no alerts', () => {
    const r = evaluate({ version: 1, seed: 0, scenarios: [] }, []);
    expect(r.scenarios).toEqual([]);
    expect(r.overall).toMatchObject({ labels: 0, precision: null, recall: null, f1: null, precision_strict: null });
  });

  it('rejects an unknown minSeverity', () => {
    expect(() => evaluate(LABELS, ALERTS, { minSeverity: 'severe' as never })).toThrow(/minSeverity/);
  });
});
