// Stdin sniffed like a file without losing its streaming: the first chunk that arrives is looked
// at (a pipe from a file gives 64 KiB; a live feed its first lines), then either put back for the
// line reader (telemetry NDJSON: `collect | detect -` keeps flowing) or the whole input spooled
// to a private temporary file for an adapter (a sandbox report or a capture piped in).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { UnusableInput } from './unusable.js';

/** the first chunk of `s` (undefined: empty input), read without an async iterator, which would
 *  destroy the stream when it is left */
export function firstChunk(s: NodeJS.ReadableStream): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const done = () => { s.off('readable', onReadable); s.off('end', onEnd); s.off('error', onError); };
    const onReadable = () => {
      const c = s.read() as Buffer | string | null;
      if (c !== null) { done(); resolve(typeof c === 'string' ? Buffer.from(c) : c); }
    };
    const onEnd = () => { done(); resolve(undefined); };
    const onError = (e: Error) => { done(); reject(e); };
    s.on('readable', onReadable);
    s.once('end', onEnd);
    s.once('error', onError);
  });
}

/** `head` and the rest of `s` into `path` (mode 0600); more than `max` bytes is unusable input */
export async function spool(s: NodeJS.ReadableStream, head: Buffer, path: string, max: number): Promise<number> {
  const out = createWriteStream(path, { mode: 0o600 });
  let n = head.length;
  try {
    if (!out.write(head)) await once(out, 'drain');
    for await (const c of s as AsyncIterable<Buffer>) {
      n += c.length;
      if (n > max) throw new UnusableInput([`<stdin>: more than ${max} bytes of a format read whole; write it to a file`]);
      if (!out.write(c)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return n;
}
