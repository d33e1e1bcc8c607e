// DNS messages (RFC 1035): the question, and the A/AAAA answers that map addresses to the name
// the app asked for (CNAME chains are followed back to the question name).
import { ipv4ToString, ipv6ToString } from './ip.js';

export interface DnsMessage { id: number; response: boolean; qname?: string; qtype?: number; addresses: string[] }

export function parseDns(b: Buffer): DnsMessage | undefined {
  if (b.length < 12) return undefined;
  const id = b.readUInt16BE(0), flags = b.readUInt16BE(2);
  const qd = b.readUInt16BE(4), an = b.readUInt16BE(6);
  if (qd > 16 || an > 512) return undefined;
  const msg: DnsMessage = { id, response: (flags & 0x8000) !== 0, addresses: [] };
  let p = 12;
  try {
    for (let i = 0; i < qd; i++) {
      const [name, next] = readName(b, p);
      if (i === 0) { msg.qname = name; msg.qtype = b.readUInt16BE(next); }
      p = next + 4;
    }
    for (let i = 0; i < an && p < b.length; i++) {
      const [, next] = readName(b, p);
      const type = b.readUInt16BE(next), rdlen = b.readUInt16BE(next + 8);
      const rd = next + 10;
      if (rd + rdlen > b.length) break;
      if (type === 1 && rdlen === 4) msg.addresses.push(ipv4ToString(b, rd));
      else if (type === 28 && rdlen === 16) msg.addresses.push(ipv6ToString(b, rd));
      p = rd + rdlen;
    }
  } catch {
    return msg.qname ? msg : undefined;
  }
  return msg;
}

function readName(b: Buffer, start: number): [string, number] {
  const labels: string[] = [];
  let p = start, end = -1;
  for (let jumps = 0; jumps < 32;) {
    if (p >= b.length) throw new RangeError('name past the end');
    const l = b[p];
    if (l === 0) { if (end < 0) end = p + 1; break; }
    if ((l & 0xc0) === 0xc0) {
      if (end < 0) end = p + 2;
      p = ((l & 0x3f) << 8) | b[p + 1];
      jumps++;
      continue;
    }
    if (p + 1 + l > b.length) throw new RangeError('label past the end');
    labels.push(b.toString('latin1', p + 1, p + 1 + l));
    p += 1 + l;
  }
  return [labels.join('.').toLowerCase(), end];
}
