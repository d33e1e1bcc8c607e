// Durations in the policy and on the command line: `500ms`, `30s`, `10m`, `2h` (decimals allowed,
// e.g. `1.5m`), or a number of milliseconds (a JSON/YAML number or a bare numeric string).

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

// Number and unit must touch (`10 m` is rejected); only whitespace around the whole is tolerated.
const DURATION = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)?$/;

/** Milliseconds, or undefined when `v` is not a non-negative finite duration. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = DURATION.exec(v.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[m[2] ?? 'ms'];
  if (!Number.isFinite(ms)) return undefined;
  // 1.1s * 1000 is 1100.0000000000002 in floating point: keep microsecond precision.
  return Math.round(ms * 1000) / 1000;
}

/** A readable exact rendering: the largest unit that needs at most one decimal (600000 -> `10m`,
 *  90000 -> `1.5m`, 61000 -> `61s`), else milliseconds (`250ms`). */
export function formatDuration(ms: number): string {
  for (const unit of ['h', 'm', 's'] as const) {
    const tenths = (ms / UNIT_MS[unit]) * 10;
    if (ms >= UNIT_MS[unit] && Math.abs(tenths - Math.round(tenths)) < 1e-9) return `${Math.round(tenths) / 10}${unit}`;
  }
  return `${ms}ms`;
}
