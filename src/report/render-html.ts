// The report as ONE self-contained HTML file: inline stylesheet (screen and print), no script, no
// external fetch. Everything from the alert or the telemetry goes through esc().
import { inferredToo, type IncidentReport } from './model.js';
import { fmtBytes, fmtSent, fmtTime, pct } from './format.js';
import { REPORT_CSS } from './report-css.js';
import { evidenceAnchor } from './render-md.js';

export const esc = (s: unknown): string => String(s)
  .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const tag = (name: string, attrs: Record<string, string> | null, ...children: string[]) =>
  `<${name}${attrs ? Object.entries(attrs).map(([k, v]) => ` ${k}="${esc(v)}"`).join('') : ''}>${children.join('')}</${name}>`;

const when = (ts: number | null, last: number | null) =>
  ts === null ? '–' : last !== null && last !== ts ? `${esc(fmtTime(ts))} → ${esc(fmtTime(last).slice(11))}` : esc(fmtTime(ts));

export function renderHtml(r: IncidentReport, files: { stix?: string } = {}): string {
  const a = r.alert;
  const x = r.exposure;
  const refIndex = new Map(r.evidence.items.map((it, i) => [it.ref, i + 1]));
  const rows = (cells: string[][], head: string[], numeric: number[] = []) => tag('table', null,
    tag('thead', null, tag('tr', null, ...head.map((h, i) => tag('th', numeric.includes(i) ? { class: 'num' } : null, esc(h))))),
    tag('tbody', null, ...cells.map((c) => tag('tr', null, ...c.map((v, i) => tag('td', numeric.includes(i) ? { class: 'num' } : null, v))))));

  const summary = tag('section', { id: 'summary' }, tag('h2', null, 'Summary'),
    tag('p', { class: 'headline' }, esc(r.summary.headline)),
    ...r.summary.paragraphs.map((t) => tag('p', null, esc(t))),
    rows([...r.facets.map((f) => [esc(f.name) + (f.inferred ? ' <em>(inferred)</em>' : ''), esc(f.strength), esc(f.why)]), ...r.missing.map((m) => [esc(m), '–', `not visible in the telemetry${inferredToo(r, m) ? ' (inferred above)' : ''}`])],
      ['facet', 'strength', 'why'], [1]));

  const timeline = tag('section', { id: 'timeline' }, tag('h2', null, 'Timeline'),
    r.timeline_from_telemetry ? '' : tag('p', { class: 'muted' }, 'Times per step need the telemetry (--telemetry FILE); the stages below are what the facets tell.'),
    r.overview.length ? tag('h3', null, 'At a glance') + rows(r.overview.map((o) => [
      tag('span', { class: 'phase' }, esc(o.phase)), tag('span', { class: 'when' }, when(o.first_ts, o.last_ts)), esc(o.events), esc(o.what),
      tag('a', { href: `#${evidenceAnchor(refIndex.get(o.first_ref) ?? 0)}`, class: 'mono' }, esc(o.first_source ? `${o.first_source.file}:${o.first_source.line}` : o.first_ref)),
    ]), ['phase', 'from → to (UTC)', 'events', 'what', 'first evidence'], [2]) + tag('h3', null, 'Step by step') : '',
    rows(r.timeline.map((s) => [
      esc(s.n), tag('span', { class: 'when' }, when(s.ts, s.last_ts)), tag('span', { class: 'phase' }, esc(s.phase)), esc(s.what),
      s.refs.map((ref, i) => {
        const src = s.sources[i];
        return tag('a', { href: `#${evidenceAnchor(refIndex.get(ref) ?? 0)}`, class: 'mono' }, esc(src ? `${src.file}:${src.line}` : ref));
      }).join(', ') || '–',
    ]), ['#', 'time (UTC)', 'phase', 'what', 'evidence'], [0]));

  const exposure = tag('section', { id: 'exposure' }, tag('h2', null, 'Data exposure'),
    rows([
      ['data categories', esc(x.data_categories.map((c) => `${c.category} (${c.sensitivity})`).join(', ') || 'none seen')],
      ['records read', esc(x.data_items)],
      ['bytes encrypted', esc(x.encrypted_unknown ? 'unknown (no crypto telemetry)' : `${fmtBytes(x.bytes_encrypted)} (${x.bytes_encrypted})`)],
      ['bytes staged', esc(fmtBytes(x.bytes_staged)) + (x.staged_paths.length ? ' in ' + x.staged_paths.map((s) => tag('code', null, esc(s))).join(', ') : '')],
      ['bytes sent', esc(x.unsized_sends ? fmtSent(x.bytes_sent, x.unsized_sends) : `${fmtBytes(x.bytes_sent)} (${x.bytes_sent})`)],
      ['period', esc(`${fmtTime(x.period.first_ts)} → ${fmtTime(x.period.last_ts)}`)],
    ], ['', '']),
    rows(x.destinations.map((d) => [tag('code', null, esc(d.destination)), esc(d.kind), esc(d.sends ?? '–'), esc(d.bytes_sent === null ? '–' : fmtSent(d.bytes_sent, d.unsized_sends ?? 0)), d.unexpected ? 'no' : '–']),
      ['destination', 'kind', 'sends (evidence)', 'bytes (evidence)', 'expected by inventory'], [2, 3]),
    tag('ul', null, ...x.statements.map((s) => tag('li', null, esc(s)))),
    tag('h3', null, 'What cannot be known'),
    tag('ul', { id: 'unknowns' }, ...x.unknowns.map((s) => tag('li', null, esc(s)))));

  const playbook = tag('section', { id: 'playbook' }, tag('h2', null, 'Playbook'),
    tag('p', { class: 'muted' }, 'In order; each step names who does it and the figure of this alert that calls for it.'),
    tag('table', null,
      tag('thead', null, tag('tr', null, ...['#', 'phase', 'who', 'action', 'because'].map((h) => tag('th', null, h)))),
      tag('tbody', null, ...r.playbook.map((s) => tag('tr', { class: `phase-${s.phase}` },
        tag('td', { class: 'num' }, esc(s.order)), tag('td', null, tag('span', { class: 'phase' }, esc(s.phase))),
        tag('td', { class: 'role' }, esc(s.role)), tag('td', null, esc(s.action)), tag('td', { class: 'muted' }, esc(s.why)))))));

  const i = r.indicators;
  const indicators = tag('section', { id: 'indicators' }, tag('h2', null, 'Indicators'),
    rows([
      ['package', tag('code', null, esc(i.package)) + (i.package_alone ? '' : esc(' (the genuine app\'s name: shared only together with the signer)'))],
      ['signer (SHA-256)', i.signer ? tag('code', null, esc(i.signer)) : 'not seen'],
      ...i.destinations.map((d) => [esc(d.kind), tag('code', null, esc(d.value)) + esc(d.ports.length ? ` port ${d.ports.join(', ')}` : '')]),
      ...i.key_fingerprints.map((k) => ['key fingerprint', tag('code', null, esc(k.key_fp)) + esc(` (${k.alg ?? '?'}, origin ${k.origin ?? 'unknown'}${k.devices ? `, ${k.devices} device(s)` : ''})`)]),
      ...(i.excluded_destinations.length ? [['not shared (expected by the inventory)', i.excluded_destinations.map((d) => tag('code', null, esc(d))).join(', ')]] : []),
    ], ['indicator', 'value']),
    tag('p', { class: 'muted' }, esc(`STIX 2.1 bundle: ${files.stix ?? 'GET /v1/alerts/:id/report?format=stix'}. Key fingerprints only: no key bytes, no plaintext.`)));

  const evidence = tag('section', { id: 'evidence' }, tag('h2', null, 'Evidence'),
    tag('p', null, esc(`${r.evidence.refs} reference(s), ${r.evidence.resolved} joined to telemetry${r.evidence.truncated ? `, ${r.evidence.truncated} more not kept by the alert` : ''}.`)),
    tag('ol', { class: 'evidence' }, ...r.evidence.items.map((it, k) => tag('li', { id: evidenceAnchor(k + 1) },
      tag('code', null, esc(it.ref)), ' · ', esc(it.source ? `${it.source.file}:${it.source.line}` : 'not joined'),
      it.event ? ` · ${esc(fmtTime(it.event.ts))}` + tag('pre', null, esc(JSON.stringify(it.event))) : ''))));

  return '<!doctype html>\n' + tag('html', { lang: 'en' },
    tag('head', null, '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
      tag('title', null, esc(`Incident report: ${a.app} on ${a.device} (${a.id})`)), tag('style', null, REPORT_CSS)),
    tag('body', null, tag('main', null,
      tag('header', null,
        tag('h1', null, 'Incident report: ', tag('code', null, esc(a.app)), ' on ', tag('code', null, esc(a.device))),
        tag('div', { class: 'meta' },
          tag('span', { class: `badge sev-${esc(a.severity)}`, id: 'severity' }, esc(a.severity)),
          tag('span', null, esc(`score ${a.score}/100`)), tag('span', null, esc(`confidence ${pct(a.confidence)}`)),
          tag('span', null, esc(`${a.analytic} · ATT&CK ${a.technique}`)),
          tag('span', null, esc(`${fmtTime(a.first_ts)} → ${fmtTime(a.last_ts)}`)),
          tag('span', null, 'alert ', tag('code', null, esc(a.id)), esc(` rev ${a.rev}`)))),
      summary, timeline, exposure, playbook, indicators, evidence,
      tag('footer', null, esc(`ciphertrail incident report v${r.report_version} for alert ${a.id} rev ${a.rev}. Figures come from the alert and its evidence only.`))))) + '\n';
}
