// Base64 encoders (android.util.Base64, java.util.Base64$Encoder): the step between a cipher
// the agent may not see (hand-written, native, obfuscated) and the send. Input that reads as
// high-entropy bytes, or as hex of them (RC4 -> hex -> Base64, the Cerberus chain), is sampled
// (first SAMPLE bytes) and its figures are linked to the app's next net.send, so that the send
// carries encoded high-entropy bytes even when its own payload cannot be read (HTTP/2, gzip,
// a binary envelope). Only figures are kept: never the bytes. Frida side.
import { encodedSample } from '../cipher-shape.js';
import { hook, javaLength, outermost, readJavaBytes } from '../java-util.js';

const SAMPLE = 512;
/** an encoding older than this is not linked to a send */
export const LINK_MS = 10_000;

export interface Encoded {
  entropy: number;
  /** decoded bytes in all (not only the sample) */
  bytes: number;
  hex: boolean;
  ts: number;
}

let pending: Encoded | undefined;
export const encoderCounters = { sampled: 0, linked: 0 };

/** The encoding waiting for the next send (consumed), if recent enough. */
export function takeEncoded(now: number): Encoded | undefined {
  const p = pending;
  pending = undefined;
  if (p === undefined || now - p.ts > LINK_MS) return undefined;
  encoderCounters.linked++;
  return p;
}

function onEncode(input: any, offset: number, length: number): void {
  if (length <= 0) return;
  const s = encodedSample(readJavaBytes(input, offset, length, SAMPLE));
  if (!s) return;
  encoderCounters.sampled++;
  const bytes = s.hex ? length >> 1 : length;
  // several encodings before one send (a form with several fields): keep the strongest, sum sizes
  const now = Date.now();
  const prev = pending !== undefined && now - pending.ts <= LINK_MS ? pending : undefined;
  pending = {
    entropy: Math.max(s.entropy, prev?.entropy ?? 0), bytes: bytes + (prev?.bytes ?? 0), hex: s.hex || (prev?.hex ?? false), ts: now,
  };
}

/** (byte[] input, int flags) and (byte[] input, int offset, int len, int flags); java.util's
 *  encode(byte[]) / encodeToString(byte[]) / encode(byte[], byte[]). encodeToString calls
 *  encode: only the outermost call is observed. */
function encoderHook(self: unknown, args: any[], original: () => any, types: string[]): any {
  void self;
  return outermost('b64.encode', original, () => {
    const [off, len] = types.length === 4 ? [Number(args[1]), Number(args[2])] : [0, javaLength(args[0])];
    onEncode(args[0], off, len);
  });
}

export function installEncoderHooks(): void {
  for (const m of ['encode', 'encodeToString']) {
    hook('android.util.Base64', m, (self, args, original, ov) => encoderHook(self, args, original, ov.argumentTypes.map((t) => t.className ?? t.name)),
      (types) => types[0] === '[B' && (types.length === 2 || types.length === 4));
    hook('java.util.Base64$Encoder', m, (self, args, original, ov) => encoderHook(self, args, original, ov.argumentTypes.map((t) => t.className ?? t.name)),
      (types) => types[0] === '[B');
  }
}
