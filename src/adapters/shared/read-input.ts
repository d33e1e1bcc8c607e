// Reads an adapter's input file as text: strips a UTF-8 BOM, normalizes CRLF, and tells whether
// it holds binary bytes (NUL) so readers can report garbage instead of parsing it.
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';

export interface Input { text: string; binary: boolean; sha256: string; bytes: number }

export async function readInput(path: string): Promise<Input> {
  const buf = await readFile(path);
  const sha256 = createHash('sha256').update(buf).digest('hex');
  const binary = buf.subarray(0, 1 << 16).includes(0);
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text: text.replace(/\r\n/g, '\n'), binary, sha256, bytes: buf.length };
}

/** first non-blank characters of a head buffer, BOM stripped */
export function headText(head: Buffer): string {
  let t = head.toString('utf8');
  if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
  return t.replace(/^\s+/, '');
}
