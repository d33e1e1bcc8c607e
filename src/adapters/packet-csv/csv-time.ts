// The Time column of a Wireshark packet CSV in the display formats Wireshark offers:
// seconds since the capture began ("457.4219"), since the epoch ("1589361753.123456"), date and
// time ("2020-05-13 10:22:33.123456", taken as UTC when it has no offset), time of day
// ("10:22:33.123456"), and the older "May 13, 2020 10:22:33.123456000 CEST" (zone name ignored:
// UTC). Relative kinds give ms since the capture start (epoch 0 as base).

export type TimeKind = 'relative' | 'epoch' | 'date' | 'time-of-day';

export function parseCsvTime(raw: string): { ms: number; kind: TimeKind } | undefined {
  const s = raw.trim();
  if (/^\d+(\.\d+)?$/.test(s)) {
    const sec = Number(s);
    return { ms: sec * 1000, kind: sec >= 1e8 ? 'epoch' : 'relative' };
  }
  let m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (m) {
    const ms = Date.parse(`${m[1]}T${m[2]}${(m[3] ?? '').slice(0, 4)}${m[4] ? m[4].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z'}`);
    return Number.isFinite(ms) ? { ms: ms + subMs(m[3]), kind: 'date' } : undefined;
  }
  m = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(s);
  if (m) return { ms: (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000 + Number(m[4] ?? 0) * 1000, kind: 'time-of-day' };
  m = /^([A-Z][a-z]{2}) +(\d{1,2}), (\d{4}) (\d{2}:\d{2}:\d{2})(\.\d+)?(?: [A-Za-z]+)?$/.exec(s);
  if (m) {
    const ms = Date.parse(`${m[1]} ${m[2]}, ${m[3]} ${m[4]} UTC`);
    return Number.isFinite(ms) ? { ms: ms + Number(m[5] ?? 0) * 1000, kind: 'date' } : undefined;
  }
  return undefined;
}

/** the sub-millisecond part Date.parse dropped */
function subMs(frac: string | undefined): number {
  if (!frac || frac.length <= 4) return 0;
  return Number('0.' + frac.slice(4));
}
