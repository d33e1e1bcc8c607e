// "Report" buttons of the alert page: fetch GET /v1/alerts/:id/report with the bearer token (a
// plain link could not carry it) and save the file. The HTML report is one self-contained file
// that opens and prints offline.
import { h } from './dom.js';

const FORMATS = [
  { format: 'html', label: 'HTML report' },
  { format: 'md', label: 'Markdown' },
  { format: 'json', label: 'JSON' },
  { format: 'stix', label: 'STIX 2.1' },
];

export function renderReportButtons(api, alert) {
  const msg = h('span', { class: 'muted small', id: 'report-msg', role: 'status', 'aria-live': 'polite' });
  const buttons = FORMATS.map(({ format, label }) => h('button', {
    type: 'button', class: 'report-btn', dataset: { format }, text: label,
    onclick: async () => {
      msg.textContent = 'Preparing…';
      try {
        const { blob, filename } = await api.getReport(alert.id, format);
        const url = URL.createObjectURL(blob);
        // our own blob: URL (dom.js's h() only allows in-app links, rightly)
        const a = document.createElement('a');
        a.href = url;
        a.download = filename;
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        msg.textContent = `Saved ${filename}`;
      } catch (e) {
        msg.textContent = `Report failed: ${e.message}`;
      }
    },
  }));
  return h('div', { class: 'report-buttons', id: 'report' }, h('strong', null, 'Report '), buttons, msg);
}
