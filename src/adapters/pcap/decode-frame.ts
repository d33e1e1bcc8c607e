// Link layer -> IPv4/IPv6 -> TCP/UDP. Lengths come from the IP/UDP headers (the bytes the host
// sent), content from the captured bytes (which a snaplen may have cut). Link types: Null/Loop,
// Ethernet (with 802.1Q/802.1ad tags), raw IP (101, 12, 14), raw IPv4 (228) / IPv6 (229),
// Linux cooked SLL (113) and SLL2 (276).
//
// PCAPdroid trailer (classic pcap written with "PCAPdroid extensions"): the raw IP packet is
// wrapped in a bogus Ethernet header and followed by padding to 4 bytes and a 32-byte trailer:
// u32 magic 0x01072021, i32 uid, char appname[20] (the app's label, NUL-padded), u32 CRC32, all
// big-endian. Ordinary readers see it as Ethernet padding; here it gives the uid and app label.
import { ipv4ToString, ipv6ToString } from './ip.js';

export interface Packet {
  src: string;
  dst: string;
  proto: 'tcp' | 'udp';
  sport: number;
  dport: number;
  /** TCP flags byte (FIN 1, SYN 2, RST 4, PSH 8, ACK 16) */
  flags: number;
  seq: number;
  /** application bytes the packet carried, from the IP/UDP lengths */
  payloadLen: number;
  /** the captured part of those bytes */
  payload: Buffer;
  /** PCAPdroid trailer */
  uid?: number;
  appLabel?: string;
}

export type Decoded =
  | { ok: true; pkt: Packet }
  | { ok: false; reason: 'unsupported_linktype' | 'not_ip' | 'not_tcp_udp' | 'fragment' | 'malformed'; detail?: string };

export const TCP_FIN = 1, TCP_SYN = 2, TCP_RST = 4, TCP_ACK = 16;
const TRAILER_MAGIC = 0x01072021;
const TRAILER_LEN = 32;

export function decodeFrame(linktype: number, frame: Buffer): Decoded {
  let b = frame;
  let uid: number | undefined, appLabel: string | undefined;
  let off: number;
  let ethertype: number | undefined;
  switch (linktype) {
    case 0: { // BSD loopback: address family in the capturing host's byte order
      if (b.length < 4) return bad('short loopback header');
      const af = b.readUInt32LE(0) < 256 ? b.readUInt32LE(0) : b.readUInt32BE(0);
      ethertype = af === 2 ? 0x0800 : af === 24 || af === 28 || af === 30 ? 0x86dd : -1;
      off = 4;
      break;
    }
    case 1: {
      if (b.length < 14) return bad('short Ethernet header');
      if (b.length >= 14 + 20 + TRAILER_LEN && b.readUInt32BE(b.length - TRAILER_LEN) === TRAILER_MAGIC) {
        const t = b.length - TRAILER_LEN;
        uid = b.readInt32BE(t + 4);
        const name = b.subarray(t + 8, t + 28);
        const nul = name.indexOf(0);
        appLabel = name.toString('utf8', 0, nul < 0 ? 20 : nul);
        b = b.subarray(0, t);
      }
      off = 12;
      ethertype = b.readUInt16BE(off);
      off += 2;
      while ((ethertype === 0x8100 || ethertype === 0x88a8 || ethertype === 0x9100) && off + 4 <= b.length) {
        ethertype = b.readUInt16BE(off + 2);
        off += 4;
      }
      break;
    }
    case 12: case 14: case 101: case 228: case 229:
      off = 0;
      break;
    case 113: // Linux cooked v1: 16-byte header, protocol last
      if (b.length < 16) return bad('short SLL header');
      ethertype = b.readUInt16BE(14);
      off = 16;
      break;
    case 276: // Linux cooked v2: 20-byte header, protocol first
      if (b.length < 20) return bad('short SLL2 header');
      ethertype = b.readUInt16BE(0);
      off = 20;
      break;
    default:
      return { ok: false, reason: 'unsupported_linktype', detail: `link type ${linktype}` };
  }
  if (ethertype !== undefined && ethertype !== 0x0800 && ethertype !== 0x86dd) return { ok: false, reason: 'not_ip' };
  if (off >= b.length) return bad('no network header');
  const version = b[off] >> 4;
  const r = version === 4 ? decodeIpv4(b, off) : version === 6 ? decodeIpv6(b, off) : bad(`IP version ${version}`);
  if (r.ok) {
    if (uid !== undefined) r.pkt.uid = uid;
    if (appLabel) r.pkt.appLabel = appLabel;
  }
  return r;
}

function bad(detail: string): Decoded {
  return { ok: false, reason: 'malformed', detail };
}

function decodeIpv4(b: Buffer, o: number): Decoded {
  if (o + 20 > b.length) return bad('short IPv4 header');
  const ihl = (b[o] & 0x0f) * 4;
  if (ihl < 20 || o + ihl > b.length) return bad(`IPv4 header length ${ihl}`);
  let total = b.readUInt16BE(o + 2);
  if (total === 0) total = b.length - o; // TCP segmentation offload leaves it empty
  if (total < ihl) return bad(`IPv4 total length ${total}`);
  const frag = b.readUInt16BE(o + 6);
  if ((frag & 0x1fff) !== 0) return { ok: false, reason: 'fragment' };
  return decodeL4(b[o + 9], ipv4ToString(b, o + 12), ipv4ToString(b, o + 16), b, o + ihl, total - ihl);
}

function decodeIpv6(b: Buffer, o: number): Decoded {
  if (o + 40 > b.length) return bad('short IPv6 header');
  let plen = b.readUInt16BE(o + 4);
  if (plen === 0) plen = b.length - o - 40; // jumbogram or offload
  let next = b[o + 6];
  const src = ipv6ToString(b, o + 8), dst = ipv6ToString(b, o + 24);
  let p = o + 40;
  for (let hops = 0; hops < 8; hops++) {
    if (next === 0 || next === 43 || next === 60 || next === 51 || next === 44) {
      if (p + 8 > b.length) return bad('short IPv6 extension header');
      const hl = next === 44 ? 8 : next === 51 ? (b[p + 1] + 2) * 4 : (b[p + 1] + 1) * 8;
      if (next === 44 && (b.readUInt16BE(p + 2) >> 3) !== 0) return { ok: false, reason: 'fragment' };
      next = b[p];
      p += hl;
      plen -= hl;
      continue;
    }
    break;
  }
  return decodeL4(next, src, dst, b, p, plen);
}

function decodeL4(proto: number, src: string, dst: string, b: Buffer, o: number, ipPayload: number): Decoded {
  if (proto === 6) {
    if (o + 20 > b.length) return bad('short TCP header');
    const doff = (b[o + 12] >> 4) * 4;
    if (doff < 20) return bad(`TCP data offset ${doff}`);
    const payloadLen = Math.max(0, ipPayload - doff);
    const start = Math.min(o + doff, b.length);
    return {
      ok: true,
      pkt: {
        src, dst, proto: 'tcp', sport: b.readUInt16BE(o), dport: b.readUInt16BE(o + 2), flags: b[o + 13],
        seq: b.readUInt32BE(o + 4), payloadLen, payload: b.subarray(start, Math.min(start + payloadLen, b.length)),
      },
    };
  }
  if (proto === 17) {
    if (o + 8 > b.length) return bad('short UDP header');
    const ulen = b.readUInt16BE(o + 4);
    const payloadLen = ulen >= 8 ? ulen - 8 : Math.max(0, ipPayload - 8);
    return {
      ok: true,
      pkt: {
        src, dst, proto: 'udp', sport: b.readUInt16BE(o), dport: b.readUInt16BE(o + 2), flags: 0, seq: 0,
        payloadLen, payload: b.subarray(o + 8, Math.min(o + 8 + payloadLen, b.length)),
      },
    };
  }
  return { ok: false, reason: 'not_tcp_udp' };
}
