// Elasticsearch EQL: one sequence per chain, `by device, app with maxspan=TimeWindow`; key reuse
// as a sequence of KeyReuseThreshold encryptions by device, app, key_fp.
import type { ChainSpec, Predicate, Step } from './chain-spec.js';
import { header } from './header.js';
import { wholeSpan } from './span.js';

const str = (v: string) => JSON.stringify(v);

function cond(p: Predicate): string {
  switch (p.op) {
    case 'eq': return typeof p.value === 'string' ? `${p.field} == ${str(p.value)}` : `${p.field} == ${p.value}`;
    case 'in': return `${p.field} in (${p.value.map(str).join(', ')})`;
    case 'not_in': return `${p.field} not in (${p.value.map(str).join(', ')})`;
    case 'gte': return `${p.field} >= ${p.value}`;
    case 'exists': return `${p.field} != null`;
  }
}

export function eqlStep(step: Step): string {
  return `[any where ${[`type == ${str(step.type)}`, ...step.where.map(cond)].join(' and ')}]`;
}

export function renderEql(s: ChainSpec): string {
  const span = wholeSpan(s.windowMs, ['h', 'm', 's', 'ms']);
  const byName = new Map(s.steps.map((x) => [x.name, x]));
  const out = [header(s, 'eql', '//')];
  for (const q of s.sequences) {
    out.push(`// ${q.name} (${q.level}): ${q.description}`);
    out.push(`sequence by ${s.groupBy.join(', ')} with maxspan=${span}\n${q.steps.map((n) => '  ' + eqlStep(byName.get(n)!)).join('\n')}\n`);
  }
  const use = eqlStep(byName.get(s.count.step)!);
  out.push(`// ${s.count.name}: ${s.count.description}`);
  out.push(`sequence by ${s.count.by.join(', ')} with maxspan=${span}\n${Array.from({ length: s.count.gte }, () => '  ' + use).join('\n')}\n`);
  return out.join('\n');
}
