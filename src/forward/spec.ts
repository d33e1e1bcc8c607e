// Forwarding outputs: what `--forward SPEC` and the `forward:` list of a config file describe.
// Parsing only; nothing here opens a connection.
//
// SPEC = KIND:URL[,key=value...] with KIND:URL one of
//   webhook:https://host/path   (http only to a loopback address)
//   syslog:tcp://host:port  syslog:udp://host:port  syslog+tls://host:port
// and the options format=json|ocsf|cef, min_severity=low|medium|high|critical,
// versions=final|all, name=NAME, max_attempts=N, facility=NAME, secret_file=F, auth_file=F,
// ca_file=F. A comma inside the URL is
// written %2C.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { SEVERITIES, type Issue, type Severity } from '../model/index.js';

export const FORMATS = ['json', 'ocsf', 'cef'] as const;
export type ForwardFormat = (typeof FORMATS)[number];

export const FACILITIES: Record<string, number> = {
  kern: 0, user: 1, daemon: 3, auth: 4, syslog: 5, authpriv: 10, security: 13,
  local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
};

export interface WebhookTarget { kind: 'webhook'; url: string }
export interface SyslogTarget { kind: 'syslog'; transport: 'tcp' | 'udp' | 'tls'; host: string; port: number }

export interface OutputSpec {
  /** unique per process; the queue position and dead letters are kept under it */
  name: string;
  target: WebhookTarget | SyslogTarget;
  format: ForwardFormat;
  minSeverity: Severity;
  /** every version of an alert, or only its final one */
  versions: 'final' | 'all';
  /** rejections (not outages) before a version goes to the dead letters */
  maxAttempts: number;
  /** syslog facility (default local0) */
  facility: number;
  /** webhook: file holding the HMAC secret (the config file's `secret_file`, else --forward-secret-file) */
  secretFile?: string;
  /** webhook: file holding the Authorization header value (`Splunk <token>`, `ApiKey <key>`) */
  authFile?: string;
  /** syslog+tls: PEM file of the CA that signed the collector's certificate (default: the system's) */
  caFile?: string;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

export const OPTION_KEYS = ['format', 'min_severity', 'versions', 'name', 'max_attempts', 'facility', 'secret_file', 'auth_file', 'ca_file'] as const;
type OptionKey = (typeof OPTION_KEYS)[number];

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1';
}

/** `webhook:…`/`syslog:…` -> target, or the reason it is not one */
export function parseTarget(s: string): WebhookTarget | SyslogTarget | string {
  const m = /^(webhook|syslog|syslog\+tls):(.*)$/.exec(s);
  if (!m) return `want webhook:URL, syslog:tcp://HOST:PORT, syslog:udp://HOST:PORT or syslog+tls://HOST:PORT, got '${s}'`;
  let url: URL;
  try { url = new URL(m[1] === 'syslog+tls' ? `tls:${m[2]}` : m[2]); } catch { return `'${m[2]}' is not a URL`; }
  if (m[1] === 'webhook') {
    if (url.protocol === 'http:' && !isLoopback(url.hostname)) return `webhook over plain http is only allowed to a loopback address (127.0.0.1, ::1, localhost); use https for ${url.hostname}`;
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `webhook: want an https:// URL, got '${url.protocol}'`;
    if (url.username || url.password) return 'webhook: credentials in the URL would be logged; use a signing secret or a relay';
    return { kind: 'webhook', url: url.href };
  }
  const transport = url.protocol === 'tcp:' ? 'tcp' : url.protocol === 'udp:' ? 'udp' : url.protocol === 'tls:' ? 'tls' : undefined;
  if (!transport) return `syslog: want tcp://, udp:// or syslog+tls://, got '${url.protocol}//'`;
  const port = Number(url.port);
  if (!url.hostname || !Number.isInteger(port) || port < 1 || port > 65535) return `syslog: want HOST:PORT, got '${m[2]}'`;
  if (url.pathname && url.pathname !== '/' && url.pathname !== '') return `syslog: no path expected, got '${url.pathname}'`;
  return { kind: 'syslog', transport, host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

type Raw = Partial<Record<OptionKey | 'url', unknown>>;

/** one output from its raw fields; every problem is pushed to `issues` with `where` */
export function buildOutput(raw: Raw, issues: Issue[], where: (field?: string) => Pick<Issue, 'file' | 'line' | 'field'>): OutputSpec | undefined {
  const bad = (code: string, field: string | undefined, message: string) => { issues.push({ code, message, ...where(field) }); };
  if (typeof raw.url !== 'string') { bad('missing_field', 'url', 'want the output as a string like webhook:https://host/path'); return undefined; }
  const target = parseTarget(raw.url);
  if (typeof target === 'string') { bad('invalid_output', 'url', target); return undefined; }
  const before = issues.length;
  const str = (k: OptionKey): string | undefined => {
    const v = raw[k];
    if (v === undefined) return undefined;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    bad('invalid_value', k, `want a string, got ${typeof v}`);
    return undefined;
  };
  const format = str('format') ?? (target.kind === 'syslog' ? 'cef' : 'json');
  if (!(FORMATS as readonly string[]).includes(format)) bad('invalid_value', 'format', `want one of ${FORMATS.join('|')}, got '${format}'`);
  const minSeverity = str('min_severity') ?? 'low';
  if (!(SEVERITIES as readonly string[]).includes(minSeverity)) bad('invalid_value', 'min_severity', `want one of ${SEVERITIES.join('|')}, got '${minSeverity}'`);
  const versions = str('versions') ?? 'final';
  if (versions !== 'final' && versions !== 'all') bad('invalid_value', 'versions', `want final or all, got '${versions}'`);
  const attempts = Number(str('max_attempts') ?? DEFAULT_MAX_ATTEMPTS);
  if (!Number.isInteger(attempts) || attempts < 1) bad('invalid_value', 'max_attempts', `want a whole number ≥ 1, got '${str('max_attempts')}'`);
  const facilityName = str('facility') ?? 'local0';
  if (!(facilityName in FACILITIES)) bad('invalid_value', 'facility', `want one of ${Object.keys(FACILITIES).join('|')}, got '${facilityName}'`);
  if (target.kind === 'syslog' && raw.secret_file !== undefined) bad('invalid_value', 'secret_file', 'only webhooks are signed');
  if (target.kind === 'syslog' && raw.auth_file !== undefined) bad('invalid_value', 'auth_file', 'only webhooks send an Authorization header');
  if ((target.kind !== 'syslog' || target.transport !== 'tls') && raw.ca_file !== undefined) bad('invalid_value', 'ca_file', 'only syslog+tls uses a CA file');
  const name = str('name') ?? defaultName(target);
  const secretFile = str('secret_file');
  const authFile = str('auth_file');
  const caFile = str('ca_file');
  if (issues.length > before) return undefined;
  return {
    name, target, format: format as ForwardFormat, minSeverity: minSeverity as Severity, versions: versions as 'final' | 'all',
    maxAttempts: attempts, facility: FACILITIES[facilityName], ...(secretFile ? { secretFile } : {}), ...(authFile ? { authFile } : {}), ...(caFile ? { caFile } : {}),
  };
}

/** a webhook's path and query may hold a secret (Slack, Teams): the name shows the origin and a
 *  digest of the whole URL, so logs and metrics never carry the path */
export function defaultName(t: WebhookTarget | SyslogTarget): string {
  if (t.kind === 'webhook') return `webhook:${new URL(t.url).origin}#${createHash('sha256').update(t.url).digest('hex').slice(0, 8)}`;
  return `syslog:${t.transport}://${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
}

/** `--forward SPEC` (the n-th one, for messages) */
export function parseSpec(spec: string, issues: Issue[]): OutputSpec | undefined {
  const [url, ...opts] = spec.split(',');
  const raw: Raw = { url };
  for (const o of opts) {
    const eq = o.indexOf('=');
    const k = eq < 0 ? o : o.slice(0, eq);
    if (!(OPTION_KEYS as readonly string[]).includes(k) || eq < 0) {
      issues.push({ code: 'invalid_option', field: '--forward', message: `'${o}' in '${spec}': want key=value with key one of ${OPTION_KEYS.join(', ')}` });
      return undefined;
    }
    raw[k as OptionKey] = o.slice(eq + 1);
  }
  return buildOutput(raw, issues, (field) => ({ field: field && field !== 'url' ? `--forward ${field}` : '--forward' }));
}

export interface ParsedOutputs { outputs: OutputSpec[]; issues: Issue[] }

/** checks the names are unique (each keeps its own queue position) */
export function checkNames(outputs: OutputSpec[], issues: Issue[]): void {
  const seen = new Set<string>();
  for (const o of outputs) {
    if (seen.has(o.name)) issues.push({ code: 'duplicate_output', field: 'name', message: `two outputs named '${o.name}': give one a name=` });
    seen.add(o.name);
  }
}

