// State the Java-call mapping keeps while it walks one file: per thread (the last key handed to
// SecretKeySpec, the cipher transformation and mode, the last file opened, the last URL), per app
// (execution state), and counters that become notes.
import type { EventSink } from './event-sink.js';
import type { KeyFingerprinter } from './key-fp.js';
import type { ByteDecoder } from './java-call.js';
import type { Transformation } from './cipher-names.js';

export interface ThreadState {
  /** calls seen on this thread so far */
  index: number;
  key?: { fp: string; alg: string };
  transformation?: Transformation;
  initMode?: number;
  lastOpen?: { path: string; index: number };
  lastUrl?: { url: string; index: number };
}

/** what is known about an HTTP request from elsewhere in the report (CuckooDroid httpConnections) */
export interface KnownRequest { method?: string; bytes?: number }

export interface MapOptions {
  decode: ByteDecoder;
  requestFor?: (url: string) => KnownRequest | undefined;
  /** key/IV fingerprints (keyed when the deployment configured a secret) */
  fp?: KeyFingerprinter;
}

export interface Counters {
  keys: number;
  asymmetric: Map<string, number>;
  macKeys: number;
  wrapOps: number;
  noDirection: number;
  unknownAlgOps: { in?: number; out?: number }[];
  droppedArtifacts: number;
  processWrites: number;
  base64: number;
}

export interface MapContext {
  sink: EventSink;
  opts: MapOptions;
  app: string;
  thread(id: string): ThreadState;
  /** the app's execution state, emitted only when it changes */
  appState?: string;
  /** destinations already emitted (host or IP), so report summaries do not repeat them */
  seenDestinations: Set<string>;
  counters: Counters;
}

export function newCounters(): Counters {
  return { keys: 0, asymmetric: new Map(), macKeys: 0, wrapOps: 0, noDirection: 0, unknownAlgOps: [], droppedArtifacts: 0, processWrites: 0, base64: 0 };
}
