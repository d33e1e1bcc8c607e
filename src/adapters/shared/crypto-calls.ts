// SecretKeySpec / Cipher hooks -> crypto.key and crypto.op. Key bytes are fingerprinted and
// dropped here; plaintext and ciphertext only give their lengths.
import type { JavaCall } from './java-call.js';
import type { MapContext, ThreadState } from './map-context.js';
import { UNKEYED } from './key-fp.js';
import { canonicalAlg, isAsymmetric, isCipherKeyAlg, paddedSize, parseTransformation } from './cipher-names.js';
import { printableShare } from './byte-values.js';

const KEY_SPEC = 'javax.crypto.spec.SecretKeySpec';
const CONSTRUCTORS = new Set(['<init>', '$init', KEY_SPEC, 'SecretKeySpec']);
const ENCRYPT_MODE = 1, DECRYPT_MODE = 2;

export function mapCryptoCall(c: JavaCall, t: ThreadState, x: MapContext): boolean {
  if (c.cls === KEY_SPEC && CONSTRUCTORS.has(c.method)) { onKeySpec(c, t, x); return true; }
  if (c.cls !== 'javax.crypto.Cipher') return false;
  switch (c.method) {
    case 'getInstance':
      if (typeof c.args[0] === 'string') t.transformation = parseTransformation(c.args[0]);
      return true;
    case 'init': {
      const m = Number(c.args[0]);
      if (Number.isInteger(m)) t.initMode = m;
      return true;
    }
    case 'doFinal':
      onDoFinal(c, t, x);
      return true;
    default:
      return true; // update, getIV...: nothing to emit
  }
}

function onKeySpec(c: JavaCall, t: ThreadState, x: MapContext): void {
  // SecretKeySpec(key, alg) or SecretKeySpec(key, offset, len, alg)
  const algArg = c.args.length >= 4 ? c.args[3] : c.args[1];
  const alg = typeof algArg === 'string' && algArg.trim() !== '' ? algArg : undefined;
  let bytes = x.opts.decode(c.args[0]);
  if (bytes && c.args.length >= 4) {
    const off = Number(c.args[1]), len = Number(c.args[2]);
    if (Number.isInteger(off) && Number.isInteger(len) && off >= 0 && len > 0) bytes = bytes.subarray(off, off + len);
  }
  if (!bytes || bytes.length === 0 || !alg) {
    x.sink.issue('unreadable_key', 'SecretKeySpec without readable key bytes and algorithm: skipped', { ...c.at, field: fieldOf(c, 'args') });
    return;
  }
  if (!isCipherKeyAlg(alg)) { x.counters.macKeys++; return; }
  const fps = x.opts.fp ?? UNKEYED;
  const fp = fps.of(bytes);
  const canonical = canonicalAlg(alg.split('/')[0]);
  t.key = { fp, alg: canonical };
  x.counters.keys++;
  x.sink.emit(c.ts, 'crypto.key', { key_fp: fp, alg: canonical, bits: bytes.length * 8, origin: 'literal', ...fps.fields });
}

function onDoFinal(c: JavaCall, t: ThreadState, x: MapContext): void {
  const input = inputOf(c, x);
  const output = outputOf(c, x);
  const mode = c.self.mode ?? t.initMode;
  let dir: 'encrypt' | 'decrypt' | undefined;
  if (mode === ENCRYPT_MODE) dir = 'encrypt';
  else if (mode === DECRYPT_MODE) dir = 'decrypt';
  else if (mode !== undefined) { x.counters.wrapOps++; return; } // WRAP/UNWRAP: key wrapping, not data
  else dir = guessDirection(input, output);
  if (!dir) {
    x.counters.noDirection++;
    x.sink.issue('unknown_direction', 'Cipher.doFinal with no mode and no size or text hint of its direction: skipped', { ...c.at, field: fieldOf(c, 'args') });
    return;
  }
  const tr = t.transformation;
  const alg = tr?.alg ?? t.key?.alg ?? 'unknown';
  if (isAsymmetric(alg)) { x.counters.asymmetric.set(alg, (x.counters.asymmetric.get(alg) ?? 0) + 1); return; }
  const body: Record<string, unknown> = { alg, dir };
  if (t.key && (!tr || tr.alg === t.key.alg)) Object.assign(body, { key_fp: t.key.fp }, (x.opts.fp ?? UNKEYED).fields);
  if (tr?.mode) body.mode = tr.mode;
  if (input) body.in_bytes = input.length;
  const out = output?.length ?? (dir === 'encrypt' && tr && input ? paddedSize(tr, input.length) : undefined);
  if (out !== undefined) body.out_bytes = out;
  body.api = 'javax.crypto.Cipher.doFinal';
  if (alg === 'unknown') x.counters.unknownAlgOps.push({ in: input?.length, out });
  x.sink.emit(c.ts, 'crypto.op', body);
}

/** doFinal(in), doFinal(in, off, len[, out...]): the input; doFinal() and doFinal(out, off): unknown */
function inputOf(c: JavaCall, x: MapContext): Uint8Array | undefined {
  const a = c.args;
  if (a.length === 0 || (a.length === 2 && typeof a[1] !== 'object')) return undefined;
  const b = x.opts.decode(a[0]);
  if (!b || a.length < 3) return b;
  const off = Number(a[1]), len = Number(a[2]);
  return Number.isInteger(off) && Number.isInteger(len) && off >= 0 && len >= 0 ? b.subarray(off, off + len) : b;
}

/** the most bytes one doFinal is taken to have written */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

function outputOf(c: JavaCall, x: MapContext): Uint8Array | undefined {
  const r = c.result;
  // bytes written (an implausible count is no size at all: never allocated)
  if (typeof r === 'number') return Number.isInteger(r) && r >= 0 && r <= MAX_OUTPUT_BYTES ? new Uint8Array(r) : undefined;
  if (r === undefined || r === null || r === '') return undefined;
  return x.opts.decode(r);
}

/** Padding makes ciphertext longer than plaintext; for equal sizes the printable side is the plaintext. */
export function guessDirection(input: Uint8Array | undefined, output: Uint8Array | undefined): 'encrypt' | 'decrypt' | undefined {
  if (!input || !output) return undefined;
  if (output.length > input.length) return 'encrypt';
  if (output.length < input.length) return 'decrypt';
  const pin = printableShare(input), pout = printableShare(output);
  if (pin >= 0.9 && pout < 0.9) return 'encrypt';
  if (pout >= 0.9 && pin < 0.9) return 'decrypt';
  return undefined;
}

function fieldOf(c: JavaCall, leaf: string): string {
  return c.at.field ? `${c.at.field}.${leaf}` : leaf;
}
