// Figures written the way an analyst reads them.

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** bytes sent when some sends had no recorded size: never `0 B` for what is unknown */
export function fmtSent(bytes: number, unsized: number | undefined): string {
  if (!unsized) return fmtBytes(bytes);
  return bytes === 0 ? 'an unknown number of bytes' : `${fmtBytes(bytes)} + ${unsized} send(s) of unknown size`;
}

export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'never';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;

export const shortFp = (fp: string): string => fp.slice(0, 8);
