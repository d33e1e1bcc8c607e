// The report as Markdown (tickets, wikis). Every string from the alert or the telemetry (names,
// hosts, paths, the prose built from them) is untrusted: it is written as inert text.
import { inferredToo, type IncidentReport } from './model.js';
import { fmtBytes, fmtSent, fmtTime, pct } from './format.js';
import { mdCode, mdText } from './md-escape.js';

const text = (s: string | number) => typeof s === 'number' ? String(s) : mdText(s);
const cell = text;
const code = mdCode;

export const evidenceAnchor = (n: number) => `ev-${n}`;

export function renderMarkdown(r: IncidentReport, files: { stix?: string } = {}): string {
  const a = r.alert;
  const out: string[] = [];
  const p = (s = '') => out.push(s);
  p(`# Incident report: ${text(a.app)} on ${text(a.device)}`);
  p();
  p(`Alert ${code(a.id)} rev ${text(a.rev)} · **${text(a.severity)}** · score ${text(a.score)}/100 · confidence ${pct(a.confidence)} · ${text(a.analytic)} / ATT&CK ${text(a.technique)} · ${fmtTime(a.first_ts)} → ${fmtTime(a.last_ts)}`);
  p();
  p('## Summary');
  p();
  p(`**${text(r.summary.headline)}**`);
  p();
  for (const para of r.summary.paragraphs) { p(text(para)); p(); }
  p('| facet | strength | why |');
  p('|---|---:|---|');
  for (const f of r.facets) p(`| ${text(f.name)}${f.inferred ? ' (inferred)' : ''} | ${text(f.strength)} | ${cell(f.why)} |`);
  for (const m of r.missing) p(`| ${text(m)} | – | not visible in the telemetry${inferredToo(r, m) ? ' (inferred above)' : ''} |`);
  p();
  p('## Timeline');
  p();
  if (!r.timeline_from_telemetry) p('_Times per step need the telemetry (`--telemetry FILE`); the stages below are what the facets tell._\n');
  const refIndex = new Map(r.evidence.items.map((it, i) => [it.ref, i + 1]));
  if (r.overview.length) {
    p('At a glance:');
    p();
    p('| phase | from (UTC) | to | events | what | first evidence |');
    p('|---|---|---|---:|---|---|');
    for (const o of r.overview) {
      const label = o.first_source ? `${o.first_source.file}:${o.first_source.line}` : o.first_ref;
      p(`| ${text(o.phase)} | ${fmtTime(o.first_ts)} | ${fmtTime(o.last_ts).slice(11)} | ${o.events} | ${cell(o.what)} | [${cell(label)}](#${evidenceAnchor(refIndex.get(o.first_ref) ?? 0)}) |`);
    }
    p();
    p('Step by step (consecutive events of one kind folded):');
    p();
  }
  p('| # | time (UTC) | phase | what | evidence |');
  p('|---:|---|---|---|---|');
  for (const s of r.timeline) {
    const when = s.ts === null ? '–' : s.last_ts !== null && s.last_ts !== s.ts ? `${fmtTime(s.ts)} → ${fmtTime(s.last_ts).slice(11)}` : fmtTime(s.ts);
    const ev = s.refs.map((ref, i) => {
      const src = s.sources[i];
      const label = src ? `${src.file}:${src.line}` : ref;
      return `[${cell(label)}](#${evidenceAnchor(refIndex.get(ref) ?? 0)})`;
    }).join(', ');
    p(`| ${s.n} | ${when} | ${text(s.phase)} | ${cell(s.what)} | ${ev || '–'} |`);
  }
  p();
  p('## Data exposure');
  p();
  const x = r.exposure;
  p('| | |');
  p('|---|---|');
  p(`| data categories | ${x.data_categories.map((c) => `${text(c.category)} (${text(c.sensitivity)})`).join(', ') || 'none seen'} |`);
  p(`| records read | ${x.data_items} |`);
  p(`| bytes encrypted | ${x.encrypted_unknown ? 'unknown (no crypto telemetry)' : `${fmtBytes(x.bytes_encrypted)} (${x.bytes_encrypted})`} |`);
  p(`| bytes staged | ${fmtBytes(x.bytes_staged)}${x.staged_paths.length ? ` in ${x.staged_paths.map((s) => code(s).replace(/\|/g, '\\|')).join(', ')}` : ''} |`);
  p(`| bytes sent | ${x.unsized_sends ? fmtSent(x.bytes_sent, x.unsized_sends) : `${fmtBytes(x.bytes_sent)} (${x.bytes_sent})`} |`);
  p(`| period | ${fmtTime(x.period.first_ts)} → ${fmtTime(x.period.last_ts)} |`);
  p();
  p('| destination | kind | sends (evidence) | bytes (evidence) | expected by inventory |');
  p('|---|---|---:|---:|---|');
  for (const d of x.destinations) p(`| ${cell(d.destination)} | ${text(d.kind)} | ${d.sends ?? '–'} | ${d.bytes_sent === null ? '–' : fmtSent(d.bytes_sent, d.unsized_sends ?? 0)} | ${d.unexpected ? 'no' : '–'} |`);
  p();
  for (const s of x.statements) p(`- ${text(s)}`);
  p();
  p('**What cannot be known**');
  p();
  for (const s of x.unknowns) p(`- ${text(s)}`);
  p();
  p('## Playbook');
  p();
  p('| # | phase | who | action | because |');
  p('|---:|---|---|---|---|');
  for (const s of r.playbook) p(`| ${s.order} | ${text(s.phase)} | ${text(s.role)} | ${cell(s.action)} | ${cell(s.why)} |`);
  p();
  p('## Indicators');
  p();
  const i = r.indicators;
  p(`- package: ${code(i.package)}${i.package_alone ? '' : ' (the genuine app\'s name: shared only together with the signer)'}`);
  p(`- signer (SHA-256): ${i.signer ? code(i.signer) : 'not seen'}`);
  for (const d of i.destinations) p(`- ${text(d.kind)}: ${code(d.value)}${d.ports.length ? ` port ${text(d.ports.join(', '))}` : ''}`);
  for (const k of i.key_fingerprints) p(`- key fingerprint: ${code(k.key_fp)} (${text(k.alg ?? '?')}, origin ${text(k.origin ?? 'unknown')}${k.devices ? `, ${k.devices} device(s)` : ''})`);
  if (i.excluded_destinations.length) p(`- not shared (expected by the inventory): ${i.excluded_destinations.map(code).join(', ')}`);
  p();
  p(`STIX 2.1 bundle: ${files.stix ? code(files.stix) : '`GET /v1/alerts/:id/report?format=stix`'}. Key fingerprints only: no key bytes, no plaintext.`);
  p();
  p('## Evidence');
  p();
  p(`${r.evidence.refs} reference(s), ${r.evidence.resolved} joined to telemetry${r.evidence.truncated ? `, ${r.evidence.truncated} more not kept by the alert` : ''}.`);
  p();
  r.evidence.items.forEach((it, k) => {
    const where = it.source ? `${it.source.file}:${it.source.line}` : 'not joined';
    p(`- <a id="${evidenceAnchor(k + 1)}"></a>${code(it.ref)} · ${cell(where)}${it.event ? ` · ${fmtTime(it.event.ts)} · ${code(it.event.type)}` : ''}`);
  });
  p();
  return out.join('\n');
}
