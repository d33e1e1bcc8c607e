export type { IncidentReport, EvidenceItem, ReportAlert } from './model.js';
export { buildReport } from './build-report.js';
export { renderMarkdown } from './render-md.js';
export { renderHtml, esc } from './render-html.js';
export { buildStix, type StixBundle, type StixObject } from './stix.js';
export { readReportAlerts, parseReportAlertLine } from './read-alerts.js';
export { indexEvidence, itemsFromEvents } from './evidence.js';
export { REPORT_CSS_HASH } from './report-css.js';
