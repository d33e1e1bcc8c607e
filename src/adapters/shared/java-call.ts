// One hooked Java API call, as droidmon (CuckooDroid, raw logs) and Frida (MobSF) report them,
// after each format's reader has normalized it. The shared mapping turns these into telemetry v1.

export interface CallSelf {
  /** Cipher mode of the receiver (droidmon prints `{"mode": 1}` on Cipher.doFinal) */
  mode?: number;
  /** path of a java.io.File / FileOutputStream receiver */
  path?: string;
  /** URL of a java.net.URL receiver */
  url?: string;
}

export interface JavaCall {
  /** epoch ms: real (droidmon raw) or synthesized (threads_tree, MobSF) */
  ts: number;
  /** fully qualified class, e.g. javax.crypto.Cipher; '' when the sensor did not say */
  cls: string;
  /** method; constructors as the sensor names them (`<init>`, `$init` or the class name) */
  method: string;
  args: unknown[];
  result: unknown;
  self: CallSelf;
  /** thread the call ran on ('' when unknown): keys and cipher modes are followed per thread */
  thread: string;
  /** where the record is in the input, for issues */
  at: { line?: number; field?: string };
}

/** decodes a sensor's rendering of a byte[] argument or result into bytes */
export type ByteDecoder = (v: unknown) => Uint8Array | undefined;

/** parses droidmon's `this`: an object (raw logs) or a Python repr string (CuckooDroid reports) */
export function selfOfDroidmon(v: unknown): CallSelf {
  const s: CallSelf = {};
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o.mode === 'number') s.mode = o.mode;
    if (typeof o.path === 'string') s.path = o.path;
    if (typeof o.url === 'string') s.url = o.url;
    return s;
  }
  if (typeof v !== 'string' || v === '') return s;
  if (/^(https?|wss?):\/\//i.test(v)) { s.url = v; return s; }
  const mode = /'mode':\s*(\d+)/.exec(v);
  if (mode) s.mode = Number(mode[1]);
  const path = /'path':\s*u?'([^']*)'/.exec(v);
  if (path) s.path = path[1];
  return s;
}

/** text of any value, for pattern searches (URLs, content URIs) */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  try { return JSON.stringify(v); } catch { return String(v); }
}
