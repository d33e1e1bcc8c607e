// Formats without per-event time (CuckooDroid threads_tree, MobSF api monitor) get a synthesized,
// monotonic clock: a base (the task start when the report has one, else a fixed epoch) plus a
// fixed step per record in the order the adapter lays records out. DroidBox times are seconds
// since the start of the run: they are added to the same fixed epoch. Every adapter that does
// this says so in its `notes`.

/** 2017-01-01T00:00:00Z: the fixed epoch when a format has no absolute time */
export const SYNTHETIC_EPOCH_MS = Date.UTC(2017, 0, 1);

/** one record every 100 ms: a 40 s sandbox run of ~400 hooked calls keeps its real scale */
export const SYNTHETIC_STEP_MS = 100;

export function syntheticTs(base: number, index: number, step = SYNTHETIC_STEP_MS): number {
  return base + index * step;
}

/** seconds since the start of a run (a number or a numeric string) -> epoch ms, or undefined */
export function tsOfRunSeconds(seconds: unknown, base = SYNTHETIC_EPOCH_MS): number | undefined {
  const s = typeof seconds === 'number' ? seconds : typeof seconds === 'string' && seconds.trim() !== '' ? Number(seconds) : NaN;
  if (!Number.isFinite(s) || s < 0) return undefined;
  return Math.round(base + s * 1000);
}
