// What a burst of bytes written to a TCP stream is: an HTTP/1.x request, HTTP/2 frames,
// WebSocket frames, TLS records (of a socket whose plaintext the agent sees elsewhere) or raw
// bytes; and which bytes of it are the application payload whose features are measured. PURE.
import type { ByteLike } from './bytes.js';
import { type PayloadFeatures, parseHttpRequestHead, sniffPayload } from './payload.js';
import type { NetProto } from './events.js';

/** A TLS record header: content type 20..23, version 3.x, length ≤ 2^14 + 2048. */
export function isTlsRecord(b: ByteLike): boolean {
  if (b.length < 5) return false;
  const type = b[0] & 0xff;
  const major = b[1] & 0xff;
  const minor = b[2] & 0xff;
  const len = ((b[3] & 0xff) << 8) | (b[4] & 0xff);
  return type >= 20 && type <= 23 && major === 3 && minor <= 4 && len <= 18432;
}

const H2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';

function startsWithAscii(b: ByteLike, s: string): boolean {
  if (b.length < s.length) return false;
  for (let i = 0; i < s.length; i++) if ((b[i] & 0xff) !== s.charCodeAt(i)) return false;
  return true;
}

/**
 * HTTP/2 frames (after the optional connection preface): the concatenated DATA payloads (padding
 * removed) and whether the bytes parsed as frames at all. Frames cut by the sample end count up to the cut.
 */
export function http2Data(b: ByteLike): { ok: boolean; data: number[]; frames: number } {
  let i = startsWithAscii(b, H2_PREFACE) ? H2_PREFACE.length : 0;
  const preface = i > 0;
  const data: number[] = [];
  let frames = 0;
  while (i + 9 <= b.length) {
    const len = ((b[i] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i + 2] & 0xff);
    const type = b[i + 3] & 0xff;
    const flags = b[i + 4] & 0xff;
    if (type > 9 || (b[i + 5] & 0x80) !== 0 || len > 16_777_215) return { ok: preface || frames >= 2, data, frames };
    const start = i + 9;
    const end = Math.min(b.length, start + len);
    if (type === 0) {
      let s = start;
      let e = start + len;
      if (flags & 0x8) {
        const pad = b[s] & 0xff;
        s += 1;
        e -= pad;
      }
      for (let k = s; k < Math.min(e, end); k++) data.push(b[k] & 0xff);
    }
    frames++;
    i = start + len;
  }
  return { ok: preface || frames >= 2, data, frames };
}

/** Client WebSocket frames (masked): the unmasked payload bytes, or undefined when the bytes are not frames. */
export function webSocketPayload(b: ByteLike): number[] | undefined {
  const out: number[] = [];
  let i = 0;
  let frames = 0;
  while (i + 2 <= b.length) {
    const b0 = b[i] & 0xff;
    const b1 = b[i + 1] & 0xff;
    const opcode = b0 & 0x0f;
    if ((b0 & 0x70) !== 0 || ![0, 1, 2, 8, 9, 10].includes(opcode)) return frames > 0 ? out : undefined;
    let len = b1 & 0x7f;
    let p = i + 2;
    if (len === 126) {
      if (p + 2 > b.length) break;
      len = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
      p += 2;
    } else if (len === 127) {
      if (p + 8 > b.length) break;
      len = 0;
      for (let k = 0; k < 8; k++) len = len * 256 + (b[p + k] & 0xff);
      p += 8;
    }
    const masked = (b1 & 0x80) !== 0;
    const mask = [0, 0, 0, 0];
    if (masked) {
      if (p + 4 > b.length) break;
      for (let k = 0; k < 4; k++) mask[k] = b[p + k] & 0xff;
      p += 4;
    }
    const end = Math.min(b.length, p + len);
    if (opcode <= 2) for (let k = p; k < end; k++) out.push((b[k] & 0xff) ^ mask[(k - p) & 3]);
    frames++;
    i = p + len;
  }
  return frames > 0 ? out : undefined;
}

export interface StreamState {
  /** the socket is TLS (the bytes are the plaintext under it) */
  tls: boolean;
  /** an HTTP Upgrade: websocket request was sent on this connection */
  websocket?: boolean;
}

export interface Transmission {
  proto: NetProto;
  method?: string;
  path?: string;
  /** Host header, when the bytes carry one */
  host?: string;
  payload: PayloadFeatures;
  /** this request asks for a WebSocket upgrade: later bursts are frames */
  upgradesToWebSocket?: boolean;
}

/**
 * Classifies a burst: `sample` is its first bytes, `total` its size. Payload features are those
 * of the application payload: the HTTP body, HTTP/2 DATA, unmasked WebSocket data, or the raw bytes.
 */
export function classifyTransmission(sample: ByteLike, total: number, state: StreamState): Transmission {
  const secure = state.tls;
  if (state.websocket) {
    const data = webSocketPayload(sample);
    if (data) return { proto: secure ? 'wss' : 'ws', payload: { ...sniffPayload(data, data.length), size: total } };
  }
  const head = parseHttpRequestHead(sample);
  if (head) {
    const body = Array.prototype.slice.call(sample, Math.min(head.headBytes, sample.length)) as number[];
    const bodySize = Math.max(0, total - head.headBytes);
    let text = '';
    for (let i = 0; i < Math.min(head.headBytes, sample.length); i++) text += String.fromCharCode(sample[i] & 0xff);
    const upgrade = /\r?\nupgrade:[ \t]*websocket/i.test(text);
    const t: Transmission = {
      proto: secure ? 'https' : 'http', method: head.method, path: head.path,
      payload: bodySize > 0 ? sniffPayload(body, bodySize) : { size: 0 },
    };
    if (head.host) t.host = head.host;
    if (upgrade) t.upgradesToWebSocket = true;
    return t;
  }
  const h2 = http2Data(sample);
  if (h2.ok) {
    const features = h2.data.length > 0 ? sniffPayload(h2.data, h2.data.length) : {};
    return { proto: secure ? 'https' : 'http', payload: { ...features, size: total } };
  }
  return { proto: 'tcp', payload: sniffPayload(sample, total) };
}
