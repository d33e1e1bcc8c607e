// Android Management API usage-log notifications -> device records. Accepts, one JSON object per
// line or one document: the Pub/Sub push body ({message: {attributes, data}, subscription}), a
// pulled message ({ackId, message}), a bare Pub/Sub message, or the decoded BatchUsageLogEvents
// ({device, user, retrievalTime, usageLogEvents}). `data` is base64 of the BatchUsageLogEvents.
import type { Issue } from '../../model/index.js';
import { parseTimestamp } from '../../normalize/parse-timestamp.js';
import type { DeviceRecord } from '../device-logs/record.js';
import type { JsonValue } from '../device-logs/json-values.js';
import { USAGE_LOG_TYPES } from './event-types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
/** int32 fields are JSON numbers; int64 ones are strings in the API's JSON */
const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^-?\d{1,15}$/.test(v) ? Number(v) : undefined);

export interface UsageLogRead { records: DeviceRecord[]; issues: Issue[]; notes: string[]; ignored: Map<string, number>; batches: number }

/** `enterprises/{e}/devices/{deviceId}` -> deviceId: the id the other sources are told (--device) */
export function deviceIdOf(name: string): string {
  const m = /(?:^|\/)devices\/([^/]+)$/.exec(name);
  return m ? m[1] : name;
}

export function readUsageLogs(values: JsonValue[], file: string, fallbackDevice: string): UsageLogRead {
  const out: UsageLogRead = { records: [], issues: [], notes: [], ignored: new Map(), batches: 0 };
  const other = new Map<string, number>();
  const issue = (code: string, message: string, line: number, field?: string) => out.issues.push({ code, message, file, line, ...(field ? { field } : {}) });
  for (const { line, value } of values) {
    if (!isObj(value)) { issue('not_object', 'want a usage-log notification object', line); continue; }
    const msg = isObj(value.message) ? value.message : value.attributes !== undefined || value.data !== undefined ? value : undefined;
    let batch: unknown = value;
    let prefix = '';
    if (msg) {
      const type = isObj(msg.attributes) ? msg.attributes.notificationType : undefined;
      if (type !== 'USAGE_LOGS') { other.set(String(type ?? 'none'), (other.get(String(type ?? 'none')) ?? 0) + 1); continue; }
      if (typeof msg.data !== 'string') { issue('missing_field', 'USAGE_LOGS message without base64 `data`', line, 'message.data'); continue; }
      try {
        batch = JSON.parse(Buffer.from(msg.data, 'base64').toString('utf8'));
      } catch {
        issue('bad_value', 'message data is not base64 of a BatchUsageLogEvents JSON object', line, 'message.data');
        continue;
      }
      prefix = 'message.data.';
    }
    if (!isObj(batch) || !Array.isArray(batch.usageLogEvents)) {
      issue('not_usage_logs', 'not a usage-log notification: want a Pub/Sub message with notificationType USAGE_LOGS or a BatchUsageLogEvents object with usageLogEvents[]', line, prefix ? 'message.data' : undefined);
      continue;
    }
    out.batches++;
    const device = str(batch.device) ? deviceIdOf(batch.device as string) : fallbackDevice;
    batch.usageLogEvents.forEach((ev, i) => {
      const path = `${prefix}usageLogEvents[${i}]`;
      const r = readEvent(ev, device, line, path, out, issue);
      if (r) out.records.push(r);
    });
  }
  if (other.size) out.notes.push(`notifications other than USAGE_LOGS skipped: ${[...other].map(([k, v]) => `${v} ${k}`).join(', ')}`);
  return out;
}

function readEvent(ev: unknown, device: string, line: number, path: string, out: UsageLogRead,
  issue: (code: string, message: string, line: number, field?: string) => void): DeviceRecord | undefined {
  if (!isObj(ev)) { issue('not_object', 'want a UsageLogEvent object', line, path); return undefined; }
  let type = str(ev.eventType);
  if (!type) type = Object.keys(USAGE_LOG_TYPES).find((t) => USAGE_LOG_TYPES[t].field !== '' && ev[USAGE_LOG_TYPES[t].field] !== undefined);
  if (!type) { issue('missing_field', 'UsageLogEvent without eventType or an event field', line, `${path}.eventType`); return undefined; }
  const spec = USAGE_LOG_TYPES[type];
  if (!spec) { issue('unknown_event_type', `eventType ${JSON.stringify(type.slice(0, 60))} is not one the Android Management API documents`, line, `${path}.eventType`); return undefined; }
  if (typeof spec.use !== 'string') { out.ignored.set(type, (out.ignored.get(type) ?? 0) + 1); return undefined; }
  const time = str(ev.eventTime);
  const ts = time ? parseTimestamp(time) : undefined;
  if (ts === undefined) { issue(time ? 'bad_value' : 'missing_field', 'want eventTime as an RFC 3339 timestamp', line, `${path}.eventTime`); return undefined; }
  const body = isObj(ev[spec.field]) ? ev[spec.field] as Obj : {};
  const fpath = `${path}.${spec.field}`;
  const r: DeviceRecord = { kind: spec.use, ts, device, line, path: fpath, ...(str(ev.eventId) ? { id: ev.eventId as string } : {}) };
  switch (spec.use) {
    case 'dns':
      r.pkg = str(body.packageName); r.host = str(body.hostname)?.replace(/\.$/, '').toLowerCase();
      r.ips = Array.isArray(body.ipAddresses) ? body.ipAddresses.filter((x): x is string => typeof x === 'string') : [];
      break;
    case 'connect':
      r.pkg = str(body.packageName); r.ip = str(body.destinationIpAddress);
      if (body.destinationPort !== undefined) {
        const p = int(body.destinationPort);
        if (p === undefined || p < 0 || p > 65535) { issue('bad_value', 'want destinationPort as an integer 0..65535', line, `${fpath}.destinationPort`); return undefined; }
        r.port = p;
      }
      break;
    case 'process_start': {
      r.proc = str(body.processName); r.uid = int(body.uid); r.pid = int(body.pid);
      // startTime is the exact start (System.currentTimeMillis); eventTime is when it was logged
      const st = str(body.startTime) ? parseTimestamp(body.startTime as string) : undefined;
      if (st !== undefined) r.ts = st;
      break;
    }
    case 'key_generated': case 'key_imported': case 'key_destroyed':
      r.alias = str(body.keyAlias); r.uid = int(body.applicationUid);
      if (typeof body.success === 'boolean') r.success = body.success;
      break;
    default: break;
  }
  return r;
}
