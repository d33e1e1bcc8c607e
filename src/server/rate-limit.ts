// Per-token token bucket for ingest, counted in events (non-blank lines). A request is admitted
// while the bucket is above zero and then charged its full line count, so a batch larger than
// the burst is never starved; the debt delays the next one (429 with Retry-After).
export interface RateLimit { eventsPerSecond: number; burst: number }

export class TokenBuckets {
  private readonly buckets = new Map<string, { level: number; at: number }>();

  constructor(private readonly limit: RateLimit, private readonly now: () => number = () => performance.now()) {}

  private bucket(key: string): { level: number; at: number } {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) { b = { level: this.limit.burst, at: t }; this.buckets.set(key, b); }
    b.level = Math.min(this.limit.burst, b.level + ((t - b.at) / 1000) * this.limit.eventsPerSecond);
    b.at = t;
    return b;
  }

  /** seconds to wait before the next request may be admitted, 0 when it may go now */
  retryAfter(key: string): number {
    const b = this.bucket(key);
    return b.level > 0 ? 0 : Math.max(1, Math.ceil((1 - b.level) / this.limit.eventsPerSecond));
  }

  charge(key: string, events: number): void {
    this.bucket(key).level -= events;
  }
}
