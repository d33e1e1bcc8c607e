// Receiver-side parsing of what ciphertrail forwards, written from the specifications (RFC 5424
// §6.3.3, CEF rev. 25), independent of the code that produces it.

/** `<key>="value"` pairs of the ciphertrail SD-ELEMENT, unescaped (RFC 5424 §6.3.3) */
export function sdParams(sd: string): Record<string, string> {
  const m = /\[ciphertrail@32473((?:\s+[^=\s]+="(?:[^"\\]|\\.)*")*)\]/.exec(sd);
  if (!m) throw new Error(`no ciphertrail SD-ELEMENT in ${sd}`);
  const out: Record<string, string> = {};
  for (const p of m[1].matchAll(/([^=\s]+)="((?:[^"\\]|\\.)*)"/g)) out[p[1]] = p[2].replace(/\\(.)/g, '$1');
  return out;
}

/** a CEF:0 line: 7 header fields (| and \ escaped) and the extension (\, = and \n escaped) */
export function parseCef(line: string): { header: string[]; ext: Record<string, string> } {
  const i = line.indexOf('CEF:');
  if (i < 0) throw new Error(`not a CEF line: ${line.slice(0, 80)}`);
  const header: string[] = [];
  let cur = '', pos = i;
  for (; pos < line.length && header.length < 7; pos++) {
    const c = line[pos];
    if (c === '\\' && (line[pos + 1] === '|' || line[pos + 1] === '\\')) { cur += line[++pos]; continue; }
    if (c === '|') { header.push(cur); cur = ''; continue; }
    cur += c;
  }
  const rest = line.slice(pos);
  const marks = [...rest.matchAll(/(?:^|\s)([A-Za-z0-9_]+)=/g)].map((m) => ({ k: m[1], start: m.index!, end: m.index! + m[0].length }));
  const ext: Record<string, string> = {};
  marks.forEach((mk, j) => {
    const raw = rest.slice(mk.end, j + 1 < marks.length ? marks[j + 1].start : rest.length);
    ext[mk.k] = raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
  });
  return { header, ext };
}

