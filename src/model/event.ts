// Telemetry contract v1 (../shared/spec/telemetry-v1.md) as types. Imports only the payload
// features' type, which src/payload defines for the detector and the Frida sensor alike.
import type { PayloadFeatures } from '../payload/features.js';

export const EVENT_TYPES = [
  'crypto.key', 'crypto.op', 'data.access', 'file.write', 'file.delete',
  'app.state', 'device.state', 'user.interaction', 'net.send', 'app.info',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
/** event type -> its index in EVENT_TYPES (the `kind` of an Accepted) */
export const TYPE_CODES: ReadonlyMap<string, number> = new Map(EVENT_TYPES.map((t, i) => [t, i]));

/** Where an accepted event came from, for evidence and error messages. */
export interface SourceRef {
  file: string;
  line: number;
}

interface Envelope<T extends EventType> {
  type: T;
  /** epoch ms, normalised from number or RFC 3339 */
  ts: number;
  device: string;
  app?: string;
  uid?: number;
  pid?: number;
  proc?: string;
  id?: string;
  src?: string;
  v?: number;
}

export type KeyOrigin = 'literal' | 'derived' | 'stored' | 'generated' | 'keystore' | 'remote' | 'unknown';
export const KEY_ORIGINS: readonly KeyOrigin[] = ['literal', 'derived', 'stored', 'generated', 'keystore', 'remote', 'unknown'];

/** `fp_scheme` of a key known by its Keystore alias only (managed-device logs never see key bytes):
 *  such an announcement shows that a key was made, not that anything was encrypted with it */
export const KEYSTORE_ALIAS_SCHEME = 'keystore-alias';

export interface CryptoKeyEvent extends Envelope<'crypto.key'> {
  app: string;
  key_fp: string;
  alg: string;
  bits?: number;
  origin?: KeyOrigin;
  hw_backed?: boolean;
  kdf?: string;
  fp_scheme?: string;
  /** Keystore lifecycle of an alias-only key: `generated`, `imported` or `destroyed` */
  keystore_op?: string;
}

export interface CryptoOpEvent extends Envelope<'crypto.op'> {
  app: string;
  alg: string;
  dir: 'encrypt' | 'decrypt';
  key_fp?: string;
  mode?: string;
  in_bytes?: number;
  out_bytes?: number;
  iv_fp?: string;
  api?: string;
}

export const DATA_CATEGORIES = [
  'contacts', 'sms', 'call_log', 'location', 'accounts', 'calendar', 'photos', 'media', 'files',
  'clipboard', 'notifications', 'keystrokes', 'device_info', 'app_list', 'browser', 'credentials', 'other',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export interface DataAccessEvent extends Envelope<'data.access'> {
  app: string;
  category: DataCategory;
  items?: number;
  bytes?: number;
}

export interface FileWriteEvent extends Envelope<'file.write'> {
  app: string;
  path: string;
  bytes: number;
  entropy?: number;
  op?: 'create' | 'append' | 'overwrite';
}

export interface FileDeleteEvent extends Envelope<'file.delete'> {
  app: string;
  path: string;
}

export const APP_STATES = ['foreground', 'background', 'service', 'job', 'alarm', 'receiver', 'cached', 'stopped'] as const;
export type AppStateName = (typeof APP_STATES)[number];

export interface AppStateEvent extends Envelope<'app.state'> {
  app: string;
  state: AppStateName;
  /** read from other facts (a process started behind the keyguard), not from the app's activities */
  inferred?: boolean;
}

export interface DeviceStateEvent extends Envelope<'device.state'> {
  screen?: 'on' | 'off';
  locked?: boolean;
}

export interface UserInteractionEvent extends Envelope<'user.interaction'> {}

// `sms` (v1.1 extension): a text or data message sent through the phone network, `dst_host` `sms:<number>`
export const NET_PROTOS = ['tcp', 'udp', 'http', 'https', 'ws', 'wss', 'quic', 'dns', 'sms', 'other'] as const;
export const PAYLOAD_FORMATS = ['json', 'form', 'base64', 'protobuf', 'multipart', 'xml', 'text', 'binary'] as const;

/** `net.send.payload` (telemetry v1.1: decode-aware, src/payload) */
export type { PayloadFeatures };

export interface NetSendEvent extends Envelope<'net.send'> {
  app: string;
  /** absent (v1.1): the source did not record the size (unknown, never 0) */
  bytes_out?: number;
  dst_host?: string;
  dst_ip?: string;
  dst_port?: number;
  proto?: (typeof NET_PROTOS)[number];
  bytes_in?: number;
  tls?: boolean;
  method?: string;
  path?: string;
  payload?: PayloadFeatures;
  conn?: string;
}

export interface AppInfoEvent extends Envelope<'app.info'> {
  app: string;
  version?: string;
  installer?: string;
  signer?: string;
  permissions?: string[];
  approved?: boolean;
  label?: string;
}

export type TelemetryEvent =
  | CryptoKeyEvent | CryptoOpEvent | DataAccessEvent | FileWriteEvent | FileDeleteEvent
  | AppStateEvent | DeviceStateEvent | UserInteractionEvent | NetSendEvent | AppInfoEvent;

/** An accepted event plus where it came from. `ref` is the evidence reference: the sensor's
 *  event id when it has one, else `file:line`. */
export interface Accepted {
  event: TelemetryEvent;
  /** event.ts again, on this one-shape wrapper: the reorder buffer compares it for every event */
  ts: number;
  ref: string;
  source: SourceRef;
  /** event.type as its index in EVENT_TYPES, event.device and event.app again: set by the
   *  normalizer so that the engine loads them from this one shape; wrappers built by hand may
   *  leave them out (`kind` undefined), then the engine reads the event */
  kind?: number;
  device?: string;
  app?: string | undefined;
}
