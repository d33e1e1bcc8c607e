// GET /v1/alerts/:id/report?format=html|md|json|stix: the incident report of a stored alert, its
// evidence joined to the stored events. The HTML is served with its own CSP that allows exactly
// its inline stylesheet (by hash) and nothing else: no script, no fetch.
import type { Context } from 'hono';
import { buildReport, itemsFromEvents, REPORT_CSS_HASH, type ReportAlert } from '../report/index.js';
import { fileBase, renderReport, REPORT_FORMATS, type ReportFormat } from '../app/report.js';
import type { AlertsStore } from '../store/alerts-store.js';
import type { EventsStore } from '../store/events-store.js';
import { HttpError } from './http-error.js';

export const REPORT_CSP = `default-src 'none'; style-src '${REPORT_CSS_HASH}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8', md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8', stix: 'application/stix+json;version=2.1',
};

export function reportResponse(c: Context, deps: { alerts: AlertsStore; events: EventsStore }): Response {
  const id = c.req.param('id') ?? '';
  const format = (c.req.query('format') ?? 'html') as ReportFormat;
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new HttpError(400, 'bad_query', `format: want one of ${REPORT_FORMATS.join(', ')}, got '${format}'`);
  const alert = deps.alerts.view(id) as unknown as ReportAlert | undefined;
  if (!alert) throw new HttpError(404, 'not_found', `no alert ${id}`);
  const items = itemsFromEvents(alert, deps.events.byRefs(alert.device, alert.evidence));
  const base = fileBase(alert.id);
  const body = renderReport(buildReport(alert, items), format, `${base}.stix.json`);
  const ext = format === 'stix' ? 'stix.json' : format;
  return c.body(body, 200, {
    'Content-Type': TYPES[format],
    'Content-Disposition': `${format === 'html' ? 'inline' : 'attachment'}; filename="${base}.${ext}"`,
    ...(format === 'html' ? { 'Content-Security-Policy': REPORT_CSP } : {}),
  });
}
