// Features of an outgoing payload, computed on the device from its first KBs (the payload itself
// never leaves the device): telemetry v1.1 `net.send.payload`. The decode-aware rules are the
// ones every host-side adapter uses (src/payload of the detector, bundled into the agent), so a
// request reads the same whichever sensor saw it. This file adds the HTTP request head. PURE.
import type { ByteLike } from './bytes.js';

export { type PayloadFeatures, type PayloadFormat, PAYLOAD_SAMPLE_BYTES, sniffPayload } from '../../../src/payload/features.js';
export { isBase64Field, MIN_B64_FIELD } from '../../../src/payload/encoded.js';
export { looksLikeText } from '../../../src/payload/utf8.js';
export { looksLikeProtobuf } from '../../../src/payload/protobuf.js';
export { reducePath } from '../../../src/payload/url-path.js';

/** The head of a plaintext HTTP/1.x request seen on a socket. */
export interface HttpRequestHead {
  method: string;
  path: string;
  host?: string;
  /** bytes of the request line and headers, including the blank line */
  headBytes: number;
}

const HTTP_METHODS = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP\/1\.[01]\r?\n/;

/** Parses the request line and Host header when `sample` starts with an HTTP/1.x request. */
export function parseHttpRequestHead(sample: ByteLike): HttpRequestHead | undefined {
  const n = Math.min(sample.length, 8192);
  let head = '';
  for (let i = 0; i < n; i++) head += String.fromCharCode(sample[i] & 0xff);
  const m = HTTP_METHODS.exec(head);
  if (!m) return undefined;
  const end = head.indexOf('\r\n\r\n');
  const endLf = head.indexOf('\n\n');
  const headBytes = end >= 0 ? end + 4 : endLf >= 0 ? endLf + 2 : n;
  const host = /\r?\nhost:[ \t]*([^\r\n]+)/i.exec(head.slice(0, headBytes))?.[1]?.trim();
  const out: HttpRequestHead = { method: m[1], path: m[2].replace(/\?.*$/, ''), headBytes };
  if (host) out.host = host.replace(/:\d+$/, '');
  return out;
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
