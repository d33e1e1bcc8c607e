// Sigma: one detection rule per step (custom logsource product android / service ciphertrail,
// category = the event type), then correlation rules referencing them by name: temporal_ordered
// grouped by device and app within TimeWindow, and event_count for key reuse.
import { stringify } from 'yaml';
import type { ChainSpec, Predicate, Step } from './chain-spec.js';
import { header } from './header.js';
import { wholeSpan } from './span.js';
import { uuid5 } from './uuid5.js';

const PREFIX = 'ciphertrail_an1731_';
const TAGS = ['attack.command-and-control', 'attack.t1521.001'];
const REFS = ['https://attack.mitre.org/techniques/T1521/001/', 'https://attack.mitre.org/detectionstrategies/DET0650/'];

function selection(step: Step): { detection: Record<string, unknown> } {
  const sel: Record<string, unknown> = { type: step.type };
  const filter: Record<string, unknown> = {};
  for (const p of step.where) put(p, sel, filter);
  const detection: Record<string, unknown> = { selection: sel, ...filter };
  const filters = Object.keys(filter);
  detection.condition = filters.length === 0 ? 'selection' : filters.length === 1 ? `selection and not ${filters[0]}` : 'selection and not 1 of filter_*';
  return { detection };
}

function put(p: Predicate, sel: Record<string, unknown>, filter: Record<string, unknown>): void {
  switch (p.op) {
    case 'eq': sel[p.field] = p.value; break;
    case 'in': sel[p.field] = p.value; break;
    case 'not_in': filter[p.field === 'app' ? 'filter_allowed_crypto_apps' : `filter_${p.field}`] = { [p.field]: p.value }; break;
    case 'gte': sel[`${p.field}|gte`] = p.value; break;
    case 'exists': sel[`${p.field}|exists`] = true; break;
  }
}

export function sigmaDocs(s: ChainSpec): Record<string, unknown>[] {
  const span = wholeSpan(s.windowMs, ['h', 'm', 's']);
  const docs: Record<string, unknown>[] = [];
  for (const step of s.steps) {
    docs.push({
      title: `ciphertrail AN1731 step: ${step.title}`, id: uuid5(PREFIX + step.name), name: PREFIX + step.name,
      status: 'experimental', description: step.description, references: REFS, author: 'ciphertrail (generated)',
      tags: TAGS,
      logsource: { product: 'android', service: 'ciphertrail', category: step.type.replace('.', '_') },
      ...selection(step),
      fields: ['device', 'app', 'ts'],
      falsepositives: ['a single step is common in legitimate apps; use it only through the correlation rules'],
      level: 'informational',
    });
  }
  docs.push({
    title: s.count.title, id: uuid5(PREFIX + s.count.name), name: PREFIX + s.count.name, status: 'experimental',
    description: s.count.description, references: REFS, author: 'ciphertrail (generated)', tags: TAGS,
    correlation: { type: 'event_count', rules: [PREFIX + s.count.step], 'group-by': s.count.by, timespan: span, condition: { gte: s.count.gte } },
    falsepositives: ['apps encrypting many records with one app key (password managers, local databases)'],
    level: 'low',
  });
  for (const q of s.sequences) {
    docs.push({
      title: q.title, id: uuid5(PREFIX + q.name), name: PREFIX + q.name, status: 'experimental',
      description: q.description, references: REFS, author: 'ciphertrail (generated)', tags: TAGS,
      correlation: { type: 'temporal_ordered', rules: q.steps.map((x) => PREFIX + x), 'group-by': s.groupBy, timespan: span },
      falsepositives: ['backup, sync and messaging apps that encrypt what they read before uploading it; add them to AllowedCryptoApps'],
      level: q.level,
    });
  }
  return docs;
}

export function renderSigma(s: ChainSpec): string {
  const docs = sigmaDocs(s).map((d) => stringify(d, { lineWidth: 0 }));
  return header(s, 'sigma', '#') + docs.map((d) => '---\n' + d).join('');
}
