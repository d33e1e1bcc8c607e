// Hooked Java calls (droidmon, Frida) -> telemetry v1, in the order the format gives them. The
// mappings per concern live in crypto-calls, file-calls, net-calls, data-calls and state-calls;
// this file holds the per-thread state and turns what was skipped into notes.
import type { EventSink } from './event-sink.js';
import type { JavaCall } from './java-call.js';
import { newCounters, type MapContext, type MapOptions, type ThreadState } from './map-context.js';
import { mapCryptoCall } from './crypto-calls.js';
import { mapFileCall } from './file-calls.js';
import { mapNetCall } from './net-calls.js';
import { mapDataCall } from './data-calls.js';
import { mapStateCall } from './state-calls.js';

export function createMapContext(sink: EventSink, app: string, opts: MapOptions): MapContext {
  const threads = new Map<string, ThreadState>();
  return {
    sink, opts, app,
    thread(id) {
      let t = threads.get(id);
      if (!t) threads.set(id, (t = { index: 0 }));
      return t;
    },
    seenDestinations: new Set(),
    counters: newCounters(),
  };
}

export function mapJavaCall(c: JavaCall, x: MapContext): void {
  const t = x.thread(c.thread);
  t.index++;
  if (c.cls === 'android.util.Base64' && /^encode/.test(c.method)) { x.counters.base64++; return; }
  if (mapCryptoCall(c, t, x) || mapFileCall(c, t, x) || mapNetCall(c, t, x) || mapDataCall(c, x)) return;
  mapStateCall(c, x);
}

/** what the mapping skipped or assumed, as notes for people */
export function noteSkipped(x: MapContext): void {
  const k = x.counters;
  const s = x.sink;
  if (k.keys) s.note(`crypto.key origin \`literal\` (${k.keys} SecretKeySpec construction(s)): the hook sees the bytes handed to SecretKeySpec, not where they came from; key_fp is SHA-256 of those bytes (first 16 bytes, hex)`);
  for (const [alg, n] of k.asymmetric) s.note(`${n} ${alg} cipher operation(s) skipped: asymmetric, not in the symmetric-crypto contract`);
  if (k.macKeys) s.note(`${k.macKeys} SecretKeySpec key(s) for MAC/PBE algorithms skipped: not cipher keys`);
  if (k.wrapOps) s.note(`${k.wrapOps} Cipher wrap/unwrap operation(s) skipped: key wrapping, not data`);
  if (k.droppedArtifacts) s.note(`${k.droppedArtifacts} write(s) of *.DROPPED_FILE skipped: the sandbox's own copies of dropped files`);
  if (k.processWrites) s.note(`${k.processWrites} FileOutputStream.write call(s) without a file path skipped: a process's stdin (shell commands), not a file`);
  if (k.base64) s.note(`${k.base64} Base64 encode call(s) seen: telemetry v1 has no event for them; they are not linked to sends`);
  const unknown = k.unknownAlgOps;
  if (unknown.length) {
    s.note(`${unknown.length} cipher operation(s) with alg "unknown": no SecretKeySpec or Cipher.getInstance on their thread tells the algorithm`);
    if (looksLikeRsa(unknown)) s.note(`those "unknown" operations all output one ${[...new Set(unknown.map((o) => o.out))][0]}-byte block for inputs of several sizes, each at least 11 bytes shorter, which no padded block or stream cipher does: the RSA PKCS#1 v1.5 pattern, i.e. probably asymmetric`);
  }
}

/** RSA PKCS#1 v1.5: every output is the modulus size, every input at most 11 bytes shorter */
function looksLikeRsa(ops: { in?: number; out?: number }[]): boolean {
  const outs = new Set(ops.map((o) => o.out));
  if (outs.size !== 1) return false;
  const out = [...outs][0];
  if (out === undefined || ![128, 256, 512].includes(out)) return false;
  const ins = ops.map((o) => o.in).filter((n): n is number => n !== undefined);
  // and some input for which no symmetric cipher gives that size (PKCS#5 block padding, GCM tag, stream)
  return ins.length === ops.length && ins.every((n) => n <= out - 11) &&
    ins.some((n) => n !== out && n + 16 !== out && (Math.floor(n / 16) + 1) * 16 !== out);
}
