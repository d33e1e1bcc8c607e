// Readable figures of one app's baseline, for the inventory proposal, the diff and explanations.
import { sketchCount } from './sketch.js';
import { APP_DEVICES_K, VALUE_DEVICES_K, type AppBaseline, type CappedField } from './types.js';
import { isBareIp } from './destination.js';

/** devices the app was seen on (exact up to 256, estimated past) */
export const appDevices = (a: AppBaseline): number => sketchCount(a.devices, APP_DEVICES_K);
export const valueDevices = (f: CappedField, v: string): number => (f.values[v] ? sketchCount(f.values[v].devices, VALUE_DEVICES_K) : 0);

const HIDDEN = new Set(['background', 'service', 'job', 'alarm', 'receiver', 'cached', 'stopped']);
/** key origins whose key can be recovered from the APK or the device */
export const LOCAL_ORIGINS = new Set(['literal', 'derived', 'stored']);
export const SENSITIVE = new Set(['contacts', 'sms', 'call_log', 'location', 'accounts', 'calendar', 'photos', 'clipboard',
  'notifications', 'keystrokes', 'browser', 'credentials']);

/** a field's kept values in canonical (sorted) order, whatever order they were learned in */
const keys = (f: CappedField): string[] => Object.keys(f.values).sort();

const sum = (f: CappedField, key: string, pick?: (v: string) => boolean): number =>
  Object.entries(f.values).filter(([v]) => !pick || pick(v)).reduce((n, [, s]) => n + ((s[key] as number | undefined) ?? 0), 0);

export interface AppSummary {
  devices: number;
  events: number;
  sends: number;
  background_sends: number;
  bytes_sent: number;
  encrypt_ops: number;
  bytes_encrypted: number;
  decrypt_ops: number;
  domains: string[];
  bare_ips: string[];
  /** full host names (or IPs) sent to */
  hosts: string[];
  signers: string[];
  installers: string[];
  key_origins: string[];
  local_key_origins: string[];
  hw_backed_keys: number;
  data_categories: string[];
  sensitive_categories: string[];
  high_entropy_writes: number;
  /** fields with values dropped past their cap */
  truncated: string[];
}

export function appSummary(a: AppBaseline): AppSummary {
  const f = a.fields;
  const dests = keys(f.destinations).filter((d) => d !== '?');
  return {
    devices: appDevices(a),
    events: a.events,
    sends: sum(f.send_contexts, 'count'),
    background_sends: sum(f.send_contexts, 'count', (v) => HIDDEN.has(v)),
    bytes_sent: sum(f.send_contexts, 'bytes'),
    encrypt_ops: sum(f.crypto_algorithms, 'count'),
    bytes_encrypted: sum(f.crypto_algorithms, 'bytes'),
    decrypt_ops: sum(f.crypto_algorithms, 'decrypt_ops'),
    domains: dests.filter((d) => !isBareIp(d)),
    bare_ips: dests.filter(isBareIp),
    hosts: keys(f.hosts),
    signers: keys(f.signers),
    installers: keys(f.installers),
    key_origins: keys(f.key_origins),
    local_key_origins: keys(f.key_origins).filter((o) => LOCAL_ORIGINS.has(o)),
    hw_backed_keys: sum(f.key_origins, 'hw_backed'),
    data_categories: keys(f.data_categories),
    sensitive_categories: keys(f.data_categories).filter((c) => SENSITIVE.has(c)),
    high_entropy_writes: sum(f.staging_paths, 'high_entropy'),
    truncated: Object.keys(f).sort().filter((k) => f[k as keyof typeof f].truncated > 0),
  };
}

export { HIDDEN as HIDDEN_SEND_CONTEXTS };
