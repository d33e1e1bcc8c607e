// The dpc-logs export (docs/sources.md): JSON lines written by a device policy controller from
// DevicePolicyManager.retrieveNetworkLogs and retrieveSecurityLogs, named after the platform's
// getters. A `header` line names the device and may list uid -> package; `network` lines are
// DnsEvent / ConnectEvent; `security` lines are SecurityEvent with `tag` and getData() as `data`.
import type { Issue } from '../../model/index.js';
import type { DeviceRecord } from '../device-logs/record.js';
import type { JsonValue } from '../device-logs/json-values.js';
import { NETWORK_EVENTS, SECURITY_TAGS, TAG_BY_NAME } from './security-tags.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^-?\d{1,19}$/.test(v) ? Number(v) : undefined);

export interface ExportRead {
  records: DeviceRecord[]; issues: Issue[]; notes: string[]; ignored: Map<string, number>;
  packages: Map<string, Map<number, string>>; dpcLines: number;
}

export function readDpcExport(values: JsonValue[], file: string, fallbackDevice: string): ExportRead {
  const out: ExportRead = { records: [], issues: [], notes: [], ignored: new Map(), packages: new Map(), dpcLines: 0 };
  const issue = (code: string, message: string, line: number, field?: string) => out.issues.push({ code, message, file, line, ...(field ? { field } : {}) });
  let device = fallbackDevice;
  for (const { line, value } of values) {
    if (!isObj(value) || typeof value.log !== 'string') { issue('not_dpc_record', 'want a dpc-logs record: a JSON object with `log` header, network or security', line, 'log'); continue; }
    const dev = str(value.device) ?? device;
    if (value.log === 'header') {
      out.dpcLines++;
      if (str(value.device)) device = value.device as string;
      if (isObj(value.packages)) readPackages(value.packages, str(value.device) ?? device, out, line, issue);
      continue;
    }
    if (value.log === 'network') {
      out.dpcLines++;
      const kind = NETWORK_EVENTS[String(value.event)];
      if (!kind) { issue('unknown_event', 'want event DnsEvent or ConnectEvent (the NetworkEvent subclasses)', line, 'event'); continue; }
      const ts = int(value.timestamp);
      if (ts === undefined || ts <= 0) { issue('missing_field', 'want timestamp (NetworkEvent.getTimestamp(), epoch ms)', line, 'timestamp'); continue; }
      const r: DeviceRecord = { kind, ts, device: dev, line, path: 'network', ...(int(value.id) !== undefined ? { id: String(value.id) } : {}), ...(str(value.packageName) ? { pkg: value.packageName as string } : {}) };
      if (kind === 'dns') {
        r.host = str(value.hostname)?.replace(/\.$/, '').toLowerCase();
        r.ips = Array.isArray(value.inetAddresses) ? value.inetAddresses.filter((x): x is string => typeof x === 'string') : [];
      } else {
        r.ip = str(value.inetAddress);
        const p = int(value.port);
        if (value.port !== undefined && (p === undefined || p < 0 || p > 65535)) { issue('bad_value', 'want port as an integer 0..65535', line, 'port'); continue; }
        if (p !== undefined) r.port = p;
      }
      out.records.push(r);
      continue;
    }
    if (value.log === 'security') {
      out.dpcLines++;
      const r = readSecurity(value, dev, line, out, issue);
      if (r) out.records.push(r);
      continue;
    }
    issue('not_dpc_record', 'want `log` header, network or security', line, 'log');
  }
  return out;
}

function readPackages(p: Obj, device: string, out: ExportRead, line: number, issue: (c: string, m: string, l: number, f?: string) => void): void {
  let m = out.packages.get(device);
  if (!m) out.packages.set(device, (m = new Map()));
  for (const [uid, v] of Object.entries(p)) {
    const u = int(uid);
    // PackageManager.getPackagesForUid: a shared uid lists several packages and names none alone
    const pkgs = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    if (u === undefined || pkgs.length === 0) { issue('bad_value', 'want packages as {uid: package or [packages]}', line, `packages.${uid.slice(0, 20)}`); continue; }
    if (pkgs.length === 1) m.set(u, pkgs[0]);
  }
}

function readSecurity(v: Obj, device: string, line: number, out: ExportRead, issue: (c: string, m: string, l: number, f?: string) => void): DeviceRecord | undefined {
  const tag = int(v.tag) ?? (str(v.tagName) ? TAG_BY_NAME.get(v.tagName as string) : undefined);
  if (tag === undefined) { issue('missing_field', 'want tag (SecurityEvent.getTag()) or a documented tagName', line, 'tag'); return undefined; }
  const spec = SECURITY_TAGS[tag];
  if (!spec) { issue('unknown_tag', `tag ${tag} is not a SecurityLog tag Android documents`, line, 'tag'); return undefined; }
  if (typeof spec.use !== 'string') { out.ignored.set(spec.name, (out.ignored.get(spec.name) ?? 0) + 1); return undefined; }
  const nanos = typeof v.timeNanos === 'string' && /^\d{1,25}$/.test(v.timeNanos) ? Number(BigInt(v.timeNanos) / 1_000_000n) : typeof v.timeNanos === 'number' ? Math.floor(v.timeNanos / 1e6) : undefined;
  if (nanos === undefined || !(nanos > 0)) { issue('missing_field', 'want timeNanos (SecurityEvent.getTimeNanos(), epoch ns)', line, 'timeNanos'); return undefined; }
  const r: DeviceRecord = { kind: spec.use, ts: nanos, device, line, path: 'security', ...(int(v.id) !== undefined ? { id: String(v.id) } : {}) };
  const data = Array.isArray(v.data) ? v.data : [];
  switch (spec.use) {
    case 'process_start': {
      // [0] process name, [1] start time (ms), [2] uid, [3] pid, [4] seinfo, [5] APK SHA-256
      r.proc = str(data[0]); r.uid = int(data[2]); r.pid = int(data[3]);
      const st = int(data[1]);
      if (st !== undefined && st > 0) r.ts = st;
      if (!r.proc) { issue('missing_field', 'TAG_APP_PROCESS_START without the process name in data[0]', line, 'data[0]'); return undefined; }
      break;
    }
    case 'key_generated': case 'key_imported': case 'key_destroyed': {
      // [0] result (1 success, 0 failure), [1] key alias, [2] requesting uid
      const ok = int(data[0]);
      if (ok !== undefined) r.success = ok === 1;
      r.alias = str(data[1]); r.uid = int(data[2]);
      if (typeof v.hwBacked === 'boolean') r.hwBacked = v.hwBacked;
      break;
    }
    default: break;
  }
  return r;
}
