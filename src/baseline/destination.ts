// How a baseline names a destination: the registrable domain of a host name (the last two
// labels, three under a known two-level public suffix: an approximation of the Public Suffix
// List that is documented in docs/detection.md), or the bare IP address.

const TWO_LEVEL = new Set(['co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'com.au', 'net.au', 'org.au', 'co.jp', 'ne.jp', 'or.jp',
  'com.br', 'com.cn', 'net.cn', 'org.cn', 'co.in', 'co.kr', 'co.nz', 'com.mx', 'com.tr', 'com.ru', 'co.za', 'com.sg', 'com.hk',
  'com.tw', 'appspot.com', 'cloudfront.net', 'herokuapp.com', 'firebaseapp.com', 'web.app', 'github.io', 'blogspot.com']);

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

// (an SMS destination `sms:<number>` has a colon too: it is a phone number, not an IPv6 address)
export const isBareIp = (x: string): boolean => IPV4.test(x) || (x.includes(':') && !x.startsWith('sms:'));

export function registrableDomain(host: string): string {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (isBareIp(h) || h.startsWith('sms:')) return h;
  const labels = h.split('.');
  if (labels.length <= 2) return h;
  const last2 = labels.slice(-2).join('.');
  return TWO_LEVEL.has(last2) ? labels.slice(-3).join('.') : last2;
}

/** the destination key of a send: registrable domain of the host, else the IP, else `?` */
export function destinationKey(host: string | undefined, ip: string | undefined): string {
  if (host) return registrableDomain(host);
  return ip ? ip.toLowerCase() : '?';
}

/** a staged file path with its per-file random parts (hex ids, counters) folded into `*` */
export function pathPattern(path: string): string {
  return path.replace(/[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}/g, '*').replace(/[0-9a-fA-F]{8,}|\d{3,}/g, '*');
}
