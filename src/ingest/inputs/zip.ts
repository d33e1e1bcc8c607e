// A zip archive's files, read through its central directory with node:zlib (stored and deflate,
// the two methods zip writers use for data files). No zip64, no encryption: those are refused with
// a message saying so rather than misread.
import { inflateRawSync } from 'node:zlib';

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
  if (count === 0xffff || p === 0xffffffff) throw new ZipError('zip64 archives are not supported; unzip it first');
  const out: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CEN) throw new ZipError(`central directory entry ${n + 1} is damaged`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (flags & 1) throw new ZipError(`${name} is encrypted`);
    if (csize === 0xffffffff || usize === 0xffffffff) throw new ZipError('zip64 archives are not supported; unzip it first');
    if (method !== 0 && method !== 8) throw new ZipError(`${name} uses compression method ${method} (only stored and deflate are read)`);
    if (usize > max) throw new ZipError(`${name} is ${usize} bytes, over the limit of ${max}`);
    out.push({
      name,
      data: () => {
        if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOC) throw new ZipError(`${name}: local header is damaged`);
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const raw = buf.subarray(start, start + csize);
        if (raw.length !== csize) throw new ZipError(`${name} is truncated`);
        const data = method === 0 ? raw : inflateRawSync(raw, { maxOutputLength: Math.max(usize, 1) });
        if (data.length !== usize) throw new ZipError(`${name}: ${data.length} bytes inflated, the directory says ${usize}`);
        return data;
      },
    });
  }
  return out;
}
