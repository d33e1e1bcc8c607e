// One self-contained HTML file (inline CSS, no script, no external resource); every value escaped.
import type { CoverageReport } from './report.js';
import { COMPONENTS } from './components.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const iso = (t: number | null) => (t === null ? '-' : new Date(t).toISOString());

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#f3f3f3}.yes{background:#dff0d8}.no{background:#f8d7da}
.score{font-size:2em;font-weight:bold}li{margin:.2em 0}details{margin:.3em 0}`;

export function formatCoverageHtml(r: CoverageReport): string {
  const s = r.summary;
  const ids = COMPONENTS.map((c) => c.id);
  const cell = (v: boolean) => `<td class="${v ? 'yes' : 'no'}">${v ? 'yes' : 'no'}</td>`;
  const rows = r.devices.map((d) => `<tr><td>${esc(d.device)}</td>${ids.map((i) => cell(d.components[i])).join('')}<td>${d.score}%</td><td>${esc(d.blind_facets.join(', ') || '-')}</td></tr>`
    + (d.apps.length ? `<tr><td colspan="${ids.length + 3}"><details><summary>${d.apps.length} app(s)</summary><table><tr><th>app</th><th>events</th>${ids.map((i) => `<th>${i}</th>`).join('')}<th>facets without telemetry from this app</th></tr>`
      + d.apps.map((a) => `<tr><td>${esc(a.app)}</td><td>${a.events}</td>${ids.map((i) => cell(a.components[i])).join('')}<td>${esc(a.unseen_facets.join(', ') || '-')}</td></tr>`).join('')
      + '</table></details></td></tr>' : '')).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AN1731 telemetry coverage</title><style>${CSS}</style></head>
<body>
<h1>AN1731 (T1521.001) telemetry coverage</h1>
<p class="score" id="coverage-score">${s.coverage_score}%</p>
<p>${s.devices} device(s), ${s.apps} app(s), ${s.pairs} (device, app) pair(s), ${s.events} event(s); span ${iso(s.first_ts)} .. ${iso(s.last_ts)}; ${s.fully_visible_devices} device(s) fully visible.</p>
<ul id="findings">${s.findings.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>
<h2>Data components</h2>
<table><tr><th>component</th><th>telemetry v1</th><th>devices</th></tr>
${s.components.map((c) => `<tr><td>${esc(c.id + ' ' + c.name)}</td><td>${esc(c.telemetry)}</td><td>${c.devices} (${c.percent}%)</td></tr>`).join('\n')}
</table>
<h2>Devices</h2>
<table id="devices"><tr><th>device</th>${ids.map((i) => `<th>${i}</th>`).join('')}<th>score</th><th>blind facets</th></tr>
${rows}
</table>
</body></html>
`;
}
