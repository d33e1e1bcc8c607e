// A whole small text file for a loader (policy, labels), with a file-system error turned into
// one readable reason instead of an exception.
import { readFile } from 'node:fs/promises';

export async function readTextOrWhy(path: string): Promise<{ text: string; why?: undefined } | { text?: undefined; why: string }> {
  try {
    return { text: await readFile(path, 'utf8') };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { why: e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.message };
  }
}
