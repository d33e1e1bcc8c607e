// Telemetry v1 fields as the exported rules name them. The rules use the v1 names unchanged
// (events ingested as-is, one JSON object per event); only the time field needs the engine's
// own convention. Printed at the top of every export and in docs/response.md.

export interface FieldRow { v1: string; meaning: string; sigma: string; eql: string; kql: string; spl: string }

export const FIELD_MAP: readonly FieldRow[] = [
  { v1: 'ts', meaning: 'event time, epoch ms (or RFC 3339)', sigma: 'ts (backend time field)', eql: 'ts (timestamp_field: "ts", mapped as date epoch_millis)', kql: 'Timestamp = unixtime_milliseconds_todatetime(ts)', spl: '_time (props.conf TIMESTAMP_FIELDS=ts, TIME_FORMAT=%s%3N)' },
  { v1: 'device', meaning: 'device id (group-by)', sigma: 'device', eql: 'device', kql: 'device', spl: 'device' },
  { v1: 'app', meaning: 'package name (group-by)', sigma: 'app', eql: 'app', kql: 'app', spl: 'app' },
  { v1: 'type', meaning: 'event type (crypto.op, data.access, file.write, app.state, net.send)', sigma: 'type', eql: 'type', kql: 'type', spl: 'type' },
  { v1: 'dir', meaning: 'crypto.op direction', sigma: 'dir', eql: 'dir', kql: 'dir', spl: 'dir' },
  { v1: 'key_fp', meaning: 'key fingerprint (never key bytes)', sigma: 'key_fp', eql: 'key_fp', kql: 'key_fp', spl: 'key_fp' },
  { v1: 'category', meaning: 'data.access category', sigma: 'category', eql: 'category', kql: 'category', spl: 'category' },
  { v1: 'entropy', meaning: 'file.write entropy, bits/byte', sigma: 'entropy', eql: 'entropy', kql: 'entropy (real)', spl: 'entropy' },
  { v1: 'state', meaning: 'app.state state', sigma: 'state', eql: 'state', kql: 'state', spl: 'state' },
  { v1: 'bytes_out', meaning: 'net.send bytes sent', sigma: 'bytes_out', eql: 'bytes_out', kql: 'bytes_out (long)', spl: 'bytes_out' },
];

export type Target = 'sigma' | 'eql' | 'kql' | 'spl';

/** the mapping as comment lines for one target (`prefix` is the target's comment marker) */
export function fieldMapComment(target: Target, prefix: string): string {
  const rows = FIELD_MAP.map((r) => `${prefix}   ${r.v1.padEnd(10)} -> ${r[target].padEnd(40)} ${r.meaning}`);
  return [`${prefix} Field mapping (telemetry v1 -> ${target}):`, ...rows].join('\n');
}
