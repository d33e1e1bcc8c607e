// A cleartext HTTP/1.x request at the start of a client burst: method, path (the query string is
// dropped: it often carries the collected data itself), Host, Content-Type, Upgrade and where the
// body starts.

export interface HttpRequest {
  method: string;
  path: string;
  host?: string;
  contentType?: string;
  contentLength?: number;
  websocket: boolean;
  /** offset of the body in the bytes given, or -1 when the headers were cut */
  bodyAt: number;
}

const REQUEST_LINE = /^(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH|CONNECT|TRACE|PROPFIND) (\S+) HTTP\/\d(\.\d)?\r?\n/;

export function parseHttpRequest(b: Buffer): HttpRequest | undefined {
  const head = b.toString('latin1', 0, Math.min(b.length, 16384));
  const m = REQUEST_LINE.exec(head);
  if (!m) return undefined;
  const end = head.indexOf('\r\n\r\n');
  const headers = (end < 0 ? head : head.slice(0, end)).split(/\r?\n/).slice(1);
  const get = (name: string) => {
    const line = headers.find((l) => l.toLowerCase().startsWith(name + ':'));
    return line?.slice(name.length + 1).trim();
  };
  let target = m[2];
  let host = get('host');
  const abs = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)(.*)$/i.exec(target);
  if (abs) { host = host ?? abs[1]; target = abs[2] || '/'; }
  const path = m[1] === 'CONNECT' ? target : target.split(/[?#]/)[0] || '/';
  const cl = get('content-length');
  const r: HttpRequest = {
    method: m[1], path, websocket: /websocket/i.test(get('upgrade') ?? ''), bodyAt: end < 0 ? -1 : end + 4,
  };
  if (host) r.host = stripPort(host.toLowerCase());
  const ct = get('content-type');
  if (ct) r.contentType = ct;
  if (cl && /^\d+$/.test(cl)) r.contentLength = Number(cl);
  return r;
}

function stripPort(h: string): string {
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const i = h.lastIndexOf(':');
  return i > 0 && h.indexOf(':') === i ? h.slice(0, i) : h;
}
