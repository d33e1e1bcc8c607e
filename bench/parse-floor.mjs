// The parse floor: stream read + line split + JSON.parse of the same file, nothing else.
// Same chunk size and decoding as the detector's reader, so the ratio measures the rest.
import { createReadStream } from 'node:fs';
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

const file = process.argv[2];
const started = process.hrtime.bigint();
const decoder = new StringDecoder('utf8');
let tail = '', lines = 0, sink = 0, ascii = true;
for await (const buf of createReadStream(file, { highWaterMark: 1 << 20 })) {
  // as the reader (src/ingest/read-lines.ts): pure ASCII is copied, anything else goes through the decoder
  if (ascii && !isAscii(buf)) ascii = false;
  const text = tail + (ascii ? buf.toString('latin1') : decoder.write(buf));
  let start = 0, nl;
  while ((nl = text.indexOf('\n', start)) !== -1) {
    if (nl > start) { const o = JSON.parse(text.slice(start, nl)); sink += o.ts & 1; lines++; }
    start = nl + 1;
  }
  tail = text.slice(start);
}
if (tail.trim()) { JSON.parse(tail); lines++; }
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ lines, ms, max_rss_bytes: process.resourceUsage().maxRSS * 1024, sink }) + '\n');
