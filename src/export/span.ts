// TimeWindow as an integer count of one unit, which Sigma `timespan`, EQL `maxspan` and SPL
// `maxspan`/`time_window` need (no decimals). Sub-second windows round up to whole seconds.
export function wholeSpan(ms: number, units: readonly ('h' | 'm' | 's' | 'ms')[] = ['h', 'm', 's']): string {
  const size = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
  for (const u of units) if (ms >= size[u] && ms % size[u] === 0) return `${ms / size[u]}${u}`;
  if (units.includes('ms')) return `${Math.ceil(ms)}ms`;
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}
