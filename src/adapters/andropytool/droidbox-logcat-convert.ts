// `--from droidbox-logcat`: a raw DroidBox logcat -> the DroidBox JSON document -> telemetry v1.
import type { AdapterOptions, AdapterOutput } from '../adapter.js';
import { readInput, headText } from '../shared/read-input.js';
import { convertDroidboxDoc } from '../droidbox/convert.js';
import { droidboxDocOfLogcat, isDroidboxLine } from './droidbox-logcat.js';

export function sniffDroidboxLogcat(head: Buffer, _file: string): boolean {
  const lines = headText(head).split('\n');
  return lines.slice(0, lines.length > 1 ? -1 : 1).some(isDroidboxLine);
}

export async function convertDroidboxLogcat(path: string, opts: AdapterOptions): Promise<AdapterOutput> {
  const file = opts.file ?? path;
  const input = await readInput(path);
  if (input.text.trim() === '') return { events: [], issues: [{ code: 'empty_input', message: 'empty file: want a DroidBox logcat', file }], cannotShow: [], notes: ['empty input: no events'] };
  if (input.binary) return { events: [], issues: [{ code: 'not_logcat', message: 'binary bytes: want a DroidBox logcat', file, line: 1 }], cannotShow: [], notes: [] };
  const r = droidboxDocOfLogcat(input.text, file);
  if (r.records === 0) return { events: [], issues: [...r.issues, { code: 'no_records', message: 'no "DroidBox: {json}" logcat line', file }], cannotShow: [], notes: [] };
  const launched = r.started[0];
  const out = convertDroidboxDoc(r.doc, {
    file, sha256: input.sha256, opts, issues: r.issues, src: 'droidbox',
    ...(launched ? { declared: { app: launched, how: 'the first "Start proc" of ActivityManager (the app DroidBox launched)' } } : {}),
  });
  const notes = [
    `DroidBox logcat: ${r.records} DroidBox record(s) rebuilt into DroidBox's JSON categories as droidbox.py does; ${r.otherLines} other logcat line(s) skipped`,
    r.timed ? 'time from the logcat time prefix (seconds since the first DroidBox line; the year is not logged)' : 'no logcat time prefix: one DroidBox record every 100 ms in line order (synthesized)',
  ];
  return { ...out, notes: [...notes, ...out.notes] };
}
