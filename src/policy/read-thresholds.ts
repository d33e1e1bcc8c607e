// `thresholds` (the DET0650 mutable elements of AN1731) and `severity` (score cut-offs).
import { DEFAULT_POLICY, type SeverityThresholds, type Thresholds } from '../model/policy.js';
import { parseDuration } from './parse-duration.js';
import { SEVERITY_KEYS, THRESHOLD_KEYS } from './policy-keys.js';
import { fieldOf, type YamlWalk } from './yaml-walk.js';

const DURATION_HELP = 'a duration like 500ms, 30s, 10m, 2h or a number of milliseconds';

function readDuration(w: YamlWalk, node: unknown, field: string): number | undefined {
  const s = w.scalar(node, field, DURATION_HELP);
  if (!s) return undefined;
  if (typeof s.value !== 'number' && typeof s.value !== 'string') {
    w.report('invalid_type', field, s.node, `expected ${DURATION_HELP}, got ${w.describe(s.value)}`);
    return undefined;
  }
  const ms = parseDuration(s.value);
  if (ms === undefined) {
    const code = typeof s.value === 'number' ? 'out_of_range' : 'invalid_value';
    w.report(code, field, s.node, `expected ${DURATION_HELP}, got ${w.describe(s.value)}`);
    return undefined;
  }
  if (ms <= 0) {
    w.report('out_of_range', field, s.node, `must be longer than 0, got ${w.describe(s.value)}`);
    return undefined;
  }
  return ms;
}

export function readThresholds(w: YamlWalk, node: unknown): Thresholds {
  const out: Thresholds = { ...DEFAULT_POLICY.thresholds };
  const e = w.entries(node, 'thresholds', THRESHOLD_KEYS);
  if (!e) return out;
  const f = (k: string) => fieldOf('thresholds', k);
  const set = <K extends keyof Thresholds>(k: K, v: Thresholds[K] | undefined) => { if (v !== undefined) out[k] = v; };
  const at = (k: string) => e.get(k)?.value;
  if (e.has('time_window')) set('time_window', readDuration(w, at('time_window'), f('time_window')));
  if (e.has('entropy_threshold')) set('entropy_threshold', w.number(at('entropy_threshold'), f('entropy_threshold'), { min: 0, max: 8 }));
  if (e.has('key_reuse_threshold')) set('key_reuse_threshold', w.number(at('key_reuse_threshold'), f('key_reuse_threshold'), { min: 1, integer: true }));
  if (e.has('foreground_state_required')) set('foreground_state_required', w.bool(at('foreground_state_required'), f('foreground_state_required')));
  if (e.has('beacon_interval_variance')) set('beacon_interval_variance', w.number(at('beacon_interval_variance'), f('beacon_interval_variance'), { min: 0, max: 10 }));
  if (e.has('staging_horizon')) set('staging_horizon', readDuration(w, at('staging_horizon'), f('staging_horizon')));
  return out;
}

/** Each cut-off is a score 0..100 and they must increase: medium < high < critical. */
export function readSeverity(w: YamlWalk, node: unknown): SeverityThresholds {
  const out: SeverityThresholds = { ...DEFAULT_POLICY.severity };
  const e = w.entries(node, 'severity', SEVERITY_KEYS);
  if (!e) return out;
  const given = new Map<keyof SeverityThresholds, unknown>();
  let valid = true;
  for (const k of SEVERITY_KEYS) {
    const entry = e.get(k);
    if (!entry) continue;
    const v = w.number(entry.value, fieldOf('severity', k), { min: 0, max: 100 });
    if (v === undefined) valid = false;
    else { out[k] = v; given.set(k, w.deref(entry.value, '')); }
  }
  if (!valid) return out;
  for (const [lo, hi] of [['medium', 'high'], ['high', 'critical']] as const) {
    if (out[lo] < out[hi]) continue;
    const dflt = (k: keyof SeverityThresholds) => (given.has(k) ? '' : ', the default');
    if (given.has(hi)) {
      w.report('severity_order', fieldOf('severity', hi), given.get(hi), `must be above severity.${lo} (${out[lo]}${dflt(lo)}), got ${out[hi]}: medium < high < critical`);
    } else {
      w.report('severity_order', fieldOf('severity', lo), given.get(lo), `must be below severity.${hi} (${out[hi]}${dflt(hi)}), got ${out[lo]}: medium < high < critical`);
    }
  }
  return out;
}
