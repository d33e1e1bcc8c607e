import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { formatEvalMarkdown, formatEvalTable } from './format-eval.js';
import { ALERTS, LABELS, alert, label } from './fixtures.test-util.js';

describe('formatEvalTable', () => {
  it('prints one aligned row per scenario, the overall row and the summary', () => {
    expect(formatEvalTable(evaluate(LABELS, ALERTS))).toBe(
      [
        'SCENARIO           CLASS      LABELS  TP  FP  FN  TN  PRECISION  RECALL  MAX SEV/SCORE',
        'anubis-rc4         malicious       2   2   0   0   0      1.000   1.000  high/78',
        'anubis-rc4-twin    benign          1   0   1   0   0      0.000       -  medium/45',
        'cerberus-aes       malicious       1   0   0   1   0          -   0.000  -',
        'cerberus-aes-twin  benign          1   0   0   0   1          -       -  -',
        '-'.repeat(86),
        'overall            2M/2B           5   2   1   1   1      0.667   0.667',
        '',
        'overall (micro): precision 0.667, recall 0.667, F1 0.667',
        'strict (unlabelled pairs with alerts count as FP): precision 0.500, F1 0.571; 2 unlabelled alert(s) on 1 pair(s)',
        'min severity low; alerts: 5 read, 5 distinct, 5 counted',
        'unlabelled alerts:',
        '  dev-9 com.unknown  critical/91  u-1',
        '  dev-9 com.unknown  low/20  u-2',
        '',
      ].join('\n'),
    );
  });

  it('caps the list of unlabelled alerts', () => {
    const many = Array.from({ length: 25 }, (_, i) => alert(`u-${String(i).padStart(2, '0')}`, 'dx', 'com.x', 'low', 10.25));
    const out = formatEvalTable(evaluate(LABELS, many));
    expect(out).toContain('  dx com.x  low/10.3  u-19\n  ... and 5 more (--json lists them all)\n');
    expect(out).not.toContain('u-20');
  });
});

describe('formatEvalMarkdown', () => {
  it('renders a Markdown table with escaped cells and a bold overall row', () => {
    const labels = { version: 1 as const, seed: 1, scenarios: [label('a|b', true, 'd', 'com.a')] };
    const md = formatEvalMarkdown(evaluate(labels, [alert('x', 'd', 'com.a', 'critical', 88)]));
    expect(md).toBe(
      [
        '| Scenario | Class | Labels | TP | FP | FN | TN | Precision | Recall | Max severity/score |',
        '|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
        '| a\\|b | malicious | 1 | 1 | 0 | 0 | 0 | 1.000 | 1.000 | critical/88 |',
        '| **overall** | **1M/0B** | **1** | **1** | **0** | **0** | **0** | **1.000** | **1.000** |  |',
        '',
        '- overall (micro): precision 1.000, recall 1.000, F1 1.000',
        '- strict (unlabelled pairs with alerts count as FP): precision 1.000, F1 1.000; 0 unlabelled alert(s) on 0 pair(s)',
        '- min severity low; alerts: 1 read, 1 distinct, 1 counted',
        '',
      ].join('\n'),
    );
  });
});
