// One alert version in an output's format: the alert v1 JSON (with `final`, a compatible
// extension), an OCSF Detection Finding, or a CEF line; for syslog, wrapped in RFC 5424.
import type { Alert } from '../model/index.js';
import { toDetectionFinding } from '../sinks/ocsf-sink.js';
import { toCef } from './cef.js';
import type { ForwardFormat } from './spec.js';

export function renderAlert(a: Alert, final: boolean, format: ForwardFormat): string {
  if (format === 'cef') return toCef(a, final);
  if (format === 'ocsf') {
    const f = toDetectionFinding(a);
    return JSON.stringify({ ...f, unmapped: { ...(f.unmapped as object), final } });
  }
  return JSON.stringify({ ...a, final });
}

export const CONTENT_TYPE: Record<ForwardFormat, string> = {
  json: 'application/json', ocsf: 'application/json', cef: 'text/plain; charset=utf-8',
};
