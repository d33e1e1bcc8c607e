// What a managed device's own logs say, after reading either export (Android Management API usage
// logs, a DPC's retrieveNetworkLogs / retrieveSecurityLogs export): one shape, so both adapters
// share one mapping into telemetry v1 (map-records.ts).

// key_fp of keys known by alias only (the logs never see key bytes): sha256-16 of
// `device \0 uid \0 alias`, so equal aliases on two devices never look like one hard-coded key.
export { KEYSTORE_ALIAS_SCHEME } from '../../model/index.js';

export type RecordKind =
  | 'dns' | 'connect' | 'keyguard_secured' | 'keyguard_dismissed' | 'process_start'
  | 'key_generated' | 'key_imported' | 'key_destroyed';

export interface DeviceRecord {
  kind: RecordKind;
  /** epoch ms */
  ts: number;
  device: string;
  /** input line (1-based) and the JSON path of the record, for messages */
  line: number;
  path: string;
  /** the log's own event id, when it has one */
  id?: string;
  pkg?: string;
  uid?: number;
  pid?: number;
  proc?: string;
  host?: string;
  ips?: string[];
  ip?: string;
  port?: number;
  alias?: string;
  /** false: the key operation failed (the log says so) */
  success?: boolean;
  /** the export states the key lives in secure hardware */
  hwBacked?: boolean;
}
