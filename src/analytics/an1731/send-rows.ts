// The sends of an app context's window as columns (see rows.ts): a third of all events are sends,
// and their records were the largest share of what the GC copied. The score gates read the
// columns; a `Send` object is made only for the rare evaluation that builds an explanation.
import type { PayloadFeatures } from '../../model/index.js';
import type { ExecState, Send } from './types.js';
import { MomentRows, MOMENT_NS, MOMENT_OS } from './moment-rows.js';
import { isBareHost, isCleartextOf } from './transport.js';

// numbers after the moment's: bytes (0 when unsized), port (NaN: none), payload entropy, b64_fields, entropy and bytes of
// the decoded base64/hex fields (NaN: none), flags
const N_BYTES = MOMENT_NS, N_PORT = N_BYTES + 1, N_ENTROPY = N_BYTES + 2, N_B64 = N_BYTES + 3, N_FLAGS = N_BYTES + 4,
  N_ENC_ENTROPY = N_BYTES + 5, N_ENC_BYTES = N_BYTES + 6, N_HEX = N_BYTES + 7, N_SIZE = N_BYTES + 8, NS = N_BYTES + 9;
// objects after the moment's: host, ip, proto, payload format, the row's record once made (see `send`)
const O_HOST = MOMENT_OS, O_IP = O_HOST + 1, O_PROTO = O_HOST + 2, O_FORMAT = O_HOST + 3, O_RECORD = O_HOST + 4, O_DEST = O_HOST + 5, OS = O_HOST + 6;

const TLS_ON = 1, TLS_OFF = 2, HAS_PAYLOAD = 8, B64 = 16, BARE = 32, CLEAR = 64, HEX = 128, UNSIZED = 256;

export class SendRows extends MomentRows {
  constructor(cap: number) { super(NS, OS, cap); }

  /** `bytes` NaN: the source did not record the size (kept as 0 in every sum, flagged unsized) */
  add(ts: number, ref: string, bytes: number, exec: ExecState, host: string | undefined, ip: string | undefined, port: number | undefined,
    proto: string | undefined, tls: boolean | undefined, payload: PayloadFeatures | undefined): void {
    const i = this.moment(ts, ref, exec);
    const n = i * NS, o = i * OS, nums = this.nums, objs = this.objs;
    let flags = tls === true ? TLS_ON : tls === false ? TLS_OFF : 0;
    let format: string | undefined;
    if (payload !== undefined) {
      flags |= HAS_PAYLOAD;
      format = payload.format;
      if ((payload.b64_fields ?? 0) > 0 || format === 'base64') flags |= B64;
      if ((payload.hex_fields ?? 0) > 0) flags |= HEX;
    }
    if (Number.isNaN(bytes)) { flags |= UNSIZED; bytes = 0; }
    // the previous row's equal strings are kept, so that the parsed event's copies die young
    // the destination string is made once per send (facets key their counts by it); the previous
    // row's is reused when host, IP and port are the same
    let dest: string | undefined, bare: boolean | undefined;
    if (i > this.start) {
      const p = (i - 1) * OS;
      if (objs[p + O_PROTO] === proto) proto = objs[p + O_PROTO] as string | undefined;
      if (objs[p + O_FORMAT] === format) format = objs[p + O_FORMAT] as string | undefined;
      if (objs[p + O_HOST] === host) {
        bare = (nums[(i - 1) * NS + N_FLAGS] & BARE) !== 0;
        if (objs[p + O_IP] === ip && nums[(i - 1) * NS + N_PORT] === port) dest = objs[p + O_DEST] as string;
      }
    }
    dest ??= (host ?? ip ?? '?') + (port !== undefined ? ':' + port : '');
    if (bare ?? isBareHost(host)) flags |= BARE;
    if (isCleartextOf(tls, proto)) flags |= CLEAR;
    nums[n + N_BYTES] = bytes;
    nums[n + N_PORT] = port ?? NaN;
    nums[n + N_ENTROPY] = payload?.entropy ?? NaN;
    nums[n + N_B64] = payload?.b64_fields ?? NaN;
    nums[n + N_ENC_ENTROPY] = payload?.enc_entropy ?? NaN;
    nums[n + N_ENC_BYTES] = payload?.enc_bytes ?? NaN;
    nums[n + N_HEX] = payload?.hex_fields ?? NaN;
    nums[n + N_SIZE] = payload?.size ?? NaN;
    nums[n + N_FLAGS] = flags;
    objs[o + O_HOST] = host;
    objs[o + O_IP] = ip;
    objs[o + O_PROTO] = proto;
    objs[o + O_FORMAT] = format;
    objs[o + O_RECORD] = undefined;
    objs[o + O_DEST] = dest;
    this.capped();
  }

  /** no host name, or an IP literal */
  bare(i: number): boolean { return (this.nums[i * NS + N_FLAGS] & BARE) !== 0; }
  /** sent without TLS (see transport.ts) */
  cleartext(i: number): boolean { return (this.nums[i * NS + N_FLAGS] & CLEAR) !== 0; }
  bytes(i: number): number { return this.nums[i * NS + N_BYTES]; }
  port(i: number): number | undefined { const p = this.nums[i * NS + N_PORT]; return Number.isNaN(p) ? undefined : p; }
  format(i: number): string | undefined { return this.objs[i * OS + O_FORMAT] as string | undefined; }
  b64Fields(i: number): number { return this.nums[i * NS + N_B64]; }
  /** the destination as alerts name it: host (else IP, else `?`) and `:port` */
  dest(i: number): string { return this.objs[i * OS + O_DEST] as string; }
  host(i: number): string | undefined { return this.objs[i * OS + O_HOST] as string | undefined; }
  ip(i: number): string | undefined { return this.objs[i * OS + O_IP] as string | undefined; }
  proto(i: number): string | undefined { return this.objs[i * OS + O_PROTO] as string | undefined; }
  entropy(i: number): number { return this.nums[i * NS + N_ENTROPY]; }
  tls(i: number): boolean | undefined { const f = this.nums[i * NS + N_FLAGS]; return f & TLS_ON ? true : f & TLS_OFF ? false : undefined; }
  /** base64-encoded payload fields, or a base64 body */
  b64(i: number): boolean { return (this.nums[i * NS + N_FLAGS] & B64) !== 0; }
  /** hex-encoded payload fields (of 16 bytes or more) */
  hex(i: number): boolean { return (this.nums[i * NS + N_FLAGS] & HEX) !== 0; }
  /** entropy of the decoded bytes of the encoded fields (NaN: not given) */
  encEntropy(i: number): number { return this.nums[i * NS + N_ENC_ENTROPY]; }
  /** decoded bytes of the encoded fields (NaN: not given) */
  encBytes(i: number): number { return this.nums[i * NS + N_ENC_BYTES]; }
  /** the payload's size (NaN: not given) */
  payloadSize(i: number): number { return this.nums[i * NS + N_SIZE]; }
  /** the source did not record how many bytes went out (bytes(i) is 0) */
  unsized(i: number): boolean { return (this.nums[i * NS + N_FLAGS] & UNSIZED) !== 0; }

  /** the newest live row, or -1 */
  lastRow(): number { return this.end > this.start ? this.end - 1 : -1; }

  /** row i as the record the facets read, made on demand (explanations only) and kept with the
   *  row: an open chain's context is explained at each send, over the same rows (and a record
   *  keeps its destination string once made, see `destOf`) */
  send(i: number): Send {
    const n = i * NS, o = i * OS, nums = this.nums, objs = this.objs;
    const made = objs[o + O_RECORD] as Send | undefined;
    if (made !== undefined) return made;
    const flags = nums[n + N_FLAGS];
    const port = nums[n + N_PORT], entropy = nums[n + N_ENTROPY], b64 = nums[n + N_B64];
    const encE = nums[n + N_ENC_ENTROPY], encB = nums[n + N_ENC_BYTES], hex = nums[n + N_HEX], size = nums[n + N_SIZE];
    let payload: PayloadFeatures | undefined;
    if (flags & HAS_PAYLOAD) {
      payload = {};
      const format = objs[o + O_FORMAT] as PayloadFeatures['format'];
      if (format !== undefined) payload.format = format;
      if (!Number.isNaN(entropy)) payload.entropy = entropy;
      if (!Number.isNaN(b64)) payload.b64_fields = b64;
      if (!Number.isNaN(hex)) payload.hex_fields = hex;
      if (!Number.isNaN(encE)) payload.enc_entropy = encE;
      if (!Number.isNaN(encB)) payload.enc_bytes = encB;
      if (!Number.isNaN(size)) payload.size = size;
    }
    const s: Send = {
      ts: nums[n], ref: this.ref(i), dest: objs[o + O_DEST] as string, bytes: nums[n + N_BYTES], exec: this.exec(i),
      host: objs[o + O_HOST] as string | undefined, ip: objs[o + O_IP] as string | undefined, port: Number.isNaN(port) ? undefined : port,
      proto: objs[o + O_PROTO] as string | undefined, tls: this.tls(i), payload,
    };
    objs[o + O_RECORD] = s;
    return s;
  }

  /** rows [from, to) as records */
  sends(from: number, to: number): Send[] {
    const out: Send[] = [];
    for (let i = from; i < to; i++) out.push(this.send(i));
    return out;
  }
}
