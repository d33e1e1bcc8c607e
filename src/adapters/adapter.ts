// A reader of a foreign format (sandbox report, capture, OCSF...) into telemetry v1. Adapters
// produce plain contract-v1 objects; `detect --from` and `convert` pass them through the same
// validation as NDJSON input, so an adapter bug is a counted rejection, never a crash.
import type { FacetName, Issue } from '../model/index.js';

export interface AdapterOptions {
  /** the file being read (for messages) */
  file: string;
  /** device id to stamp on events when the format has none (default: derived from the file) */
  device?: string;
  /** package to attribute events to when the format cannot tell (e.g. a pcap without PCAPdroid metadata) */
  app?: string;
  /** per-deployment fingerprint secret: key_fp/iv_fp use hmac-sha256-16 (the Frida sensor's
   *  `fp_secret`); default sha256-16 */
  fpSecret?: string;
  /** leading URL path segments kept in net.send `path` (default 2; -1 keeps the whole path);
   *  applied by convertInput (run-adapter.ts), not by each adapter */
  pathSegments?: number;
}

export interface AdapterOutput {
  /** telemetry v1 objects, ts-ordered where the format has time; `src` names the adapter */
  events: Record<string, unknown>[];
  /** problems with file/line (or JSON path in `field`): reported and counted, never fatal */
  issues: Issue[];
  /** facets this format can never show: they go to the alert's `missing` via absent telemetry */
  cannotShow: FacetName[];
  /** facts about the conversion a person should know (e.g. "no per-event time: order synthesized") */
  notes: string[];
}

export interface Adapter {
  /** `--from` name */
  readonly name: string;
  /** one line for `--help` and the README */
  readonly description: string;
  /** true when the first bytes (up to 64 KiB) and file name look like this format */
  sniff(head: Buffer, file: string): boolean;
  convert(path: string, opts: AdapterOptions): Promise<AdapterOutput>;
}
