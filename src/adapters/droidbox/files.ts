// fdaccess -> file.write (bytes and entropy of the logged data) and, for reads of the user's
// shared storage, data.access `files`/`photos`.
import type { EventSink } from '../shared/event-sink.js';
import { bytesOfHex } from '../shared/byte-values.js';
import { entropyOf } from '../shared/payload-features.js';
import { categoryOfReadPath } from '../shared/data-categories.js';
import { entriesOf, str } from './sections.js';

export function emitFileAccess(doc: Record<string, unknown>, sink: EventSink): number {
  let writes = 0;
  for (const { ts, value: v, field } of entriesOf(doc, 'fdaccess', sink)) {
    const path = str(v.path);
    const op = str(v.operation);
    if (!path || !op) { sink.issue('bad_record', 'fdaccess entry without path and operation: skipped', { field }); continue; }
    if (op === 'read') {
      const category = categoryOfReadPath(path);
      if (category) sink.emit(ts, 'data.access', { category, items: 1 });
      continue;
    }
    if (op !== 'write') continue;
    const data = typeof v.data === 'string' ? bytesOfHex(v.data) : undefined;
    writes++;
    if (!data) { sink.emit(ts, 'file.write', { path, bytes: 0, bytes_unknown: true }); continue; }
    sink.emit(ts, 'file.write', { path, bytes: data.length, ...(data.length ? { entropy: entropyOf(data) } : {}) });
  }
  return writes;
}
