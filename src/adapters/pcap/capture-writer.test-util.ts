// Test fixtures: packets and capture files built byte by byte (checked against tshark when the
// tests were written), so every container, byte order and link type is covered without shipping
// binary files.

export interface Tcp { src: string; dst: string; sport: number; dport: number; seq?: number; flags?: string; payload?: Buffer | string }
export interface Udp { src: string; dst: string; sport: number; dport: number; payload?: Buffer | string }

const buf = (p: Buffer | string | undefined) => (p === undefined ? Buffer.alloc(0) : typeof p === 'string' ? Buffer.from(p, 'latin1') : p);

function v4(s: string): Buffer { return Buffer.from(s.split('.').map(Number)); }
function v6(s: string): Buffer {
  const [l, r] = s.split('::');
  const left = l ? l.split(':') : [];
  const right = r !== undefined && r ? r.split(':') : [];
  const groups = s.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(parseInt(g, 16), i * 2));
  return b;
}

function checksum(b: Buffer): number {
  let s = 0;
  for (let i = 0; i < b.length; i += 2) s += (b[i] << 8) + (b[i + 1] ?? 0);
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return ~s & 0xffff;
}

function tcpHeader(t: Tcp): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(t.sport, 0);
  h.writeUInt16BE(t.dport, 2);
  h.writeUInt32BE((t.seq ?? 1000) >>> 0, 4);
  h.writeUInt32BE(0, 8);
  h[12] = 5 << 4;
  const f = t.flags ?? 'PA';
  h[13] = (f.includes('F') ? 1 : 0) | (f.includes('S') ? 2 : 0) | (f.includes('R') ? 4 : 0) | (f.includes('P') ? 8 : 0) | (f.includes('A') ? 16 : 0);
  h.writeUInt16BE(65535, 14);
  return Buffer.concat([h, buf(t.payload)]);
}

function udpHeader(u: Udp): Buffer {
  const p = buf(u.payload);
  const h = Buffer.alloc(8);
  h.writeUInt16BE(u.sport, 0);
  h.writeUInt16BE(u.dport, 2);
  h.writeUInt16BE(8 + p.length, 4);
  return Buffer.concat([h, p]);
}

function ipv4(src: string, dst: string, proto: number, l4: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(20 + l4.length > 0xffff ? 0 : 20 + l4.length, 2); // 0: segmentation offload
  h.writeUInt16BE(0x4000, 6);
  h[8] = 64;
  h[9] = proto;
  v4(src).copy(h, 12);
  v4(dst).copy(h, 16);
  h.writeUInt16BE(checksum(h), 10);
  return Buffer.concat([h, l4]);
}

function ipv6(src: string, dst: string, proto: number, l4: Buffer): Buffer {
  const h = Buffer.alloc(40);
  h[0] = 0x60;
  h.writeUInt16BE(l4.length, 4);
  h[6] = proto;
  h[7] = 64;
  v6(src).copy(h, 8);
  v6(dst).copy(h, 24);
  return Buffer.concat([h, l4]);
}

export const tcp4 = (t: Tcp) => ipv4(t.src, t.dst, 6, tcpHeader(t));
export const udp4 = (u: Udp) => ipv4(u.src, u.dst, 17, udpHeader(u));
export const tcp6 = (t: Tcp) => ipv6(t.src, t.dst, 6, tcpHeader(t));
export const udp6 = (u: Udp) => ipv6(u.src, u.dst, 17, udpHeader(u));

const etherType = (ip: Buffer) => (ip[0] >> 4 === 6 ? 0x86dd : 0x0800);

export function ethernet(ip: Buffer): Buffer {
  const h = Buffer.from('02000000000102000000000200', 'hex');
  const e = Buffer.alloc(14);
  h.copy(e, 0, 0, 12);
  e.writeUInt16BE(etherType(ip), 12);
  return Buffer.concat([e, ip]);
}

export function sll(ip: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt16BE(4, 0); // sent by us
  h.writeUInt16BE(1, 2);
  h.writeUInt16BE(6, 4);
  h.writeUInt16BE(etherType(ip), 14);
  return Buffer.concat([h, ip]);
}

export function sll2(ip: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(etherType(ip), 0);
  h.writeUInt32BE(2, 4); // interface index
  h.writeUInt16BE(1, 8);
  h[10] = 4;
  h[11] = 6;
  return Buffer.concat([h, ip]);
}

/** PCAPdroid "trailer" mode: bogus Ethernet header, IP, padding to 4, 32-byte trailer */
export function pcapdroidTrailer(ip: Buffer, uid: number, appname: string): Buffer {
  const e = Buffer.alloc(14);
  e.writeUInt16BE(etherType(ip), 12);
  const pad = Buffer.alloc((4 - ((14 + ip.length) % 4)) % 4);
  const t = Buffer.alloc(32);
  t.writeUInt32BE(0x01072021, 0);
  t.writeInt32BE(uid, 4);
  Buffer.from(appname.slice(0, 19)).copy(t, 8);
  t.writeUInt32BE(0xdeadbeef, 28);
  return Buffer.concat([e, ip, pad, t]);
}

export interface Rec { ts: number; data: Buffer }

/** classic pcap; `ts` in epoch ms */
export function writePcap(recs: Rec[], o: { le?: boolean; nano?: boolean; linktype?: number } = {}): Buffer {
  const le = o.le ?? true;
  const w32 = (b: Buffer, v: number, at: number) => (le ? b.writeUInt32LE(v >>> 0, at) : b.writeUInt32BE(v >>> 0, at));
  const w16 = (b: Buffer, v: number, at: number) => (le ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at));
  const h = Buffer.alloc(24);
  w32(h, o.nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  w16(h, 2, 4);
  w16(h, 4, 6);
  w32(h, 262144, 16);
  w32(h, o.linktype ?? 1, 20);
  const parts: Buffer[] = [h];
  for (const r of recs) {
    const rh = Buffer.alloc(16);
    const sec = Math.floor(r.ts / 1000);
    const frac = o.nano ? Math.round((r.ts - sec * 1000) * 1e6) : Math.round((r.ts - sec * 1000) * 1e3);
    w32(rh, sec, 0);
    w32(rh, frac, 4);
    w32(rh, r.data.length, 8);
    w32(rh, r.data.length, 12);
    parts.push(rh, r.data);
  }
  return Buffer.concat(parts);
}

export type NgBlock =
  | { type: 'idb'; linktype: number; tsresol?: number }
  | { type: 'epb'; iface: number; ts: number; data: Buffer; comment?: string; dir?: 'in' | 'out' }
  | { type: 'spb'; data: Buffer }
  | { type: 'nrb'; ip: string; names: string[] }
  | { type: 'pcapdroid-uid'; uid: number; pkg: string; label: string }
  | { type: 'shb' };

/** pcapng in one byte order; the first block must be a SHB */
export function writePcapng(blocks: NgBlock[], le = true): Buffer {
  const w32 = (b: Buffer, v: number, at: number) => (le ? b.writeUInt32LE(v >>> 0, at) : b.writeUInt32BE(v >>> 0, at));
  const w16 = (b: Buffer, v: number, at: number) => (le ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at));
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  const opt = (code: number, v: Buffer) => { const h = Buffer.alloc(4); w16(h, code, 0); w16(h, v.length, 2); return Buffer.concat([h, pad(v)]); };
  const block = (type: number, body: Buffer) => {
    const h = Buffer.alloc(8);
    const len = 12 + body.length;
    w32(h, type, 0);
    w32(h, len, 4);
    const t = Buffer.alloc(4);
    w32(t, len, 0);
    return Buffer.concat([h, body, t]);
  };
  const resol = new Map<number, number>();
  let ifaces = 0;
  const parts: Buffer[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'shb': {
        const body = Buffer.alloc(16);
        w32(body, 0x1a2b3c4d, 0);
        w16(body, 1, 4);
        w16(body, 0, 6);
        body.writeInt32LE(-1, 8);
        body.writeInt32LE(-1, 12);
        parts.push(block(0x0a0d0d0a, body));
        ifaces = 0;
        break;
      }
      case 'idb': {
        const body = Buffer.alloc(8);
        w16(body, b.linktype, 0);
        w32(body, 262144, 4);
        const opts = b.tsresol !== undefined ? Buffer.concat([opt(9, Buffer.from([b.tsresol])), opt(0, Buffer.alloc(0))]) : Buffer.alloc(0);
        resol.set(ifaces++, b.tsresol ?? 6);
        parts.push(block(1, Buffer.concat([body, opts])));
        break;
      }
      case 'epb': {
        const units = BigInt(Math.round(b.ts * 10 ** ((resol.get(b.iface) ?? 6) - 3)));
        const body = Buffer.alloc(20);
        w32(body, b.iface, 0);
        w32(body, Number(units >> 32n), 4);
        w32(body, Number(units & 0xffffffffn), 8);
        w32(body, b.data.length, 12);
        w32(body, b.data.length, 16);
        const o: Buffer[] = [];
        if (b.comment) o.push(opt(1, Buffer.from(b.comment)));
        if (b.dir) { const f = Buffer.alloc(4); w32(f, b.dir === 'in' ? 1 : 2, 0); o.push(opt(2, f)); }
        if (o.length) o.push(opt(0, Buffer.alloc(0)));
        parts.push(block(6, Buffer.concat([body, pad(b.data), ...o])));
        break;
      }
      case 'spb': {
        const body = Buffer.alloc(4);
        w32(body, b.data.length, 0);
        parts.push(block(3, Buffer.concat([body, pad(b.data)])));
        break;
      }
      case 'nrb': {
        const ip = b.ip.includes(':') ? v6(b.ip) : v4(b.ip);
        const rec = opt(ip.length === 4 ? 1 : 2, Buffer.concat([ip, ...b.names.map((n) => Buffer.from(n + '\0'))]));
        parts.push(block(4, Buffer.concat([rec, opt(0, Buffer.alloc(0))])));
        break;
      }
      case 'pcapdroid-uid': {
        const h = Buffer.alloc(14);
        w32(h, 62652, 0);
        w16(h, 1, 4);
        h[6] = 1;
        le ? h.writeInt32LE(b.uid, 8) : h.writeInt32BE(b.uid, 8);
        h[12] = b.pkg.length;
        h[13] = b.label.length;
        parts.push(block(0x00000bad, pad(Buffer.concat([h, Buffer.from(b.pkg), Buffer.from(b.label)]))));
        break;
      }
    }
  }
  return Buffer.concat(parts);
}

export function dnsMessage(id: number, name: string, answers?: string[]): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(id, 0);
  h.writeUInt16BE(answers ? 0x8180 : 0x0100, 2);
  h.writeUInt16BE(1, 4);
  h.writeUInt16BE(answers?.length ?? 0, 6);
  const qname = Buffer.concat([...name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
  const q = Buffer.concat([qname, Buffer.from([0, 1, 0, 1])]);
  const an = (answers ?? []).map((ip) => {
    const six = ip.includes(':');
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the question name
    rr.writeUInt16BE(six ? 28 : 1, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(60, 6);
    rr.writeUInt16BE(six ? 16 : 4, 10);
    return Buffer.concat([rr, six ? v6(ip) : v4(ip)]);
  });
  return Buffer.concat([h, q, ...an]);
}

export function clientHello(sni: string, alpn: string[] = ['h2', 'http/1.1']): Buffer {
  const u16 = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
  const ext = (type: number, data: Buffer) => Buffer.concat([u16(type), u16(data.length), data]);
  const name = Buffer.from(sni);
  const sniExt = ext(0, Buffer.concat([u16(name.length + 3), Buffer.from([0]), u16(name.length), name]));
  const protos = Buffer.concat(alpn.map((a) => Buffer.concat([Buffer.from([a.length]), Buffer.from(a)])));
  const alpnExt = ext(16, Buffer.concat([u16(protos.length), protos]));
  const exts = Buffer.concat([sniExt, alpnExt]);
  const body = Buffer.concat([
    Buffer.from([3, 3]), Buffer.alloc(32, 7), Buffer.from([0]), u16(2), Buffer.from([0x13, 0x01]), Buffer.from([1, 0]), u16(exts.length), exts,
  ]);
  const hs = Buffer.concat([Buffer.from([1, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([22, 3, 1]), u16(hs.length), hs]);
}
