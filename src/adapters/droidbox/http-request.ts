// What a DroidBox `sendnet` write shows of an HTTP request: method, path, Host header, body.
// DroidBox keeps only the first bytes of each write, so every part may be cut.

export interface HttpRequestHead { method: string; path: string; query?: string; host?: string; body?: Uint8Array }

// the request line may itself be cut: the method and the start of the target are enough
const REQUEST_LINE = /^(GET|POST|PUT|HEAD|DELETE|OPTIONS|PATCH|CONNECT) (\/\S*|https?:\/\/\S+)(?: |\r?\n|$)/;

export function parseHttpRequest(bytes: Uint8Array): HttpRequestHead | undefined {
  const text = Buffer.from(bytes).toString('latin1');
  const m = REQUEST_LINE.exec(text);
  if (!m) return undefined;
  let target = m[2];
  let absoluteHost: string | undefined;
  const abs = /^https?:\/\/([^/:?#\s]+)(?::\d+)?(\/\S*)?$/.exec(target);
  if (abs) { absoluteHost = abs[1]; target = abs[2] ?? '/'; }
  const q = target.indexOf('?');
  const head: HttpRequestHead = { method: m[1], path: q >= 0 ? target.slice(0, q) : target };
  if (q >= 0 && q < target.length - 1) head.query = target.slice(q + 1);
  const host = /\r?\nHost: ([^\r\n:]+)(?::\d+)?\r?\n/i.exec(text);
  if (host) head.host = host[1].trim();
  else if (absoluteHost) head.host = absoluteHost;
  const end = text.indexOf('\r\n\r\n');
  if (end >= 0 && end + 4 < bytes.length) head.body = bytes.subarray(end + 4);
  return head;
}

/** a TLS record header (handshake, alert, change cipher spec, application data; version 3.x) */
export function isTlsRecord(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] >= 0x14 && b[0] <= 0x17 && b[1] === 3 && b[2] <= 4;
}
