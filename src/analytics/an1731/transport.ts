// What a send's transport says: a bare IP instead of a host name, no TLS. Judged once per send,
// when its row is made.
const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:]+)$/i;
// UDP is left out: datagram protocols (VPNs, QUIC, RTP) carry their own encryption
const PLAIN_PROTOS = new Set(['http', 'ws', 'tcp']);

/** no host name, or one that is an IP literal */
export const isBareHost = (host: string | undefined): boolean => !host || IP_LITERAL.test(host);
// an SMS travels the carrier's network readable by it: a cleartext channel whatever the payload
export const isCleartextOf = (tls: boolean | undefined, proto: string | undefined): boolean =>
  proto === 'sms' || (tls === false ? proto !== 'udp' && proto !== 'quic' : tls === undefined && proto !== undefined && PLAIN_PROTOS.has(proto));

/** a DNS lookup with no encoded data in it carries no collected data: a destination, not a send */
export const isBareLookup = (proto: string | undefined, payload: { b64_fields?: number; hex_fields?: number; enc_bytes?: number } | undefined): boolean =>
  proto === 'dns' && !((payload?.b64_fields ?? 0) > 0 || (payload?.hex_fields ?? 0) > 0 || (payload?.enc_bytes ?? 0) > 0);
