// What the exported rules match, evaluated here on telemetry v1 with the semantics they are
// written for (temporal_ordered steps per (device, app) within TimeWindow; a count of one key's
// uses within TimeWindow). Used to measure, on the scenario library, how the exported rules
// compare with the engine; it is not a Sigma, EQL, KQL or SPL engine.
import type { TelemetryEvent } from '../model/index.js';
import type { ChainSpec, Predicate, Step } from './chain-spec.js';

export interface RuleHit { rule: string; device: string; app: string; first_ts: number; last_ts: number }

function holds(p: Predicate, e: Record<string, unknown>): boolean {
  const v = e[p.field];
  switch (p.op) {
    case 'eq': return v === p.value;
    case 'in': return typeof v === 'string' && p.value.includes(v);
    case 'not_in': return !(typeof v === 'string' && p.value.includes(v));
    case 'gte': return typeof v === 'number' && v >= p.value;
    case 'exists': return v !== undefined && v !== null && v !== '';
  }
}

export const stepMatches = (s: Step, e: TelemetryEvent): boolean =>
  e.type === s.type && s.where.every((p) => holds(p, e as unknown as Record<string, unknown>));

/** the first match of each rule per (device, app), in time order of the events */
export function matchSpec(spec: ChainSpec, events: readonly TelemetryEvent[]): RuleHit[] {
  const groups = new Map<string, TelemetryEvent[]>();
  for (const e of events) {
    if (!e.app) continue;
    const k = `${e.device}\u0000${e.app}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(e);
  }
  const steps = new Map(spec.steps.map((s) => [s.name, s]));
  const hits: RuleHit[] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => a.ts - b.ts);
    const { device, app } = g[0] as { device: string; app: string };
    for (const q of spec.sequences) {
      const want = q.steps.map((n) => steps.get(n)!);
      const m = firstSequence(g, want, spec.windowMs);
      if (m) hits.push({ rule: q.name, device, app, first_ts: m[0], last_ts: m[1] });
    }
    const k = firstReuse(g, steps.get(spec.count.step)!, spec.count.gte, spec.windowMs);
    if (k) hits.push({ rule: spec.count.name, device, app, first_ts: k[0], last_ts: k[1] });
  }
  return hits.sort((a, b) => a.first_ts - b.first_ts || (a.device < b.device ? -1 : a.device > b.device ? 1 : 0) || (a.rule < b.rule ? -1 : 1));
}

/** earliest start whose steps all follow in order within the window (greedy: earliest next step) */
function firstSequence(g: TelemetryEvent[], want: Step[], window: number): [number, number] | undefined {
  for (let i = 0; i < g.length; i++) {
    if (!stepMatches(want[0], g[i])) continue;
    let j = i, k = 1;
    while (k < want.length) {
      j++;
      if (j >= g.length || g[j].ts - g[i].ts > window) break;
      if (stepMatches(want[k], g[j])) k++;
    }
    if (k === want.length) return [g[i].ts, g[j].ts];
  }
  return undefined;
}

function firstReuse(g: TelemetryEvent[], use: Step, gte: number, window: number): [number, number] | undefined {
  const byKey = new Map<string, number[]>();
  for (const e of g) {
    if (!stepMatches(use, e)) continue;
    const fp = (e as { key_fp?: string }).key_fp!;
    let ts = byKey.get(fp);
    if (!ts) byKey.set(fp, (ts = []));
    ts.push(e.ts);
    while (ts.length && e.ts - ts[0] > window) ts.shift();
    if (ts.length >= gte) return [ts[0], e.ts];
  }
  return undefined;
}
