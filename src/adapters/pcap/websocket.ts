// Client WebSocket frames (RFC 6455 §5.2) are masked with a random key per frame: the payload
// features are measured on the unmasked data, or the mask would look like ciphertext.

/** the unmasked payload of the whole frames at the start of `b`, or undefined when `b` does not
 *  start with a client frame */
export function unmaskClientFrames(b: Buffer): Buffer | undefined {
  const out: Buffer[] = [];
  let p = 0;
  while (p + 2 <= b.length) {
    const op = b[p] & 0x0f, masked = (b[p + 1] & 0x80) !== 0;
    if ((b[p] & 0x70) !== 0 || !masked || (op > 2 && op < 8) || op > 10) break;
    let len = b[p + 1] & 0x7f;
    let q = p + 2;
    if (len === 126) { if (q + 2 > b.length) break; len = b.readUInt16BE(q); q += 2; }
    else if (len === 127) { if (q + 8 > b.length) break; len = Number(b.readBigUInt64BE(q)); q += 8; }
    if (q + 4 > b.length) break;
    const key = b.subarray(q, q + 4);
    q += 4;
    const data = Buffer.from(b.subarray(q, Math.min(q + len, b.length)));
    for (let i = 0; i < data.length; i++) data[i] ^= key[i & 3];
    if (op <= 2) out.push(data);
    p = q + len;
  }
  return out.length ? Buffer.concat(out) : undefined;
}
