// RFC 3339 date-time -> epoch ms. Strict on purpose: Date.parse accepts strings without an
// offset and reads them as local time, which would shift events by the machine's time zone.

// full-date "T" full-time; `t`/`z` lower case and a space separator are allowed by RFC 3339 §5.6.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Epoch ms (sub-millisecond digits truncated), or undefined when `s` is not an RFC 3339
 *  date-time with `Z` or a numeric offset, or names an impossible date. */
export function parseTimestamp(s: string): number | undefined {
  const m = RFC3339.exec(s);
  if (m === null) return undefined;
  const year = +m[1], month = +m[2], day = +m[3];
  const hour = +m[4], minute = +m[5], second = +m[6];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // second 60 is a leap second: it rolls into the next minute, off by at most one second.
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = m[7] === undefined ? 0 : +(m[7] + '00').slice(0, 3);
  let offsetMin = 0;
  if (m[8] === undefined) {
    const oh = +m[10], om = +m[11];
    if (oh > 23 || om > 59) return undefined;
    offsetMin = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0..99 to 1900..1999.
  if (year < 100) {
    const d = new Date(t);
    d.setUTCFullYear(year);
    t = d.getTime();
  }
  return t - offsetMin * 60_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
