// Kusto (Microsoft Sentinel / Azure Data Explorer): the telemetry in a table CiphertrailTelemetry
// with the v1 fields as columns; each chain is a `scan` over rows sorted by device, app, time,
// whose steps must match in order, on the same device and app, within TimeWindow of the first.
import type { ChainSpec, Predicate, Step } from './chain-spec.js';
import { header } from './header.js';
import { wholeSpan } from './span.js';

const str = (v: string) => JSON.stringify(v);

function cond(p: Predicate): string {
  switch (p.op) {
    case 'eq': return typeof p.value === 'string' ? `${p.field} == ${str(p.value)}` : `${p.field} == ${p.value}`;
    case 'in': return `${p.field} in (${p.value.map(str).join(', ')})`;
    case 'not_in': return p.field === 'app' ? 'app !in (AllowedCryptoApps)' : `${p.field} !in (${p.value.map(str).join(', ')})`;
    case 'gte': return `${p.field} >= ${p.field === 'entropy' ? 'EntropyThreshold' : p.value}`;
    case 'exists': return `isnotempty(${p.field})`;
  }
}

const where = (step: Step) => [`type == ${str(step.type)}`, ...step.where.map(cond)].join(' and ');

export function renderKql(s: ChainSpec): string {
  const byName = new Map(s.steps.map((x) => [x.name, x]));
  const out = [header(s, 'kql', '//'),
    `let TimeWindow = ${wholeSpan(s.windowMs, ['h', 'm', 's', 'ms'])};`,
    `let EntropyThreshold = ${s.entropy};`,
    `let KeyReuseThreshold = ${s.keyReuse};`,
    `let AllowedCryptoApps = dynamic([${s.allowedCryptoApps.map(str).join(', ')}]);`,
    'let Telemetry = CiphertrailTelemetry | extend Timestamp = unixtime_milliseconds_todatetime(ts);',
  ];
  for (const q of s.sequences) {
    const first = q.steps[0];
    const steps = q.steps.map((n, i) => {
      const c = where(byName.get(n)!);
      const tail = i === 0 ? '' : ` and device == ${first}.device and app == ${first}.app and Timestamp - ${first}.Timestamp <= TimeWindow`;
      return `    step ${n}${i === q.steps.length - 1 ? ' output=last' : ' output=none'}: ${c}${tail};`;
    });
    out.push('', `// ${q.name} (${q.level}): ${q.description}`,
      'Telemetry',
      `| where ${q.steps.map((n) => `(${where(byName.get(n)!)})`).join(' or ')}`,
      '| sort by device asc, app asc, Timestamp asc',
      '| scan with_match_id=match_id with (',
      ...steps,
      ')',
      `| project chain = ${str(q.name)}, level = ${str(q.level)}, device, app, Timestamp, match_id;`);
  }
  out.push('', `// ${s.count.name}: ${s.count.description}`,
    'Telemetry',
    `| where ${where(byName.get(s.count.step)!)}`,
    '| summarize uses = count(), first = min(Timestamp), last = max(Timestamp) by device, app, key_fp, bin(Timestamp, TimeWindow)',
    '| where uses >= KeyReuseThreshold;');
  return out.join('\n') + '\n';
}
