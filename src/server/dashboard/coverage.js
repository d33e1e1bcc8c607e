// Coverage panel: which telemetry AN1731 needs the server has received, per device; the blind and
// the partly visible facets, which sensor would close each gap, and the fleet findings
// (GET /v1/coverage); the rules exported for other engines with the policy in force
// (GET /v1/export). Text only, like every other view.
import { h, replace, link } from './dom.js';

const FACETS = ['crypto', 'key_reuse', 'staging', 'background', 'network', 'inconsistency'];
const TARGETS = ['sigma', 'eql', 'kql', 'spl'];

export function coverageView(main, ctx) {
  const { api } = ctx;
  let alive = true;
  replace(main, h('h1', null, 'Telemetry coverage'), h('p', { class: 'muted', text: 'Loading…' }));

  const exportPre = h('pre', { class: 'export', id: 'export-text', text: '' });
  const exportSelect = h('select', { id: 'export-to', 'aria-label': 'Export format', onchange: () => loadExport() },
    TARGETS.map((t) => h('option', { value: t, text: t.toUpperCase() })));
  async function loadExport() {
    exportPre.textContent = 'Loading…';
    try {
      const res = await fetch(`/v1/export?to=${encodeURIComponent(exportSelect.value)}`, { headers: api.headers({ Accept: 'text/plain' }), cache: 'no-store', credentials: 'omit' });
      const text = await res.text();
      if (alive) exportPre.textContent = res.ok ? text : `Could not export: ${res.status} ${text.slice(0, 200)}`;
    } catch (e) { if (alive) exportPre.textContent = `Could not export: ${e.message}`; }
  }

  api.get('/v1/coverage').then((r) => {
    if (!alive) return;
    const s = r.summary;
    const components = h('table', { class: 'coverage-components' },
      h('tr', null, h('th', { text: 'Data component' }), h('th', { text: 'Telemetry v1' }), h('th', { class: 'num', text: 'Devices' }), h('th', { text: '' })),
      s.components.map((c) => h('tr', { dataset: { component: c.id } },
        h('td', null, h('code', { text: c.id }), ` ${c.name}`), h('td', { class: 'muted', text: c.telemetry }),
        h('td', { class: 'num', text: `${c.devices} (${c.percent}%)` }),
        h('td', null, h('meter', { min: 0, max: 100, value: c.percent, title: `${c.percent}%` })))));
    const devices = h('table', { class: 'coverage-devices', id: 'coverage-devices' },
      h('tr', null, h('th', { text: 'Device' }), s.components.map((c) => h('th', { text: c.id })), h('th', { class: 'num', text: 'Score' }), h('th', { text: 'Blind facets' }), h('th', { text: 'Partly visible' })),
      r.devices.map((d) => {
        const partly = d.partly_facets || [];
        return h('tr', { class: d.blind_facets.length ? 'blind' : partly.length ? 'partly' : '', dataset: { device: d.device } },
          h('td', null, h('a', { href: link.device(d.device), class: 'ident', text: d.device })),
          s.components.map((c) => h('td', { class: d.components[c.id] ? 'yes' : 'no', text: d.components[c.id] ? 'yes' : '—' })),
          h('td', { class: 'num', text: `${d.score}%` }),
          h('td', { class: 'blind-cell' }, d.blind_facets.length ? d.blind_facets.map((f) => h('span', { class: 'facet-chip', text: f })) : h('span', { class: 'muted', text: 'none' })),
          h('td', { class: 'partly-cell' }, partly.length ? partly.map((f) => h('span', { class: 'facet-chip partly', text: f })) : h('span', { class: 'muted', text: 'none' })));
      }));
    // per facet: where it is blind or only partly visible, and what would close the gap
    const facets = h('table', { class: 'coverage-facets', id: 'coverage-facets' },
      h('tr', null, ['Facet', 'Blind on', 'Partly visible on', 'Closed by'].map((t) => h('th', { text: t }))),
      FACETS.map((f) => {
        const x = s.facets.find((y) => y.facet === f);
        const gap = x && (x.blind_devices > 0 || x.partly_devices > 0);
        return h('tr', { dataset: { facet: f } }, h('td', null, h('code', { text: f })),
          h('td', { class: 'num', text: `${x ? x.blind_devices : 0} device(s) (${x ? x.percent : 0}%)` }),
          h('td', { class: 'num', text: `${x ? x.partly_devices || 0 : 0} device(s) (${x ? x.partly_percent || 0 : 0}%)` }),
          h('td', { class: gap ? 'closed-by' : 'closed-by muted', text: gap ? x.closed_by : '—' }));
      }));
    replace(main,
      h('h1', null, 'Telemetry coverage'),
      h('section', { class: 'card' },
        h('p', null, h('span', { class: 'coverage-score', id: 'coverage-score', text: `${s.coverage_score}%` }),
          ` of the AN1731 facets visible (mean over ${s.devices} device(s); ${s.fully_visible_devices} fully visible; ${s.events} stored event(s))`),
        h('ul', { id: 'coverage-findings' }, s.findings.map((f) => h('li', { text: f }))), facets),
      h('section', { class: 'card' }, h('h2', null, 'Data components'), components),
      h('section', { class: 'card' }, h('h2', null, 'Devices'), devices),
      h('section', { class: 'card' }, h('h2', null, 'Detection as code'),
        h('p', { class: 'muted small', text: 'The AN1731 correlation for other engines, with the thresholds of the policy in force.' }),
        exportSelect, exportPre));
    loadExport();
  }).catch((e) => {
    if (alive) replace(main, h('h1', null, 'Telemetry coverage'), h('p', { class: 'error', text: `Could not load coverage: ${e.message}` }));
  });
  return { destroy: () => { alive = false; } };
}
