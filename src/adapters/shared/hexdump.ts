// droidmon renders byte arrays that are not printable text as a hexdump:
//   "\n0x00000000 8D 76 3E 1D 0E 68 DE 87 3E A7 55 D7 FF E9 01 D1 .v>..h..>.U....."
// one row per 16 bytes: offset, 16 columns of "XX " (blank for missing bytes), then ASCII. The
// columns are read by position, so an ASCII column that happens to look like hex is never taken.

const ROW = /^0x[0-9a-fA-F]{8} /;
const OFFSET_WIDTH = 11; // "0x00000000 "
const COLUMNS = 16;

/** true when `s` is a droidmon hexdump (first non-empty row starts with an 8-digit offset) */
export function isHexdump(s: string): boolean {
  const t = s.replace(/^\s*\n/, '');
  return ROW.test(t);
}

/** the bytes of a droidmon hexdump, or undefined when `s` is not one */
export function parseHexdump(s: string): Uint8Array | undefined {
  if (!isHexdump(s)) return undefined;
  const out: number[] = [];
  for (const line of s.split('\n')) {
    if (!ROW.test(line)) continue;
    for (let c = 0; c < COLUMNS; c++) {
      const cell = line.slice(OFFSET_WIDTH + c * 3, OFFSET_WIDTH + c * 3 + 2);
      if (!/^[0-9a-fA-F]{2}$/.test(cell)) break;
      out.push(parseInt(cell, 16));
    }
  }
  return Uint8Array.from(out);
}
