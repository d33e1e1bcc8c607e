// One OCSF 1.x event -> telemetry v1 events. Pure: the caller keeps the DNS name map.
//
// | OCSF class (class_uid)            | activity_id                         | telemetry v1                                   |
// |-----------------------------------|-------------------------------------|------------------------------------------------|
// | Network Activity (4001)           | 2 Close, 3 Reset, 6 Traffic, 99     | net.send (traffic.bytes_out/in, dst_endpoint)  |
// |                                   | 1 Open with bytes_out > 0           | net.send                                       |
// |                                   | 4 Fail, 5 Refuse                    | net.send, bytes_out 0, attempt: true           |
// |                                   | 1 Open without bytes, 7 Listen, 0   | skipped (counted): no transmission             |
// | HTTP Activity (4002)              | any                                 | net.send with method (http_request.http_method |
// |                                   |                                     | or the activity), path, url.hostname, tls      |
// | DNS Activity (4003)               | 1 Query, 6 Traffic                  | net.send proto dns, dst_host = query.hostname  |
// |                                   | 2 Response (and answers on 6)       | A/AAAA answers name later sends' dst_ip        |
// | File System Activity (1001)       | 1 Create, 3 Update                  | file.write (file.path, file.size, op)          |
// |                                   | 4 Delete                            | file.delete                                    |
// |                                   | 10 Encrypt / 11 Decrypt             | crypto.op encrypt/decrypt, alg "unknown",      |
// |                                   |                                     | in_bytes = file.size                           |
// |                                   | other (Read, Rename, Open...)       | skipped (counted)                              |
// | Process Activity (1007)           | 2 Terminate                         | app.state stopped (app = process.name)         |
// |                                   | 1 Launch, other                     | skipped (counted): a launch says nothing of    |
// |                                   |                                     | foreground or background                       |
// | Application Lifecycle (6002)      | 1 Install                           | app.info (version)                             |
// |                                   | 4 Stop                              | app.state stopped                              |
// | any other class                   |                                     | issue `unmapped_class` (counted, not fatal)    |
//
// Envelope: ts = `time` (epoch ms; values below 1e11 are taken as seconds) or `time_dt`; device =
// device.uid, device.hostname, device.name, else --device, else `ocsf-<file name>`; app =
// actor.process.name (an Android process `pkg:remote` gives app `pkg`, proc the whole name),
// actor.app_name, app_name, else --app, else `unknown.app`; uid = actor.process.user.uid when
// numeric; pid = actor.process.pid.
// Network direction: Inbound (direction_id 1) swaps the endpoints and the byte counts, so the
// remote is always the destination and bytes_out is what the device sent.

export type Json = Record<string, unknown>;

export type MapResult =
  | { kind: 'events'; events: Json[] }
  | { kind: 'skip'; why: string }
  | { kind: 'issue'; code: string; message: string; field?: string };

export interface MapContext {
  device?: string;
  defaultDevice: string;
  app?: string;
  /** address -> name, from DNS answers seen so far */
  names: Map<string, string>;
}

const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const int = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
};
const path = (o: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((x, k) => obj(x)?.[k], o);

export const CLASS_NAMES: Record<number, string> = {
  4001: 'Network Activity', 4002: 'HTTP Activity', 4003: 'DNS Activity', 1001: 'File System Activity',
  1007: 'Process Activity', 6002: 'Application Lifecycle',
};

export function mapOcsf(e: Json, ctx: MapContext): MapResult {
  const cls = int(e.class_uid);
  if (cls === undefined) return { kind: 'issue', code: 'missing_field', field: 'class_uid', message: 'not an OCSF event: no class_uid' };
  const ts = timeOf(e);
  if (ts === undefined) return { kind: 'issue', code: 'missing_field', field: 'time', message: `class ${cls}: no usable time or time_dt` };
  const act = int(e.activity_id) ?? 0;
  const env = envelope(e, ts, ctx, cls === 1007 ? str(path(e, 'process', 'name')) : undefined);
  switch (cls) {
    case 4001: return network(e, env, act, ctx);
    case 4002: return http(e, env, act, ctx);
    case 4003: return dns(e, env, act, ctx);
    case 1001: return file(e, env, act);
    case 1007:
      return act === 2 ? one({ ...env, type: 'app.state', state: 'stopped' }) : { kind: 'skip', why: `Process Activity ${act === 1 ? 'Launch' : `activity ${act}`}` };
    case 6002: {
      if (act === 4) return one({ ...env, type: 'app.state', state: 'stopped' });
      if (act === 1) {
        const version = str(path(e, 'app', 'version'));
        return one({ ...env, type: 'app.info', ...(version ? { version } : {}) });
      }
      return { kind: 'skip', why: `Application Lifecycle activity ${act}` };
    }
    default:
      return { kind: 'issue', code: 'unmapped_class', field: 'class_uid', message: `class_uid ${cls}${str(e.class_name) ? ` (${e.class_name})` : ''} has no telemetry v1 mapping` };
  }
}

function one(ev: Json): MapResult {
  return { kind: 'events', events: [ev] };
}

export function timeOf(e: Json): number | undefined {
  const t = e.time;
  if (typeof t === 'number' && Number.isFinite(t) && t > 0) return Math.round(t < 1e11 ? t * 1000 : t);
  const dt = str(e.time_dt) ?? (typeof t === 'string' ? t : undefined);
  if (dt) {
    const ms = Date.parse(dt);
    if (Number.isFinite(ms)) return ms;
  }
  return undefined;
}

function envelope(e: Json, ts: number, ctx: MapContext, processName: string | undefined): Json {
  const dev = obj(e.device);
  const device = str(dev?.uid) ?? str(dev?.hostname) ?? str(dev?.name) ?? ctx.device ?? ctx.defaultDevice;
  const proc = processName ?? str(path(e, 'actor', 'process', 'name'));
  const app = proc?.split(':')[0] || str(path(e, 'actor', 'app_name')) || str(e.app_name) || ctx.app || 'unknown.app';
  const env: Json = { ts, device, app, src: 'ocsf' };
  if (proc && proc !== app) env.proc = proc;
  const uid = int(path(e, 'actor', 'process', 'user', 'uid'));
  if (uid !== undefined) env.uid = uid;
  const pid = int(path(e, 'actor', 'process', 'pid'));
  if (pid !== undefined) env.pid = pid;
  const ouid = str(path(e, 'metadata', 'uid'));
  if (ouid) env.ocsf_uid = ouid;
  return env;
}

interface Remote { ip?: string; host?: string; port?: number; out: number; in: number }

function remoteOf(e: Json): Remote {
  const inbound = int(path(e, 'connection_info', 'direction_id')) === 1;
  const ep = obj(inbound ? e.src_endpoint : e.dst_endpoint) ?? {};
  const t = obj(e.traffic) ?? {};
  const out = int(inbound ? t.bytes_in : t.bytes_out) ?? 0;
  const inn = int(inbound ? t.bytes_out : t.bytes_in) ?? 0;
  const r: Remote = { out, in: inn };
  const ip = str(ep.ip), host = str(ep.hostname) ?? str(ep.domain), port = int(ep.port);
  if (ip) r.ip = ip;
  if (host) r.host = host.toLowerCase();
  if (port !== undefined && port <= 65535) r.port = port;
  return r;
}

function send(env: Json, r: Remote, ctx: MapContext, extra: Json): Json | undefined {
  const host = r.host ?? (r.ip ? ctx.names.get(r.ip) : undefined);
  if (!host && !r.ip) return undefined;
  return {
    ...env, type: 'net.send', bytes_out: r.out, bytes_in: r.in,
    ...(host ? { dst_host: host } : {}), ...(r.ip ? { dst_ip: r.ip } : {}), ...(r.port !== undefined ? { dst_port: r.port } : {}),
    ...extra,
  };
}

function protoOf(e: Json, r: Remote): Json {
  const name = (str(path(e, 'connection_info', 'protocol_name')) ?? '').toLowerCase();
  const tls = obj(e.tls) !== undefined;
  const x: Json = {};
  if (tls) x.tls = true;
  if (name === 'udp') x.proto = r.port === 53 ? 'dns' : r.port === 443 ? 'quic' : 'udp';
  else if (name === 'tcp' || name === '') {
    if (tls || r.port === 443) x.proto = 'https';
    else if (r.port === 80) x.proto = 'http';
    else if (name === 'tcp') x.proto = 'tcp';
  } else x.proto = 'other';
  return x;
}

function network(e: Json, env: Json, act: number, ctx: MapContext): MapResult {
  const r = remoteOf(e);
  if (act === 7 || act === 0 || (act === 1 && r.out === 0)) return { kind: 'skip', why: `Network Activity ${act === 7 ? 'Listen' : act === 0 ? 'Unknown' : 'Open without bytes'}` };
  const x = protoOf(e, r);
  const sni = str(path(e, 'tls', 'sni'));
  if (sni && !r.host) r.host = sni.toLowerCase();
  if (act === 4 || act === 5) { r.out = 0; x.attempt = true; }
  const ev = send(env, r, ctx, x);
  return ev ? one(ev) : { kind: 'issue', code: 'missing_field', field: 'dst_endpoint', message: 'Network Activity without a destination ip or hostname' };
}

const HTTP_METHODS = ['', 'CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'TRACE'];

function http(e: Json, env: Json, act: number, ctx: MapContext): MapResult {
  const req = obj(e.http_request) ?? {};
  const url = obj(req.url) ?? {};
  const r = remoteOf(e);
  const host = str(url.hostname);
  if (host) r.host = host.toLowerCase();
  const port = int(url.port);
  if (r.port === undefined && port !== undefined) r.port = port;
  if (r.out === 0) r.out = int(req.length) ?? 0;
  if (r.in === 0) r.in = int(path(e, 'http_response', 'length')) ?? 0;
  const scheme = (str(url.scheme) ?? '').toLowerCase();
  const tls = scheme === 'https' || scheme === 'wss' || obj(e.tls) !== undefined;
  const method = str(req.http_method)?.toUpperCase() ?? HTTP_METHODS[act];
  const x: Json = { proto: scheme === 'ws' || scheme === 'wss' ? scheme : tls ? 'https' : 'http', tls };
  if (method) x.method = method;
  const p = str(url.path);
  if (p) x.path = p.split('?')[0];
  const ev = send(env, r, ctx, x);
  return ev ? one(ev) : { kind: 'issue', code: 'missing_field', field: 'http_request.url', message: 'HTTP Activity without a host or destination ip' };
}

function dns(e: Json, env: Json, act: number, ctx: MapContext): MapResult {
  const q = str(path(e, 'query', 'hostname'))?.toLowerCase().replace(/\.$/, '');
  const answers = Array.isArray(e.answers) ? e.answers : [];
  if (q) {
    for (const a of answers) {
      const rdata = str(obj(a)?.rdata);
      const type = str(obj(a)?.type)?.toUpperCase();
      if (rdata && (type === 'A' || type === 'AAAA' || /^[\d.]+$|:/.test(rdata))) ctx.names.set(rdata, q);
    }
  }
  if (act === 2) return { kind: 'skip', why: 'DNS Response (its answers name later destinations)' };
  if (!q) return { kind: 'issue', code: 'missing_field', field: 'query.hostname', message: 'DNS query without a hostname' };
  const r = remoteOf(e);
  return one({
    ...env, type: 'net.send', bytes_out: r.out, bytes_in: r.in, dst_host: q, ...(r.ip ? { dst_ip: r.ip } : {}),
    dst_port: r.port ?? 53, proto: 'dns', dns_query: q,
  });
}

function file(e: Json, env: Json, act: number): MapResult {
  const f = obj(e.file) ?? {};
  const p = str(f.path) ?? (str(f.parent_folder) && str(f.name) ? `${String(f.parent_folder).replace(/\/$/, '')}/${f.name}` : str(f.name));
  const size = int(f.size);
  if (act === 10 || act === 11) {
    return one({ ...env, type: 'crypto.op', alg: 'unknown', dir: act === 10 ? 'encrypt' : 'decrypt', api: 'ocsf:file-system-activity', ...(size !== undefined ? { in_bytes: size } : {}) });
  }
  if (act !== 1 && act !== 3 && act !== 4) return { kind: 'skip', why: `File System Activity activity ${act}` };
  if (!p) return { kind: 'issue', code: 'missing_field', field: 'file.path', message: 'File System Activity without a file path' };
  if (act === 4) return one({ ...env, type: 'file.delete', path: p });
  return one({ ...env, type: 'file.write', path: p, bytes: size ?? 0, op: act === 1 ? 'create' : 'overwrite', ...(size === undefined ? { bytes_unknown: true } : {}) });
}
