// Splunk SPL: each chain is a `transaction device app maxspan=TimeWindow` over the step events,
// starting with the first step and ending with the last, then the step order checked on the
// ordered step list; key reuse with streamstats over a sliding time_window.
import type { ChainSpec, Predicate, Step } from './chain-spec.js';
import { header } from './header.js';
import { wholeSpan } from './span.js';

const str = (v: string) => JSON.stringify(v);

function cond(p: Predicate): string {
  switch (p.op) {
    case 'eq': return typeof p.value === 'string' ? `${p.field}=${str(p.value)}` : `${p.field}=${p.value}`;
    case 'in': return `${p.field} IN (${p.value.map(str).join(', ')})`;
    case 'not_in': return `NOT ${p.field} IN (${p.value.map(str).join(', ')})`;
    case 'gte': return `${p.field}>=${p.value}`;
    case 'exists': return `${p.field}=*`;
  }
}

const search = (step: Step) => `(${[`type=${str(step.type)}`, ...step.where.map(cond)].join(' ')})`;
const BASE = 'index=ciphertrail sourcetype="ciphertrail:telemetry:v1"';

export function renderSpl(s: ChainSpec): string {
  const span = wholeSpan(s.windowMs, ['h', 'm', 's']);
  const byName = new Map(s.steps.map((x) => [x.name, x]));
  const out = [header(s, 'spl', '```').replace(/^```(.*)$/gm, '```$1```')];
  for (const q of s.sequences) {
    const steps = q.steps.map((n) => byName.get(n)!);
    // the base search keeps only step events, and each step of a chain has its own event type
    const label = `case(${steps.map((st) => `type==${str(st.type)}, ${str(st.name)}`).join(', ')})`;
    out.push(`\`\`\` ${q.name} (${q.level}): ${q.description} \`\`\``,
      `${BASE} (${steps.map(search).join(' OR ')})`,
      `| eval step=${label}`,
      `| transaction device app maxspan=${span} startswith=eval(step==${str(q.steps[0])}) endswith=eval(step==${str(q.steps[q.steps.length - 1])}) mvlist=step`,
      '| eval seq=mvjoin(step, ",")',
      `| regex seq="${q.steps.join('.*')}"`,
      `| eval chain=${str(q.name)}, level=${str(q.level)}`,
      '| table _time device app chain level duration eventcount seq',
      '');
  }
  out.push(`\`\`\` ${s.count.name}: ${s.count.description} \`\`\``,
    `${BASE} ${search(byName.get(s.count.step)!)}`,
    '| sort 0 _time',
    `| streamstats time_window=${span} count as uses by device app key_fp`,
    `| where uses>=${s.count.gte}`,
    '| stats max(uses) as uses min(_time) as first max(_time) as last by device app key_fp',
    '');
  return out.join('\n');
}
