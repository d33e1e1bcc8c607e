// MobSF API monitor output -> JSON records. Two layouts: logcat lines
//   01-29 05:05:47.721 I/frida ( 123): MobSF-API-Monitor: {"name":...},
// and mobsf_api_monitor.txt, where MobSF appends each object with its trailing comma, so the file
// is `{...},{...},` with or without line breaks. Records are found by scanning braces outside
// strings, not by splitting on "},{" (which also occurs inside argument values). A fragment that
// does not parse (cut by a crash, interleaved with another write) is reported with its line, and
// scanning resumes at the next `{"name":`, the way every record starts (JSON.stringify keeps the
// script's key order: name, class, method, arguments, result, calledFrom, returnValue).

export interface MobsfRecord { value: Record<string, unknown>; line: number }
export interface Broken { line: number; message: string }

const RECORD_START = '{"name":';

export function splitMobsfRecords(text: string): { records: MobsfRecord[]; broken: Broken[] } {
  const records: MobsfRecord[] = [];
  const broken: Broken[] = [];
  const lineStarts = lineIndex(text);
  const lineOf = (pos: number) => upperBound(lineStarts, pos);
  let pos = 0;
  while (pos < text.length) {
    const start = text.indexOf('{', pos);
    if (start < 0) break;
    const end = scanObject(text, start);
    if (end.kind === 'complete') {
      const slice = text.slice(start, end.at);
      let value: unknown;
      try { value = JSON.parse(slice); } catch { value = undefined; }
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        records.push({ value: value as Record<string, unknown>, line: lineOf(start) });
        pos = end.at;
        continue;
      }
      broken.push({ line: lineOf(start), message: 'broken record: cut off or run into the next record (not valid JSON)' });
      const next = text.indexOf(RECORD_START, start + 1);
      pos = next >= 0 && next < end.at ? next : end.at;
      continue;
    }
    broken.push({ line: lineOf(start), message: end.kind === 'eof' ? 'broken record: cut off at the end of the input' : 'broken record: cut off or run into the next record (line break inside a string)' });
    const next = text.indexOf(RECORD_START, start + 1);
    pos = next >= 0 ? next : end.kind === 'eof' ? text.length : end.at;
  }
  return { records, broken };
}

type Scan = { kind: 'complete'; at: number } | { kind: 'eof' } | { kind: 'newline'; at: number };

/** end of the JSON object starting at `start` (exclusive), by brace depth outside strings */
function scanObject(text: string, start: number): Scan {
  let depth = 0, inString = false, escape = false;
  for (let i = start; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (escape) escape = false;
      else if (ch === 92 /* \ */) escape = true;
      else if (ch === 34 /* " */) inString = false;
      else if (ch === 10 /* \n */) return { kind: 'newline', at: i + 1 };
      continue;
    }
    if (ch === 34) inString = true;
    else if (ch === 123 /* { */ || ch === 91 /* [ */) depth++;
    else if (ch === 125 /* } */ || ch === 93 /* ] */) {
      depth--;
      if (depth === 0) return { kind: 'complete', at: i + 1 };
    }
  }
  return { kind: 'eof' };
}

function lineIndex(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line of `pos` */
function upperBound(starts: number[], pos: number): number {
  let lo = 0, hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= pos) lo = mid + 1; else hi = mid;
  }
  return lo;
}
