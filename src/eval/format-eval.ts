// EvalReport for people: a fixed-width table for the terminal and a Markdown table for the README.
import type { EvalReport, ScenarioResult } from './eval-report.js';

const HEADERS = ['SCENARIO', 'CLASS', 'LABELS', 'TP', 'FP', 'FN', 'TN', 'PRECISION', 'RECALL', 'MAX SEV/SCORE'];
/** columns aligned right (numbers) */
const RIGHT = new Set([2, 3, 4, 5, 6, 7, 8]);
/** unlabelled alerts listed by the plain table before it says "and N more" */
const UNLABELLED_SHOWN = 20;

export function formatEvalTable(report: EvalReport): string {
  const rows = report.scenarios.map(scenarioCells);
  const total = overallCells(report);
  const widths = HEADERS.map((h, c) => Math.max(h.length, total[c].length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells.map((s, c) => (RIGHT.has(c) ? s.padStart(widths[c]) : s.padEnd(widths[c]))).join('  ').trimEnd();
  const out = [line(HEADERS), ...rows.map(line), '-'.repeat(widths.reduce((n, w) => n + w + 2, -2)), line(total)];
  out.push('', ...summary(report));
  const shown = report.unlabelled_alerts.slice(0, UNLABELLED_SHOWN);
  if (shown.length > 0) {
    out.push('unlabelled alerts:');
    for (const a of shown) out.push(`  ${a.device} ${a.app}  ${a.severity}/${fmtScore(a.score)}  ${a.id}`);
    const more = report.unlabelled_alerts.length - shown.length;
    if (more > 0) out.push(`  ... and ${more} more (--json lists them all)`);
  }
  return out.join('\n') + '\n';
}

export function formatEvalMarkdown(report: EvalReport): string {
  const header = ['Scenario', 'Class', 'Labels', 'TP', 'FP', 'FN', 'TN', 'Precision', 'Recall', 'Max severity/score'];
  const align = header.map((_, c) => (RIGHT.has(c) ? '---:' : '---'));
  const row = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const total = overallCells(report).map((s) => (s === '' ? s : `**${s}**`));
  const out = [row(header), `|${align.join('|')}|`, ...report.scenarios.map((s) => row(scenarioCells(s))), row(total)];
  out.push('', ...summary(report).map((s) => `- ${s}`));
  return out.join('\n') + '\n';
}

function scenarioCells(s: ScenarioResult): string[] {
  return [
    s.scenario,
    s.malicious ? 'malicious' : 'benign',
    String(s.labels), String(s.tp), String(s.fp), String(s.fn), String(s.tn),
    fmtRatio(s.precision), fmtRatio(s.recall),
    s.max_severity === null ? '-' : `${s.max_severity}/${fmtScore(s.max_score!)}`,
  ];
}

function overallCells(r: EvalReport): string[] {
  const o = r.overall;
  return [
    'overall',
    `${o.malicious_scenarios}M/${o.benign_scenarios}B`,
    String(o.labels), String(o.tp), String(o.fp), String(o.fn), String(o.tn),
    fmtRatio(o.precision), fmtRatio(o.recall),
    '',
  ];
}

function summary(r: EvalReport): string[] {
  const o = r.overall;
  return [
    `overall (micro): precision ${fmtRatio(o.precision)}, recall ${fmtRatio(o.recall)}, F1 ${fmtRatio(o.f1)}`,
    `strict (unlabelled pairs with alerts count as FP): precision ${fmtRatio(o.precision_strict)}, F1 ${fmtRatio(o.f1_strict)}; ` +
      `${o.unlabelled_alerts} unlabelled alert(s) on ${o.unlabelled_pairs} pair(s)`,
    `min severity ${r.min_severity}; alerts: ${r.alerts.input} read, ${r.alerts.distinct} distinct, ${r.alerts.counted} counted`,
  ];
}

function fmtRatio(x: number | null): string {
  return x === null ? '-' : x.toFixed(3);
}

function fmtScore(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

function escapeCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}
