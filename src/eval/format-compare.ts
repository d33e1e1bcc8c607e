// `eval --baseline ALERTS`: the same labels scored twice, without and with a fleet baseline
// (`detect --baseline`), side by side: what the baseline changes per scenario and overall.
import type { EvalReport, ScenarioResult } from './eval-report.js';

const f3 = (x: number | null) => (x === null ? '-' : x.toFixed(3));
const top = (s: ScenarioResult) => (s.max_severity ? `${s.max_severity}/${s.max_score}` : '-');
const delta = (a: ScenarioResult, b: ScenarioResult) => {
  if (a.max_score === null && b.max_score === null) return '';
  const d = (b.max_score ?? 0) - (a.max_score ?? 0);
  return d === 0 ? '0' : d > 0 ? `+${d}` : String(d);
};

export interface EvalComparison { version: 1; without: EvalReport; with_baseline: EvalReport }

function rows(a: EvalReport, b: EvalReport): string[][] {
  const byName = new Map(b.scenarios.map((s) => [s.scenario, s]));
  const out = a.scenarios.map((s) => {
    const t = byName.get(s.scenario)!;
    return [s.scenario, s.malicious ? 'malicious' : 'benign', `${s.tp}/${s.fp}/${s.fn}`, top(s), `${t.tp}/${t.fp}/${t.fn}`, top(t), delta(s, t)];
  });
  const o = (r: EvalReport) => `P ${f3(r.overall.precision)} R ${f3(r.overall.recall)}`;
  out.push(['overall', `${a.overall.tp + a.overall.fn}M/${a.overall.fp + a.overall.tn}B labels`, `${a.overall.tp}/${a.overall.fp}/${a.overall.fn}`, o(a), `${b.overall.tp}/${b.overall.fp}/${b.overall.fn}`, o(b), '']);
  return out;
}

const HEAD = ['Scenario', 'Class', 'TP/FP/FN without', 'max without', 'TP/FP/FN with baseline', 'max with baseline', 'Δ score'];

export function formatCompareMarkdown(a: EvalReport, b: EvalReport): string {
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  return [line(HEAD), line(['---', '---', '---:', '---', '---:', '---', '---:']), ...rows(a, b).map(line)].join('\n') + '\n';
}

export function formatCompareTable(a: EvalReport, b: EvalReport): string {
  const all = [HEAD, ...rows(a, b)];
  const w = HEAD.map((_, i) => all.reduce((m, r) => Math.max(m, r[i].length), 0));
  return all.map((r) => r.map((c, i) => c.padEnd(w[i])).join('  ').trimEnd()).join('\n') + '\n';
}
