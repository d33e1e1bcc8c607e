// One JetStream message = an ordered batch of NDJSON lines of one partition: a header line
// {"v":1,"f":file,"l":[line numbers]} then the lines as read. Per-event messages cost a round of
// framing, acks and dispatch each; batches keep the broker's work per event near zero.
import { createHash } from 'node:crypto';

export interface Batch { file: string; lineNos: number[]; lines: string[] }

export class BatchError extends Error {}

const enc = new TextEncoder(), dec = new TextDecoder();

export function encodeBatch(b: Batch): Uint8Array {
  return enc.encode(JSON.stringify({ v: 1, f: b.file, l: b.lineNos }) + '\n' + b.lines.join('\n'));
}

export function decodeBatch(data: Uint8Array): Batch {
  const text = dec.decode(data);
  const nl = text.indexOf('\n');
  let head: { v?: unknown; f?: unknown; l?: unknown };
  try { head = JSON.parse(nl < 0 ? text : text.slice(0, nl)); } catch { throw new BatchError('batch header is not JSON'); }
  if (head?.v !== 1) throw new BatchError(`batch header: v is ${JSON.stringify(head?.v)}, expected 1`);
  if (typeof head.f !== 'string') throw new BatchError('batch header: f (file) is not a string');
  if (!Array.isArray(head.l) || !head.l.every((n) => Number.isInteger(n))) throw new BatchError('batch header: l (line numbers) is not a list of integers');
  const lines = nl < 0 ? [] : text.slice(nl + 1).split('\n');
  if (lines.length !== head.l.length) throw new BatchError(`batch has ${lines.length} line(s) but ${head.l.length} line number(s)`);
  return { file: head.f, lineNos: head.l as number[], lines };
}

/** Nats-Msg-Id of a batch: partition + file + first line + content, so publishing the same file
 *  again is dropped by the stream's duplicate window */
export function batchId(partition: number, b: Batch): string {
  const h = createHash('sha256').update(`${partition}\u0000${b.file}\u0000${b.lineNos[0]}\u0000${b.lineNos.length}\u0000`);
  for (const l of b.lines) h.update(l).update('\n');
  return `b${partition}-${h.digest('hex').slice(0, 32)}`;
}
