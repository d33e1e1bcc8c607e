// A zip archive's files, read through its central directory with node:zlib (stored and deflate,
// the two methods zip writers use for data files), zip64 file sizes included. Encrypted files and
// zip64 directories (65535+ files, 4 GiB+) are refused with a message saying so, never misread.
import * as zlib from 'node:zlib';

export interface ZipEntry { name: string; data: () => Buffer }

const EOCD = 0x06054b50, CEN = 0x02014b50, LOC = 0x04034b50;

export const isZip = (head: Buffer): boolean => head.length >= 4 && head.readUInt32LE(0) === LOC;

export class ZipError extends Error {}

/** the archive's files (folders left out) in central-directory order; `max` bounds each file's size */
export function readZip(buf: Buffer, max: number): ZipEntry[] {
  // the end-of-central-directory record: 22 bytes plus a comment of up to 64 KiB, at the end
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) { eocd = i; break; }
  }
  if (eocd < 0) throw new ZipError('no end of central directory (truncated or not a zip file)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw new ZipError('zip64 archives of 65535 files or 4 GiB and more are not read; unzip it first');
  const out: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CEN) throw new ZipError(`central directory entry ${n + 1} is damaged`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let csize = buf.readUInt32LE(p + 20);
    let usize = buf.readUInt32LE(p + 24);
    const crc = buf.readUInt32LE(p + 16);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    let local = buf.readUInt32LE(p + 42);
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    // zip64 (e.g. `zip -` writing to a pipe): the 64-bit values sit in extra field 0x0001, in
    // this order, only for the fields set to 0xffffffff
    if (csize === 0xffffffff || usize === 0xffffffff || local === 0xffffffff) {
      const z = zip64Extra(buf.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen));
      if (!z) throw new ZipError(`${name}: zip64 sizes without their extra field`);
      let i = 0;
      const next = () => { const v = z.readBigUInt64LE(i); i += 8; if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError(`${name} is too large`); return Number(v); };
      if (usize === 0xffffffff) usize = next();
      if (csize === 0xffffffff) csize = next();
      if (local === 0xffffffff) local = next();
    }
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (flags & 1) throw new ZipError(`${name} is encrypted`);
    if (method !== 0 && method !== 8) throw new ZipError(`${name} uses compression method ${method} (only stored and deflate are read)`);
    if (usize > max) throw new ZipError(`${name} is ${usize} bytes, over the limit of ${max}`);
    out.push({
      name,
      data: () => {
        if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOC) throw new ZipError(`${name}: local header is damaged`);
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const raw = buf.subarray(start, start + csize);
        if (raw.length !== csize) throw new ZipError(`${name} is truncated`);
        const data = method === 0 ? raw : zlib.inflateRawSync(raw, { maxOutputLength: Math.max(usize, 1) });
        if (data.length !== usize) throw new ZipError(`${name}: ${data.length} bytes inflated, the directory says ${usize}`);
        // zlib.crc32 is there from Node 20.15 / 22.2
        const crc32 = (zlib as { crc32?: (d: Buffer) => number }).crc32;
        if (crc32 && crc32(data) >>> 0 !== crc) throw new ZipError(`${name}: CRC-32 mismatch (damaged archive)`);
        return data;
      },
    });
  }
  return out;
}

function zip64Extra(extra: Buffer): Buffer | undefined {
  for (let i = 0; i + 4 <= extra.length;) {
    const id = extra.readUInt16LE(i), size = extra.readUInt16LE(i + 2);
    if (id === 0x0001) return extra.subarray(i + 4, i + 4 + size);
    i += 4 + size;
  }
  return undefined;
}
