// Alert page: header, summary, the chain timeline, every facet with its why and figures, exposure,
// missing telemetry, triage (status with comment, audit history) and the evidence events.
import { h, replace, link } from './dom.js';
import {
  FACETS, FACET_LABEL, FACET_NEEDS, STATUSES, STATUS_LABEL,
  fmtTime, fmtBytes, fmtDuration, fmtFigure, humanKey, fmtAgo,
} from './format.js';
import { statusOf } from './store.js';
import { renderTimeline, describe } from './timeline.js';
import { renderReportButtons } from './report.js';

export function alertView(main, ctx, id) {
  const { api, store } = ctx;
  let detail = null;
  let destroyed = false;
  let refetchTimer = 0;
  let lastWidth = 0;
  const section = h('section', { class: 'alert-view' }, h('p', { class: 'muted', text: 'Loading alert…' }));
  replace(main, section);

  async function load() {
    try {
      const d = await api.getAlert(id);
      if (destroyed) return;
      detail = d;
      store.upsert(d.alert, { quiet: true });
      render();
    } catch (e) {
      if (destroyed) return;
      replace(section,
        h('p', { class: 'crumbs' }, h('a', { href: link.alerts(), text: 'All alerts' })),
        h('p', { class: 'error', text: e.status === 404 ? `No alert ${id}.` : `Could not load alert ${id}: ${e.message}` }));
    }
  }

  function render() {
    const a = detail.alert;
    const status = detail.status || statusOf(a);
    const events = [...(detail.evidence || []), ...(detail.context || [])];
    const evidenceTable = renderEvidence(a, detail.evidence || []);
    const timelineBox = h('div', { class: 'timeline-box', id: 'timeline' });
    const select = (evId) => {
      for (const tr of evidenceTable.querySelectorAll('tr.selected')) tr.classList.remove('selected');
      for (const g of timelineBox.querySelectorAll('g.ev.selected')) g.classList.remove('selected');
      const row = [...evidenceTable.querySelectorAll('tr[data-ev]')].find((tr) => tr.dataset.ev === evId);
      if (row) { row.classList.add('selected'); row.scrollIntoView({ block: 'nearest' }); }
      for (const g of timelineBox.querySelectorAll('g.ev')) if (g.dataset.ev === evId) g.classList.add('selected');
    };
    const drawTimeline = () => {
      lastWidth = timelineBox.clientWidth || section.clientWidth || 900;
      const t = renderTimeline(a, events, { width: lastWidth - 2, onSelect: select });
      replace(timelineBox, t.svg, t.legend);
    };

    replace(section,
      h('p', { class: 'crumbs' },
        h('a', { href: link.alerts(), text: 'All alerts' }), ' › ',
        h('a', { href: link.app(a.app), class: 'ident', text: a.app }), ' › ',
        h('a', { href: link.device(a.device), class: 'ident', text: a.device })),
      h('header', { class: 'alert-head' },
        h('div', { class: 'score-box' },
          h('span', { class: ['badge', 'big', `sev-${a.severity}`], id: 'alert-severity', text: a.severity }),
          h('span', { class: 'score', id: 'alert-score', text: String(a.score) }),
          h('span', { class: 'muted small', text: 'score' })),
        h('div', { class: 'head-main' },
          h('h1', null, h('a', { href: link.app(a.app), class: 'ident', id: 'alert-app', text: a.app, title: 'All alerts of this app' }),
            h('span', { class: 'muted', text: ' on ' }),
            h('a', { href: link.device(a.device), class: 'ident', id: 'alert-device', text: a.device, title: 'All alerts on this device' })),
          h('p', { class: 'summary', id: 'alert-summary', text: a.summary || '' }),
          h('dl', { class: 'inline' },
            h('dt', null, 'Status'), h('dd', null, h('span', { class: ['status', `status-${status}`], id: 'alert-status', text: STATUS_LABEL[status] || status })),
            h('dt', null, 'Chain'), h('dd', null, `${fmtTime(a.first_ts)} → ${fmtTime(a.last_ts)} (${fmtDuration(a.last_ts - a.first_ts)})`),
            h('dt', null, 'Confidence'), h('dd', { title: 'visible facets / 6' }, `${Math.round((a.confidence ?? 0) * 100)} %`),
            h('dt', null, 'Version'), h('dd', null, `rev ${a.rev}${a.final === false ? ' (chain still open: may grow)' : a.final ? ' (final)' : ''}`),
            h('dt', null, 'Id'), h('dd', null, h('code', { text: a.id }))),
          renderReportButtons(api, a))),
      h('section', { class: 'card' }, h('h2', null, 'Timeline'),
        (detail.evidence || []).length === 0 ? h('p', { class: 'muted', text: 'No evidence event is stored for this alert.' }) : null,
        timelineBox),
      h('div', { class: 'two-col' },
        renderPlaybook(detail.playbook || []),
        renderOtherOpen(a, detail.other_open || [])),
      h('div', { class: 'two-col' },
        h('section', { class: 'card', id: 'facets' }, h('h2', null, 'Facets'), FACETS.map((f) => renderFacet(f, a))),
        h('div', null,
          h('section', { class: 'card', id: 'exposure' }, h('h2', null, 'Exposure'), renderExposure(a.exposure || {})),
          h('section', { class: 'card', id: 'missing' }, h('h2', null, 'Missing telemetry'), renderMissing(a)),
          h('section', { class: 'card', id: 'triage' }, h('h2', null, 'Triage'), renderTriage(a, status)))),
      h('section', { class: 'card', id: 'evidence' }, h('h2', null, 'Evidence events'), evidenceTable),
      renderVersions(detail.versions || []));
    drawTimeline();
  }

  // the incident report's playbook, in order: what to do now, and who does it
  function renderPlaybook(steps) {
    return h('section', { class: 'card', id: 'playbook' }, h('h2', null, 'Recommended actions'),
      steps.length === 0 ? h('p', { class: 'muted', text: 'No playbook step for this alert.' })
        : h('ol', { class: 'playbook' }, steps.map((s) => h('li', { dataset: { phase: s.phase } },
          h('span', { class: ['phase', `phase-${s.phase}`], text: s.phase }), ' ',
          h('strong', { text: s.action }),
          h('div', { class: 'small muted' }, h('span', { text: s.role }), ' · ', s.why)))));
  }

  function renderOtherOpen(a, others) {
    return h('section', { class: 'card', id: 'other-open' }, h('h2', null, `Other open alerts of ${a.app}`),
      others.length === 0 ? h('p', { class: 'muted', text: 'None: this is the only open alert of this app.' })
        : h('ul', { class: 'other-open' }, others.map((o) => h('li', null,
          h('span', { class: ['badge', `sev-${o.severity}`], text: o.severity }), ' ',
          h('a', { href: link.alert(o.id), class: 'ident', text: o.device }),
          h('span', { class: 'muted small', text: ` · ${fmtTime(o.first_ts)} · score ${o.score} · ${STATUS_LABEL[o.status] || o.status}` })))));
  }

  function renderTriage(a, status) {
    const comment = h('textarea', { id: 'triage-comment', rows: 3, maxLength: 2000, placeholder: 'Comment (kept in the audit trail)', 'aria-label': 'Comment' });
    const msg = h('p', { class: 'triage-msg', role: 'status', 'aria-live': 'polite' });
    const buttons = STATUSES.map((st) => h('button', {
      type: 'button', class: ['status-btn', `status-${st}`], dataset: { status: st }, disabled: st === status,
      text: st === 'open' ? 'Reopen' : STATUS_LABEL[st],
      onclick: async () => {
        for (const b of buttons) b.disabled = true;
        msg.className = 'triage-msg';
        msg.textContent = 'Saving…';
        try {
          const r = await api.setStatus(a.id, st, comment.value.trim() || undefined);
          store.setStatus({ ...r, comment: comment.value.trim() });
          await load();
        } catch (e) {
          msg.className = 'triage-msg error';
          msg.textContent = e.status === 403 ? 'This token cannot change statuses: it needs the admin scope.' : `Not saved: ${e.message}`;
          buttons.forEach((b) => { b.disabled = b.dataset.status === status; });
        }
      },
    }));
    const hist = detail.history || [];
    return [
      h('div', { class: 'status-buttons' }, buttons),
      comment,
      msg,
      h('h3', null, 'History'),
      hist.length === 0 ? h('p', { class: 'muted', id: 'history-empty', text: 'No status change yet: open since it was raised.' })
        : h('ol', { class: 'history', id: 'history' }, hist.slice().reverse().map((c) => h('li', null,
          h('span', { class: ['status', `status-${c.status}`], text: STATUS_LABEL[c.status] || c.status }),
          c.previous ? h('span', { class: 'muted', text: ` from ${STATUS_LABEL[c.previous] || c.previous}` }) : null,
          ' by ', h('strong', { text: c.by || c.token_id || 'unknown' }),
          h('span', { class: 'muted', text: ` · ${fmtTime(c.at)} (${fmtAgo(c.at)})` }),
          c.comment ? h('blockquote', { text: c.comment }) : null))),
    ];
  }

  // live: reload when this alert gets a new version or a status change elsewhere
  const unsub = store.subscribe((ev) => {
    const changed = (ev.type === 'alert' && ev.alert.id === id && (!detail || ev.alert.rev > detail.alert.rev))
      || (ev.type === 'status' && ev.change.id === id && detail && ev.change.status !== (detail.status || statusOf(detail.alert)));
    if (changed && !refetchTimer) refetchTimer = setTimeout(() => { refetchTimer = 0; load(); }, 300);
  });
  const onResize = () => {
    if (!detail) return;
    const box = document.getElementById('timeline');
    if (box && Math.abs(box.clientWidth - lastWidth) > 40) render();
  };
  window.addEventListener('resize', onResize);
  load();
  return {
    destroy() { destroyed = true; unsub(); clearTimeout(refetchTimer); window.removeEventListener('resize', onResize); },
  };
}

function renderFacet(name, a) {
  const seen = a.facets && a.facets[name];
  // not visible, but implied by the payloads (blind sensor): shown as inferred, still under gaps
  const inferred = !seen && a.inferred && a.inferred[name];
  const f = seen || inferred;
  const missing = (a.missing || []).includes(name);
  if (!f) {
    return h('article', { class: ['facet', missing ? 'missing' : 'absent'], dataset: { facet: name } },
      h('h3', null, FACET_LABEL[name] || name, h('code', { class: 'facet-name', text: name })),
      h('p', { class: 'why muted', text: missing ? `Not visible: the telemetry cannot show it (${FACET_NEEDS[name]}).` : 'Not seen in this chain.' }));
  }
  const strength = Math.max(0, Math.min(1, Number(f.strength) || 0));
  const bar = h('span', { class: 'bar-fill' });
  bar.style.width = `${Math.round(strength * 100)}%`; // CSSOM, allowed by the CSP (no style attribute)
  const figures = Object.entries(f).filter(([k]) => k !== 'strength' && k !== 'why' && k !== 'inferred');
  return h('article', { class: ['facet', inferred ? 'inferred' : strength > 0 ? 'seen' : 'zero'], dataset: { facet: name } },
    h('h3', null, FACET_LABEL[name] || name, h('code', { class: 'facet-name', text: name }),
      inferred ? h('span', { class: 'pill inferred', title: 'the telemetry could not show it; the payloads imply it', text: 'inferred' }) : null),
    h('div', { class: 'strength', title: `strength ${strength}` },
      h('span', { class: 'bar' }, bar), h('span', { class: 'small', text: `strength ${strength.toFixed(2)}` })),
    h('p', { class: 'why', text: f.why || '' }),
    figures.length ? h('details', { class: 'figures' }, h('summary', null, `Figures (${figures.length})`),
      h('dl', null, figures.flatMap(([k, v]) => [h('dt', { text: humanKey(k) }), h('dd', { text: fmtFigure(k, v) })]))) : null);
}

function renderExposure(x) {
  const row = (label, value) => [h('dt', { text: label }), h('dd', null, value)];
  const list = (xs, cls) => (Array.isArray(xs) && xs.length
    ? h('ul', { class: ['plain', cls] }, xs.map((v) => h('li', null, h('code', { text: String(v) })))) : h('span', { class: 'muted', text: 'none' }));
  return h('dl', { class: 'grid' },
    row('Data categories', Array.isArray(x.data_categories) && x.data_categories.length
      ? x.data_categories.map((c) => h('span', { class: 'pill', text: c })) : h('span', { class: 'muted', text: 'none seen' })),
    row('Data items', String(x.data_items ?? 0)),
    row('Bytes encrypted', `${fmtBytes(x.bytes_encrypted ?? 0)}`),
    row('Bytes staged', `${fmtBytes(x.bytes_staged ?? 0)}`),
    row('Bytes sent', `${fmtBytes(x.bytes_sent ?? 0)}`),
    row('Destinations', list(x.destinations, 'destinations')),
    row('Staged paths', list(x.staged_paths, 'paths')));
}

function renderMissing(a) {
  const m = a.missing || [];
  if (!m.length) return h('p', { class: 'muted', text: 'None: the telemetry could show every facet (confidence 100 %).' });
  return [
    h('p', null, `${m.length} facet(s) could not be observed, so the score may be ${m.includes('crypto') || m.includes('network') ? 'capped below high' : 'understated'}:`),
    h('ul', { class: 'gaps' }, m.map((f) => h('li', { dataset: { facet: f } },
      h('strong', { text: FACET_LABEL[f] || f }), h('code', { class: 'facet-name', text: f }), h('br'),
      h('span', { class: 'muted', text: `needs ${FACET_NEEDS[f] || 'more telemetry'}` })))),
  ];
}

function renderEvidence(a, evidence) {
  const refs = a.evidence || [];
  const t0 = a.first_ts;
  const table = h('table', { class: 'evidence' },
    h('thead', null, h('tr', null, ['Time (UTC)', '+ from start', 'Type', 'What', 'Event id'].map((c) => h('th', { scope: 'col', text: c })))),
    h('tbody', null, evidence.slice().sort((x, y) => x.ts - y.ts).map((e) => h('tr', { dataset: { ev: e.id, type: e.type } },
      h('td', { class: 'time', text: fmtTime(e.ts) }),
      h('td', { class: 'num', text: fmtDuration(e.ts - t0) }),
      h('td', null, h('code', { text: e.type })),
      h('td', { class: 'what', text: describe(e) }),
      h('td', null, h('code', { class: 'small', text: e.id }))))));
  const note = evidence.length < refs.length || a.evidence_truncated
    ? h('p', { class: 'muted small', text: `${evidence.length} of ${refs.length} referenced event(s) stored${a.evidence_truncated ? `; ${a.evidence_truncated} more not referenced (evidence truncated)` : ''}.` })
    : null;
  return h('div', { class: 'scroll' }, note, table);
}

function renderVersions(versions) {
  if (versions.length < 2) return null;
  return h('section', { class: 'card', id: 'versions' }, h('h2', null, 'Versions'),
    h('ol', { class: 'versions' }, versions.map((v) => h('li', null,
      `rev ${v.rev}: `, h('span', { class: ['badge', `sev-${v.severity}`], text: v.severity }), ` ${v.score}${v.final ? ' (final)' : ''}`,
      h('span', { class: 'muted', text: ` · ${fmtTime(v.at)}` })))));
}
