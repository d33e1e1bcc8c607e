// merge(a, b): the baseline of the union of both inputs. Associative and commutative (property
// tested): sums, min/max, keep-k-smallest sketches and keep-cap-smallest value sets.
import { sketchMerge } from './sketch.js';
import { mergeField } from './capped.js';
import { APP_DEVICES_K, BASELINE_FORMAT, BASELINE_VERSION, FIELDS, FIELD_CAPS, type AppBaseline, type Baseline } from './types.js';

export function mergeApp(a: AppBaseline, b: AppBaseline): AppBaseline {
  const fields = {} as AppBaseline['fields'];
  for (const f of FIELDS) fields[f] = mergeField(a.fields[f], b.fields[f], FIELD_CAPS[f]);
  return {
    devices: sketchMerge(a.devices, b.devices, APP_DEVICES_K),
    events: a.events + b.events,
    first_ts: Math.min(a.first_ts, b.first_ts),
    last_ts: Math.max(a.last_ts, b.last_ts),
    fields,
  };
}

export function mergeBaselines(a: Baseline, b: Baseline): Baseline {
  const apps: Record<string, AppBaseline> = {};
  for (const name of new Set([...Object.keys(a.apps), ...Object.keys(b.apps)])) {
    const x = a.apps[name], y = b.apps[name];
    apps[name] = x && y ? mergeApp(x, y) : structuredClone((x ?? y)!);
  }
  const firsts = [a.first_ts, b.first_ts].filter((t): t is number => t !== undefined);
  const lasts = [a.last_ts, b.last_ts].filter((t): t is number => t !== undefined);
  return {
    format: BASELINE_FORMAT, version: BASELINE_VERSION, events: a.events + b.events,
    ...(firsts.length ? { first_ts: Math.min(...firsts) } : {}),
    ...(lasts.length ? { last_ts: Math.max(...lasts) } : {}),
    apps,
  };
}

export const emptyBaseline = (): Baseline => ({ format: BASELINE_FORMAT, version: BASELINE_VERSION, events: 0, apps: {} });
