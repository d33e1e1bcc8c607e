// IP addresses as text, and the classes of address and port that tell the device side from the
// network and OS infrastructure from app traffic. Shared by the pcap and packet-csv adapters.

export function ipv4ToString(b: Buffer, off: number): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
}

/** RFC 5952 text: lowercase, leading zeros dropped, the longest run (≥ 2) of zero groups as `::` */
export function ipv6ToString(b: Buffer, off: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(b.readUInt16BE(off + i * 2));
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = (x: number[]) => x.map((v) => v.toString(16)).join(':');
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIpv4(s: string): number[] | undefined {
  const m = V4.exec(s);
  if (!m) return undefined;
  const o = m.slice(1, 5).map(Number);
  return o.every((x) => x <= 255) ? o : undefined;
}

export function isIpv6(s: string): boolean {
  return /^[0-9a-f:.]+$/i.test(s) && s.includes(':');
}

export function isIp(s: string): boolean {
  return parseIpv4(s) !== undefined || isIpv6(s);
}

/** RFC 1918, CGNAT (100.64/10), link-local, loopback, IPv6 ULA (fc00::/7), link-local (fe80::/10) */
export function isPrivateIp(s: string): boolean {
  const o = parseIpv4(s);
  if (o) {
    return o[0] === 10 || o[0] === 127 || (o[0] === 172 && o[1] >= 16 && o[1] <= 31) || (o[0] === 192 && o[1] === 168) ||
      (o[0] === 100 && o[1] >= 64 && o[1] <= 127) || (o[0] === 169 && o[1] === 254);
  }
  if (!isIpv6(s)) return false;
  const l = s.toLowerCase();
  return l === '::1' || /^f[cd][0-9a-f]{0,2}:/.test(l) || /^fe[89ab][0-9a-f]?:/.test(l);
}

/** multicast, limited broadcast, or an x.x.x.255 directed broadcast (a guess without the netmask) */
export function isGroupIp(s: string): boolean {
  const o = parseIpv4(s);
  if (o) return (o[0] >= 224 && o[0] <= 239) || o.every((x) => x === 255) || (isPrivateIp(s) && o[3] === 255);
  return /^ff[0-9a-f]{0,2}:/i.test(s);
}

// OS and LAN infrastructure: not what an app sends. DNS is not here: a query names a destination.
export const INFRA_UDP_PORTS: ReadonlyMap<number, string> = new Map([
  [67, 'dhcp'], [68, 'dhcp'], [123, 'ntp'], [137, 'netbios'], [138, 'netbios'], [546, 'dhcpv6'], [547, 'dhcpv6'],
  [1900, 'ssdp'], [5353, 'mdns'], [5355, 'llmnr'],
]);

/** why a packet to this destination is infrastructure noise, or undefined when it is app traffic */
export function infrastructureReason(proto: 'tcp' | 'udp', dstIp: string, srcPort: number, dstPort: number): string | undefined {
  if (isGroupIp(dstIp)) return 'multicast/broadcast';
  if (proto === 'udp') return INFRA_UDP_PORTS.get(dstPort) ?? INFRA_UDP_PORTS.get(srcPort);
  return undefined;
}
