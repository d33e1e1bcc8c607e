// Time for the forwarders' backoff and timeouts: injected, so tests drive it (a stage never reads
// the wall clock itself).
export interface Clock {
  now(): number;
  /** resolves after `ms`, or at once when `signal` aborts */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise<void>((resolve) => {
    if (signal?.aborted) { resolve(); return; }
    const t = setTimeout(done, ms);
    function done() { clearTimeout(t); signal?.removeEventListener('abort', done); resolve(); }
    signal?.addEventListener('abort', done, { once: true });
  }),
};

export interface Backoff { baseMs: number; maxMs: number }
export const DEFAULT_BACKOFF: Backoff = { baseMs: 500, maxMs: 60_000 };

/** wait before retry n (1-based): base × 2^(n-1), capped; no jitter (one sender per output) */
export function backoffMs(b: Backoff, n: number): number {
  return Math.min(b.maxMs, b.baseMs * 2 ** Math.min(30, Math.max(0, n - 1)));
}
