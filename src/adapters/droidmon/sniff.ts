// droidmon.log: lines holding one droidmon record each ({"class","method","timestamp",...}), with
// or without a logcat prefix. MobSF records have `name`/`arguments` and no timestamp; CuckooDroid
// reports are one big JSON document: neither parses as a record on its first lines.
import { headText } from '../shared/read-input.js';
import { parseDroidmonLine } from './parse-line.js';

export function sniffDroidmon(head: Buffer, _file: string): boolean {
  const lines = headText(head).split('\n').map((l) => l.trim()).filter((l) => l !== '').slice(0, 5);
  let records = 0;
  for (const l of lines.slice(0, lines.length > 1 ? lines.length - 1 : 1)) { // the last line of the head may be cut
    const r = parseDroidmonLine(l);
    if (r.ok && typeof r.line.record.timestamp === 'number') records++;
  }
  return records > 0;
}
