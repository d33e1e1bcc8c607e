// Alert list: all alerts, or those of one device or one app. Filters by severity and status,
// free-text search over app, device and summary, sort by score or time; live rows from the stream.
import { h, replace, link } from './dom.js';
import { SEVERITIES, STATUSES, STATUS_LABEL, fmtTime, fmtAgo, sevRank } from './format.js';
import { statusOf } from './store.js';

// kept across views for the session, like a mail client's filter bar
const filter = {
  severities: new Set(SEVERITIES),
  status: 'all',
  q: '',
  sort: 'time', // 'time' | 'score'
  desc: true,
};

export function listView(main, ctx, scope) {
  const { api, store } = ctx;
  let loaded = false;
  let truncated = false;
  let error = null;

  const matchesScope = (a) =>
    scope.kind === 'all' || (scope.kind === 'device' && a.device === scope.value) || (scope.kind === 'app' && a.app === scope.value);

  const title = scope.kind === 'all'
    ? h('h1', null, 'Alerts')
    : h('h1', null, scope.kind === 'device' ? 'Device ' : 'App ', h('code', { class: 'ident', text: scope.value }));

  const searchInput = h('input', {
    type: 'search', id: 'search', placeholder: 'Search app, device, summary…', value: filter.q,
    'aria-label': 'Search app, device or summary', autocomplete: 'off',
    oninput: () => { filter.q = searchInput.value; render(); },
  });
  const statusSelect = h('select', {
    id: 'status-filter', 'aria-label': 'Status',
    onchange: () => { filter.status = statusSelect.value; render(); },
  },
  h('option', { value: 'all', text: 'Any status' }),
  h('option', { value: 'active', text: 'Open or acknowledged' }),
  STATUSES.map((s) => h('option', { value: s, text: STATUS_LABEL[s] })));
  statusSelect.value = filter.status;

  const sevBoxes = SEVERITIES.slice().reverse().map((sev) => {
    const box = h('input', {
      type: 'checkbox', name: 'severity', value: sev, checked: filter.severities.has(sev),
      onchange: () => { box.checked ? filter.severities.add(sev) : filter.severities.delete(sev); render(); },
    });
    const count = h('span', { class: 'count', text: '0' });
    const label = h('label', { class: ['chip', `sev-${sev}`], dataset: { severity: sev } }, box, ` ${sev} `, count);
    return { sev, box, count, label };
  });

  const sortBtn = (key, text) => h('button', {
    type: 'button', class: 'sort', dataset: { sort: key },
    onclick: () => {
      if (filter.sort === key) filter.desc = !filter.desc;
      else { filter.sort = key; filter.desc = true; }
      render();
    },
  }, text, h('span', { class: 'arrow' }));
  const scoreTh = h('th', { scope: 'col', class: 'num' }, sortBtn('score', 'Score'));
  const timeTh = h('th', { scope: 'col' }, sortBtn('time', 'Last seen'));

  const tbody = h('tbody', { id: 'alert-rows' });
  const table = h('table', { class: 'alerts', id: 'alerts' },
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Severity'), scoreTh, timeTh,
      scope.kind === 'app' ? null : h('th', { scope: 'col' }, 'App'),
      scope.kind === 'device' ? null : h('th', { scope: 'col' }, 'Device'),
      h('th', { scope: 'col' }, 'Summary'), h('th', { scope: 'col' }, 'Status'))),
    tbody);
  const countLine = h('p', { class: 'muted', id: 'count', 'aria-live': 'polite' });
  const scopeFacts = h('div', { class: 'scope-facts' });

  replace(main,
    h('section', { class: 'list-view' },
      scope.kind === 'all' ? null : h('p', { class: 'crumbs' }, h('a', { href: link.alerts(), text: 'All alerts' }), ' › ', scope.kind),
      title,
      scopeFacts,
      h('div', { class: 'filters', role: 'search' },
        h('fieldset', { class: 'sev-filter' }, h('legend', { class: 'sr-only', text: 'Severity' }), sevBoxes.map((b) => b.label)),
        statusSelect, searchInput),
      countLine,
      table));

  function visible() {
    const q = filter.q.trim().toLowerCase();
    const rows = [];
    for (const a of store.alerts.values()) {
      if (!matchesScope(a)) continue;
      if (!filter.severities.has(a.severity)) continue;
      const st = statusOf(a);
      if (filter.status === 'active' ? !(st === 'open' || st === 'acknowledged') : filter.status !== 'all' && st !== filter.status) continue;
      if (q && !`${a.app}\n${a.device}\n${a.summary}\n${a.id}`.toLowerCase().includes(q)) continue;
      rows.push(a);
    }
    const dir = filter.desc ? -1 : 1;
    rows.sort((x, y) => {
      const d = filter.sort === 'score'
        ? (x.score - y.score) || (sevRank(x.severity) - sevRank(y.severity)) || (x.last_ts - y.last_ts)
        : (x.last_ts - y.last_ts) || (x.score - y.score);
      return dir * d || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
    });
    return rows;
  }

  function row(a) {
    const st = statusOf(a);
    const open = () => { location.hash = link.alert(a.id); };
    const tr = h('tr', {
      class: ['alert-row', `sev-${a.severity}`, store.isFresh(a.id) && 'fresh', `status-${st}`],
      dataset: { id: a.id, severity: a.severity, score: String(a.score) },
      onclick: (e) => { if (!(e.target instanceof Element && e.target.closest('a'))) open(); },
    },
    h('td', null, h('span', { class: ['badge', `sev-${a.severity}`], text: a.severity })),
    h('td', { class: 'num score', text: String(a.score) }),
    h('td', { class: 'time', title: fmtTime(a.last_ts) }, fmtTime(a.last_ts), h('br'), h('span', { class: 'muted small', text: fmtAgo(a.last_ts) })),
    scope.kind === 'app' ? null : h('td', { class: 'app' }, h('a', { href: link.app(a.app), class: 'ident', text: a.app, title: `All alerts of ${a.app}` })),
    scope.kind === 'device' ? null : h('td', { class: 'device' }, h('a', { href: link.device(a.device), class: 'ident', text: a.device, title: `All alerts on ${a.device}` })),
    h('td', { class: 'summary' }, h('a', { href: link.alert(a.id), class: 'open-alert', text: a.summary || a.id })),
    h('td', null, h('span', { class: ['status', `status-${st}`], text: STATUS_LABEL[st] || st })));
    return tr;
  }

  function renderScopeFacts() {
    if (scope.kind === 'all') return replace(scopeFacts);
    const mine = [...store.alerts.values()].filter(matchesScope);
    const other = new Set(mine.map((a) => (scope.kind === 'device' ? a.app : a.device)));
    const worst = mine.reduce((m, a) => (sevRank(a.severity) > sevRank(m) ? a.severity : m), 'low');
    const facts = [
      h('div', null, h('span', { class: 'label', text: 'Alerts' }), h('strong', { text: String(mine.length) })),
      h('div', null, h('span', { class: 'label', text: scope.kind === 'device' ? 'Apps' : 'Devices' }), h('strong', { text: String(other.size) })),
      mine.length ? h('div', null, h('span', { class: 'label', text: 'Worst' }), h('span', { class: ['badge', `sev-${worst}`], text: worst })) : null,
    ];
    const links = [...other].sort().slice(0, 50).map((v) =>
      h('a', { class: 'ident pill', href: scope.kind === 'device' ? link.app(v) : link.device(v), text: v }));
    replace(scopeFacts, h('div', { class: 'facts' }, facts),
      links.length ? h('p', { class: 'related' }, h('span', { class: 'label', text: scope.kind === 'device' ? 'Apps on this device: ' : 'Devices with this app: ' }), links) : null);
  }

  function render() {
    for (const th of [scoreTh, timeTh]) {
      const key = th.querySelector('button').dataset.sort;
      th.setAttribute('aria-sort', filter.sort === key ? (filter.desc ? 'descending' : 'ascending') : 'none');
      th.querySelector('.arrow').textContent = filter.sort === key ? (filter.desc ? ' ▼' : ' ▲') : '';
    }
    const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
    let total = 0;
    for (const a of store.alerts.values()) if (matchesScope(a)) { counts[a.severity] = (counts[a.severity] || 0) + 1; total++; }
    for (const b of sevBoxes) b.count.textContent = String(counts[b.sev]);
    const rows = visible();
    if (rows.length) replace(tbody, rows.map(row));
    else {
      const msg = error ? `Could not load alerts: ${error}`
        : !loaded ? 'Loading alerts…'
          : total ? 'No alert matches the filters.'
            : 'No alerts yet. New alerts appear here live as telemetry arrives.';
      replace(tbody, h('tr', { class: 'empty' }, h('td', { colspan: '7', class: error ? 'error' : 'muted', text: msg })));
    }
    countLine.textContent = loaded ? `${rows.length} of ${total} alert(s)${truncated ? ' (only the first ones were loaded)' : ''}` : '';
    renderScopeFacts();
  }

  let raf = 0;
  const schedule = () => { if (!raf) raf = requestAnimationFrame(() => { raf = 0; render(); }); };

  render();
  const filters = scope.kind === 'device' ? { device: scope.value } : scope.kind === 'app' ? { app: scope.value } : {};
  api.listAlerts(filters).then((r) => {
    loaded = true;
    truncated = r.truncated;
    for (const a of r.alerts) store.upsert(a, { quiet: true });
    render();
  }, (e) => { error = e.message; render(); });

  // re-render on live updates; fresh highlighting fades after a while
  const unsub = store.subscribe(schedule);
  const timer = setInterval(schedule, 15_000);
  return {
    destroy() { unsub(); clearInterval(timer); if (raf) cancelAnimationFrame(raf); },
    focus: () => searchInput,
  };
}
