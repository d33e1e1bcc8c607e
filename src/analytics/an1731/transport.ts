// What a send's transport says: a bare IP instead of a host name, no TLS. Judged once per send,
// when its row is made.
const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:]+)$/i;
// UDP is left out: datagram protocols (VPNs, QUIC, RTP) carry their own encryption
const PLAIN_PROTOS = new Set(['http', 'ws', 'tcp']);

/** no host name, or one that is an IP literal */
export const isBareHost = (host: string | undefined): boolean => !host || IP_LITERAL.test(host);
export const isCleartextOf = (tls: boolean | undefined, proto: string | undefined): boolean =>
  tls === false ? proto !== 'udp' && proto !== 'quic' : tls === undefined && proto !== undefined && PLAIN_PROTOS.has(proto);
