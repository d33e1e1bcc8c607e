// Plain-text coverage: fleet summary first (what a reviewer reads), then one row per device.
import type { CoverageReport } from './report.js';
import { COMPONENTS } from './components.js';

const iso = (t: number | null) => (t === null ? '-' : new Date(t).toISOString());

export function formatCoverageTable(r: CoverageReport): string {
  const s = r.summary;
  const lines = [
    `AN1731 (T1521.001) telemetry coverage: ${s.devices} device(s), ${s.apps} app(s), ${s.pairs} (device, app) pair(s), ${s.events} event(s)`,
    `span ${iso(s.first_ts)} .. ${iso(s.last_ts)}`,
    `coverage score ${s.coverage_score}% ((visible + half of partly visible facets) / 6, mean over devices); ${s.fully_visible_devices} device(s) fully visible`,
    '',
    ...s.findings.map((f) => `- ${f}`),
    '',
    'data component'.padEnd(56) + 'devices',
    ...s.components.map((c) => `${(c.id + ' ' + c.name).padEnd(56)}${String(c.devices).padStart(4)} (${c.percent}%)`),
    '',
    'facet'.padEnd(15) + 'visible  partly   blind    closed by',
    ...s.facets.map((f) => f.facet.padEnd(15) + String(s.devices - f.blind_devices - f.partly_devices).padEnd(9) + String(f.partly_devices).padEnd(9)
      + String(f.blind_devices).padEnd(9) + (f.blind_devices + f.partly_devices > 0 ? f.closed_by : '-')),
    '',
  ];
  const ids = COMPONENTS.map((c) => c.id);
  const w = Math.max(8, ...r.devices.map((d) => d.device.length + 2));
  const head = 'device'.padEnd(w) + ids.map((i) => i.padEnd(9)).join('') + 'score   blind facets (partly visible)';
  lines.push(head);
  for (const d of r.devices) {
    lines.push(d.device.padEnd(w) + ids.map((i) => (d.components[i] ? 'yes' : '-').padEnd(9)).join('')
      + `${d.score}%`.padEnd(8) + (d.blind_facets.join(', ') || '-') + (d.partly_facets.length ? `; partly: ${d.partly_facets.join(', ')}` : ''));
  }
  return lines.join('\n') + '\n';
}
