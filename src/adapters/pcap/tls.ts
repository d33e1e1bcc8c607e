// TLS ClientHello -> SNI and ALPN (RFC 8446 §4.1.2, RFC 6066 §3, RFC 7301). The hello may span
// several records and TCP segments: the caller passes the first bytes of the client's stream.

export interface ClientHello { sni?: string; alpn?: string[] }

/** true when the bytes start like a TLS record (handshake, alert, CCS or application data) */
export function looksTls(b: Buffer): boolean {
  return b.length >= 3 && b[0] >= 20 && b[0] <= 23 && b[1] === 3 && b[2] <= 4;
}

/** the parsed hello; 'partial' when more bytes are needed; undefined when it is not a ClientHello */
export function parseClientHello(stream: Buffer): ClientHello | 'partial' | undefined {
  if (stream.length === 0) return 'partial';
  if (stream[0] !== 22) return undefined;
  // reassemble the handshake message from consecutive handshake records
  const parts: Buffer[] = [];
  let have = 0, need = -1, o = 0;
  for (;;) {
    if (o + 5 > stream.length) return 'partial';
    if (stream[o] !== 22 || stream[o + 1] !== 3) return undefined;
    const len = stream.readUInt16BE(o + 3);
    const body = stream.subarray(o + 5, Math.min(o + 5 + len, stream.length));
    parts.push(body);
    have += body.length;
    if (need < 0 && have >= 4) {
      const hs = Buffer.concat(parts);
      if (hs[0] !== 1) return undefined;
      need = 4 + hs.readUIntBE(1, 3);
    }
    if (need >= 0 && have >= need) break;
    if (o + 5 + len > stream.length) return 'partial';
    o += 5 + len;
  }
  try {
    return readHello(Buffer.concat(parts).subarray(4, need));
  } catch {
    return undefined;
  }
}

function readHello(h: Buffer): ClientHello {
  let p = 2 + 32; // legacy_version, random
  p += 1 + h[p]; // session id
  p += 2 + h.readUInt16BE(p); // cipher suites
  p += 1 + h[p]; // compression methods
  const out: ClientHello = {};
  if (p + 2 > h.length) return out;
  const end = Math.min(h.length, p + 2 + h.readUInt16BE(p));
  p += 2;
  while (p + 4 <= end) {
    const type = h.readUInt16BE(p), len = h.readUInt16BE(p + 2);
    const ext = h.subarray(p + 4, p + 4 + len);
    if (type === 0 && ext.length >= 5) {
      let q = 2;
      const listEnd = Math.min(ext.length, 2 + ext.readUInt16BE(0));
      while (q + 3 <= listEnd) {
        const kind = ext[q], nl = ext.readUInt16BE(q + 1);
        if (kind === 0) { out.sni = ext.toString('ascii', q + 3, q + 3 + nl).toLowerCase(); break; }
        q += 3 + nl;
      }
    } else if (type === 16 && ext.length >= 3) {
      const alpn: string[] = [];
      let q = 2;
      while (q < ext.length) { const l = ext[q]; alpn.push(ext.toString('ascii', q + 1, q + 1 + l)); q += 1 + l; }
      out.alpn = alpn;
    }
    p += 4 + len;
  }
  return out;
}
