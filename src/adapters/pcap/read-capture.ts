// Classic pcap (both byte orders, µs and ns magic) and pcapng (SHB, IDB, EPB, SPB, the obsolete
// PB, NRB, and PCAPdroid's custom UID-map block; several sections and interfaces, either byte
// order) -> link-layer frames with their time. Written from the file-format specs
// (draft-ietf-opsawg-pcap, draft-ietf-opsawg-pcapng); no dependency.
//
// PCAPdroid metadata read here (format from its sources, app/src/main/jni/core/pcap_dump.{c,h}):
// - pcapng "dump extensions": a Custom Block (type 0x00000BAD, PEN 62652, version 1, type 1 =
//   UID map: int32 uid, u8 package length, u8 label length, package, label) before the first
//   packet of each uid, and on every EPB a comment option `u-<uid>`; since 1.8 an epb_flags
//   option whose low 2 bits give the direction (1 inbound, 2 outbound).
// - classic pcap "trailer" mode: see decode-frame.ts (it lives at the end of each frame).
import type { Issue } from '../../model/index.js';
import { ipv4ToString, ipv6ToString } from './ip.js';
import type { ByteSource } from './byte-source.js';

export interface RawFrame {
  /** 1-based record number in the file (for messages) */
  n: number;
  /** epoch ms (fractional) */
  ts: number;
  linktype: number;
  data: Buffer;
  /** pcapng: PCAPdroid uid from the `u-<uid>` comment */
  uid?: number;
  /** pcapng epb_flags direction */
  dir?: 'in' | 'out';
}

export type CaptureItem =
  | { kind: 'frame'; frame: RawFrame }
  /** pcapng Name Resolution Block record */
  | { kind: 'names'; ip: string; names: string[] }
  /** PCAPdroid UID map */
  | { kind: 'uid'; uid: number; pkg: string; label: string };

export interface CaptureInfo {
  format: 'pcap' | 'pcapng' | undefined;
  interfaces: number;
  issues: Issue[];
}

const MAX_RECORD = 64 << 20;
const PCAPDROID_PEN = 62652;

export function captureMagic(head: Buffer): 'pcap' | 'pcapng' | undefined {
  if (head.length < 4) return undefined;
  const le = head.readUInt32LE(0);
  if (le === 0xa1b2c3d4 || le === 0xd4c3b2a1 || le === 0xa1b23c4d || le === 0x4d3cb2a1) return 'pcap';
  if (le === 0x0a0d0d0a && (head.length < 12 || [0x1a2b3c4d, 0x4d3c2b1a].includes(head.readUInt32LE(8)))) return 'pcapng';
  return undefined;
}

export async function* readCapture(src: ByteSource, file: string, info: CaptureInfo): AsyncGenerator<CaptureItem> {
  if (!(await src.ensure(4))) {
    info.issues.push({ code: src.available === 0 ? 'empty' : 'truncated', message: src.available === 0 ? 'empty file: no capture header' : 'file ends inside the capture header', file });
    return;
  }
  info.format = captureMagic(src.peek(12));
  if (info.format === 'pcap') yield* readPcap(src, file, info);
  else if (info.format === 'pcapng') yield* readPcapng(src, file, info);
  else info.issues.push({ code: 'not_a_capture', message: `not a pcap or pcapng file (first bytes ${src.peek(8).toString('hex')})`, file });
}

async function* readPcap(src: ByteSource, file: string, info: CaptureInfo): AsyncGenerator<CaptureItem> {
  if (!(await src.ensure(24))) {
    info.issues.push({ code: 'truncated', message: 'file ends inside the 24-byte pcap header', file });
    return;
  }
  const h = src.peek(24);
  const magic = h.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const linktype = u32(h, 20) & 0xffff;
  info.interfaces = 1;
  src.skip(24);
  for (let n = 1; ; n++) {
    if (!(await src.ensure(16))) {
      if (src.available > 0) info.issues.push({ code: 'truncated', message: `file ends inside the header of record ${n} (${src.available} of 16 bytes)`, file, line: n });
      return;
    }
    const r = src.peek(16);
    const sec = u32(r, 0), frac = u32(r, 4), incl = u32(r, 8);
    if (incl > MAX_RECORD) {
      info.issues.push({ code: 'corrupt', message: `record ${n} claims ${incl} bytes at offset ${src.offset}: not a pcap record, stopping`, file, line: n });
      return;
    }
    if (!(await src.ensure(16 + incl))) {
      info.issues.push({ code: 'truncated', message: `file ends inside record ${n} (${src.available - 16} of ${incl} bytes)`, file, line: n });
      return;
    }
    const data = Buffer.from(src.peek(16 + incl).subarray(16));
    src.skip(16 + incl);
    yield { kind: 'frame', frame: { n, ts: sec * 1000 + (nano ? frac / 1e6 : frac / 1e3), linktype, data } };
  }
}

interface Iface { linktype: number; snaplen: number; unitsPerSec: number; offsetSec: number }

async function* readPcapng(src: ByteSource, file: string, info: CaptureInfo): AsyncGenerator<CaptureItem> {
  let le = true;
  let ifaces: Iface[] = [];
  let n = 0;
  let lastTs = 0;
  const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const warned = new Set<number>();
  for (;;) {
    if (!(await src.ensure(12))) {
      if (src.available > 0) info.issues.push({ code: 'truncated', message: `file ends inside a block header at offset ${src.offset}`, file, line: n + 1 });
      return;
    }
    const head = src.peek(12);
    let type = u32(head, 0);
    if (head.readUInt32LE(0) === 0x0a0d0d0a) {
      // a new section: its byte-order magic decides the endianness of everything in it
      const bom = head.readUInt32LE(8);
      if (bom !== 0x1a2b3c4d && bom !== 0x4d3c2b1a) {
        info.issues.push({ code: 'corrupt', message: `section header at offset ${src.offset} has no byte-order magic`, file });
        return;
      }
      le = bom === 0x1a2b3c4d;
      type = 0x0a0d0d0a;
      ifaces = [];
    }
    const len = u32(head, 4);
    if (len < 12 || len % 4 !== 0 || len > MAX_RECORD) {
      info.issues.push({ code: 'corrupt', message: `block at offset ${src.offset} has an invalid length ${len}, stopping`, file, line: n + 1 });
      return;
    }
    if (!(await src.ensure(len))) {
      info.issues.push({ code: 'truncated', message: `file ends inside a block (type 0x${type.toString(16)}, ${src.available} of ${len} bytes)`, file, line: n + 1 });
      return;
    }
    const b = src.peek(len);
    src.skip(len);
    switch (type) {
      case 0x0a0d0d0a:
        break;
      case 0x00000001: { // Interface Description Block
        if (len < 20) { info.issues.push({ code: 'corrupt', message: `interface description at offset ${src.offset - len} is ${len} bytes, under the 20 of its fixed part: skipped`, file, line: n + 1 }); break; }
        const iface: Iface = { linktype: u16(b, 8), snaplen: u32(b, 12), unitsPerSec: 1e6, offsetSec: 0 };
        for (const o of options(b, 16, len - 4, u16)) {
          if (o.code === 9 && o.value.length >= 1) {
            const r = o.value[0];
            iface.unitsPerSec = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
          } else if (o.code === 14 && o.value.length >= 8) {
            iface.offsetSec = Number(le ? o.value.readBigInt64LE(0) : o.value.readBigInt64BE(0));
          }
        }
        ifaces.push(iface);
        info.interfaces++;
        break;
      }
      case 0x00000006: // Enhanced Packet Block
      case 0x00000002: { // Packet Block (obsolete)
        n++;
        const epb = type === 6;
        const ifid = epb ? u32(b, 8) : u16(b, 8);
        const iface = ifaces[ifid];
        if (!iface) {
          info.issues.push({ code: 'corrupt', message: `packet ${n} names interface ${ifid}, which was not described`, file, line: n });
          break;
        }
        const cap = u32(b, 20);
        if (28 + cap > len - 4) {
          info.issues.push({ code: 'corrupt', message: `packet ${n} claims ${cap} captured bytes in a ${len}-byte block`, file, line: n });
          break;
        }
        const units = u32(b, 12) * 2 ** 32 + u32(b, 16);
        const ts = (units / iface.unitsPerSec + iface.offsetSec) * 1000;
        lastTs = ts;
        const frame: RawFrame = { n, ts, linktype: iface.linktype, data: Buffer.from(b.subarray(28, 28 + cap)) };
        for (const o of options(b, 28 + pad4(cap), len - 4, u16)) {
          if (o.code === 1) {
            const m = /^u-(-?\d+)$/.exec(o.value.toString('utf8'));
            if (m) frame.uid = Number(m[1]);
          } else if (o.code === 2 && epb && o.value.length >= 4) {
            const d = u32(o.value, 0) & 3;
            if (d === 1) frame.dir = 'in';
            else if (d === 2) frame.dir = 'out';
          }
        }
        yield { kind: 'frame', frame };
        break;
      }
      case 0x00000003: { // Simple Packet Block: no interface id (always 0), no time
        n++;
        const iface = ifaces[0];
        if (!iface) {
          info.issues.push({ code: 'corrupt', message: `simple packet ${n} before any interface description`, file, line: n });
          break;
        }
        const orig = u32(b, 8);
        let cap = Math.min(orig, len - 16);
        if (iface.snaplen > 0) cap = Math.min(cap, iface.snaplen);
        if (!warned.has(3)) {
          warned.add(3);
          info.issues.push({ code: 'no_time', message: 'simple packet blocks carry no time: they get the time of the packet before', file, line: n });
        }
        yield { kind: 'frame', frame: { n, ts: lastTs, linktype: iface.linktype, data: Buffer.from(b.subarray(12, 12 + cap)) } };
        break;
      }
      case 0x00000004: // Name Resolution Block
        for (const r of options(b, 8, len - 4, u16)) {
          if (r.code === 0) break;
          const ipLen = r.code === 1 ? 4 : r.code === 2 ? 16 : 0;
          if (!ipLen || r.value.length <= ipLen) continue;
          const ip = ipLen === 4 ? ipv4ToString(r.value, 0) : ipv6ToString(r.value, 0);
          const names = r.value.subarray(ipLen).toString('utf8').split('\0').filter(Boolean);
          if (names.length) yield { kind: 'names', ip, names };
        }
        break;
      case 0x00000bad:
      case 0x40000bad: { // Custom Block: only PCAPdroid's UID map is understood
        if (len < 28 || u32(b, 8) !== PCAPDROID_PEN) break;
        const version = u16(b, 12), kind = b[14];
        if (version !== 1 || kind !== 1) break;
        const uid = le ? b.readInt32LE(16) : b.readInt32BE(16);
        const pl = b[20], al = b[21];
        if (22 + pl + al > len - 4) break;
        yield { kind: 'uid', uid, pkg: b.toString('utf8', 22, 22 + pl), label: b.toString('utf8', 22 + pl, 22 + pl + al) };
        break;
      }
      default:
        break; // ISB, DSB, systemd journal... carry nothing for this adapter
    }
  }
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

/** pcapng TLV options (also NRB records): code u16, length u16, value padded to 32 bits */
function* options(b: Buffer, from: number, to: number, u16: (b: Buffer, o: number) => number): Generator<{ code: number; value: Buffer }> {
  let o = from;
  while (o + 4 <= to) {
    const code = u16(b, o), l = u16(b, o + 2);
    if (o + 4 + l > to) return;
    yield { code, value: b.subarray(o + 4, o + 4 + l) };
    if (code === 0) return;
    o += 4 + pad4(l);
  }
}
