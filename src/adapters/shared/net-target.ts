// Destination fields of a net.send from a URL or from a (host, port) pair seen on a socket.

export interface NetTarget {
  dst_host?: string;
  dst_ip?: string;
  dst_port?: number;
  proto?: 'http' | 'https' | 'ws' | 'wss' | 'tcp' | 'udp' | 'other';
  tls?: boolean;
  path?: string;
  /** the raw query string (without '?'), for payload features; never emitted as is */
  query?: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const URL_IN_TEXT = /\b(?:https?|wss?):\/\/[^\s"'<>,\]\[{}]+/i;

export function isIpLiteral(host: string): boolean {
  return IPV4.test(host) || (host.includes(':') && /^[0-9a-f:.]+$/i.test(host));
}

/** dst_host or dst_ip for a host string */
export function hostFields(host: string): { dst_host: string } | { dst_ip: string } {
  const h = host.replace(/^\[|\]$/g, '');
  return isIpLiteral(h) ? { dst_ip: h } : { dst_host: h.toLowerCase() };
}

/** the first http(s)/ws(s) URL in a text, or undefined */
export function findUrl(text: string): string | undefined {
  return URL_IN_TEXT.exec(text)?.[0];
}

/** URL -> destination fields; undefined for anything that is not an absolute http(s)/ws(s) URL */
export function targetOfUrl(raw: string): NetTarget | undefined {
  let u: URL;
  try { u = new URL(raw.trim()); } catch { return undefined; }
  const scheme = u.protocol.replace(/:$/, '');
  if (!['http', 'https', 'ws', 'wss'].includes(scheme) || u.hostname === '') return undefined;
  const tls = scheme === 'https' || scheme === 'wss';
  const port = u.port !== '' ? Number(u.port) : tls ? 443 : 80;
  const t: NetTarget = { ...hostFields(u.hostname), dst_port: port, proto: scheme as NetTarget['proto'], tls, path: u.pathname || '/' };
  if (u.search.length > 1) t.query = u.search.slice(1);
  return t;
}

/** a socket destination: host or IP and port; the protocol is implied by the well-known ports only */
export function targetOfSocket(host: string, port: number | undefined): NetTarget {
  const t: NetTarget = { ...hostFields(host) };
  if (port !== undefined && Number.isInteger(port) && port >= 0 && port <= 65535) {
    t.dst_port = port;
    if (port === 80) { t.proto = 'http'; t.tls = false; }
    else if (port === 443) { t.proto = 'https'; t.tls = true; }
    else t.proto = 'tcp';
  }
  return t;
}
