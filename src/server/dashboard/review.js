// "Apps to review": the server's rolling baseline against the policy in force
// (GET /v1/inventory/diff), with the proposed entry of each app and, for admins, Accept
// (POST /v1/inventory/accept), which writes the entry into the policy and is audited. Beside
// Accept: the app's open alerts; a proposed destination that an open alert names is flagged, Accept
// leaves it out, and a second button includes it knowingly.
import { h, replace, link } from './dom.js';
import { fmtTime } from './format.js';

export function reviewView(main, ctx) {
  const { api } = ctx;
  const status = h('p', { class: 'muted', id: 'review-status', 'aria-live': 'polite', text: 'Loading…' });
  const body = h('div', { id: 'review' });
  replace(main, h('section', { class: 'review-view' }, h('h1', null, 'Apps to review'), status, body));
  let alive = true;

  async function load() {
    let diff, proposal, open;
    try {
      [diff, proposal, open] = await Promise.all([api.get('/v1/inventory/diff'), api.get('/v1/inventory/proposal'),
        api.listAlerts({ status: 'open,acknowledged' })]);
    } catch (e) {
      if (alive) status.textContent = `Could not load the review: ${e.message}`;
      return;
    }
    if (!alive) return;
    const byPkg = new Map(proposal.entries.map((e) => [e.entry.package, e]));
    const openOf = new Map();
    for (const a of open.alerts) openOf.set(a.app, [...(openOf.get(a.app) || []), a]);
    /** proposed expected_domains that an open alert of the app sent to: [{ domain, alert }] */
    const conflicts = (pkg) => {
      const p = byPkg.get(pkg);
      const out = [];
      for (const d of (p && p.entry.expected_domains) || []) {
        for (const a of openOf.get(pkg) || []) {
          const hit = ((a.exposure && a.exposure.destinations) || []).find((dest) => domainCovers(d, hostOf(dest)));
          if (hit) { out.push({ domain: d, alert: a, dest: hit }); break; }
        }
      }
      return out;
    };
    const openAlerts = (pkg) => {
      const xs = openOf.get(pkg) || [];
      if (xs.length === 0) return h('p', { class: 'small muted', text: 'No open alert.' });
      return h('div', { class: 'open-alerts' }, h('p', { class: 'small', text: `${xs.length} open alert(s):` }),
        h('ul', { class: 'small' }, xs.slice(0, 5).map((a) => h('li', null,
          h('span', { class: ['badge', `sev-${a.severity}`], text: a.severity }), ' ',
          h('a', { href: link.alert(a.id), class: 'ident', text: a.device })))));
    };
    const b = diff.baseline;
    status.textContent = `Rolling baseline: ${b.apps} app(s), ${b.events} event(s) over ${b.days} day(s)`
      + (b.first_ts !== null ? `, ${fmtTime(b.first_ts)} – ${fmtTime(b.last_ts)}` : '') + '.';

    const proposed = (pkg) => {
      const p = byPkg.get(pkg);
      if (!p) return null;
      const e = p.entry;
      const bad = conflicts(pkg);
      return h('details', { class: 'proposal', open: bad.length > 0 }, h('summary', null, 'Proposed entry'),
        bad.length ? h('p', { class: 'small error conflict', role: 'note' },
          `${bad.map((b) => b.domain).join(', ')}: named by open alert(s) (${bad.map((b) => `${b.alert.severity} ${b.dest}`).join('; ')}). Accept leaves it out; include it only once the alert is closed as benign.`) : null,
        h('pre', { class: 'small', text: JSON.stringify(e, null, 2) }),
        h('ul', { class: 'small muted' }, p.comments.map((c) => h('li', { text: c }))));
    };
    /** Accept: without the alerted destinations (the API's default), or with them, knowingly */
    const acceptBtn = (pkg, msg, includeAlerted) => h('button', {
      type: 'button', class: includeAlerted ? 'accept-all danger' : 'accept', dataset: { package: pkg },
      onclick: async (ev) => {
        const btn = ev.currentTarget;
        btn.disabled = true;
        try {
          const r = await api.post('/v1/inventory/accept', { package: pkg, include_alerted: includeAlerted });
          const left = (r.withheld || []).map((w) => w.domain);
          msg.textContent = `Accepted into the policy by ${r.by} (audit #${r.audit})`
            + (left.length ? `, without ${left.join(', ')} (named by open alerts)` : '') + '. Approval stays a separate decision.';
          msg.className = 'small accept-msg ok';
          setTimeout(() => { if (alive) load(); }, 800);
        } catch (e) {
          msg.textContent = e.status === 403 ? 'Accepting needs an admin token.' : `Not accepted: ${e.message}`;
          msg.className = 'small accept-msg error';
          btn.disabled = false;
        }
      },
    }, includeAlerted ? 'Accept, including alerted destinations' : conflicts(pkg).length ? 'Accept without alerted destinations' : 'Accept proposed entry');
    const acceptCell = (pkg, msg) => [acceptBtn(pkg, msg, false), conflicts(pkg).length ? acceptBtn(pkg, msg, true) : null];

    const unlisted = h('table', { class: 'alerts', id: 'unlisted' },
      h('thead', null, h('tr', null, ['Risk', 'App', 'Devices', 'Why', ''].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', null, diff.unlisted.map((u) => {
        const msg = h('p', { class: 'small accept-msg', 'aria-live': 'polite' });
        return h('tr', { dataset: { package: u.package } },
          h('td', { class: 'num', text: String(u.risk) }),
          h('td', null, h('a', { href: link.app(u.package) }, h('code', { class: 'ident', text: u.package }))),
          h('td', { class: 'num', text: String(u.devices) }),
          h('td', null, h('ul', { class: 'small' }, u.reasons.map((r) => h('li', { text: r }))), proposed(u.package)),
          h('td', null, openAlerts(u.package), ...acceptCell(u.package, msg), msg));
      })));
    const deviating = h('table', { class: 'alerts', id: 'deviating' },
      h('thead', null, h('tr', null, ['App', 'Devices', 'Outside its declared expectations', ''].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', null, diff.deviating.map((d) => {
        const msg = h('p', { class: 'small accept-msg', 'aria-live': 'polite' });
        return h('tr', { dataset: { package: d.package } },
          h('td', null, h('a', { href: link.app(d.package) }, h('code', { class: 'ident', text: d.package })), d.approved ? h('span', { class: 'muted small', text: ' approved' }) : null),
          h('td', { class: 'num', text: String(d.devices) }),
          h('td', null, h('ul', { class: 'small' }, d.findings.map((f) => h('li', null, h('strong', { text: f.code }), ': ', f.why))), proposed(d.package)),
          h('td', null, openAlerts(d.package), ...acceptCell(d.package, msg), msg));
      })));
    const stale = h('ul', { id: 'stale' }, diff.stale.map((s) => h('li', null, h('code', { class: 'ident', text: s.package }), s.approved ? ' (approved)' : '')));
    replace(body,
      h('h2', null, `Seen but not in the inventory (${diff.unlisted.length}), by risk`), diff.unlisted.length ? unlisted : h('p', { class: 'muted', text: 'None.' }),
      h('h2', null, `Listed apps outside their expectations (${diff.deviating.length})`), diff.deviating.length ? deviating : h('p', { class: 'muted', text: 'None.' }),
      h('h2', null, `Inventory entries never seen (${diff.stale.length})`), diff.stale.length ? stale : h('p', { class: 'muted', text: 'None.' }));
  }

  load();
  return { destroy() { alive = false; } };
}

/** `host:port`, `[v6]:port` or a bare host -> host */
function hostOf(dest) {
  const m = /^\[?(.*?)\]?(?::\d{1,5})?$/.exec(String(dest));
  return (m ? m[1] : String(dest)).toLowerCase();
}

/** does a policy domain (`example.com`, `*.example.com`) cover `host`? */
function domainCovers(domain, host) {
  const d = String(domain).toLowerCase().replace(/^\*\./, '');
  return host === d || host.endsWith('.' + d);
}
