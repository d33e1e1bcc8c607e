// Forwarding for `ciphertrail detect`: one in-memory queue per output, filled as the engine makes
// versions and drained while the run goes on. After the input, what is still queued gets
// `wait` ms of retries; each output's figures go to stderr, and a version not delivered makes
// the run fail (exit 3) instead of vanishing.
import type { Alert } from '../model/index.js';
import { systemClock, type Clock } from '../forward/clock.js';
import { ForwardSet, type ForwardSetup } from '../forward/outputs.js';
import { MemoryQueue } from '../forward/queue.js';

export class DetectForwarding {
  private constructor(private readonly set: ForwardSet, private readonly queues: MemoryQueue[], private readonly clock: Clock, private readonly log: (l: string) => void) {}

  static async open(setup: ForwardSetup, log: (l: string) => void, clock: Clock = systemClock): Promise<DetectForwarding> {
    const queues: MemoryQueue[] = [];
    const set = await ForwardSet.open(setup, { queue: () => { const q = new MemoryQueue(); queues.push(q); return q; }, clock, log });
    set.start();
    return new DetectForwarding(set, queues, clock, log);
  }

  readonly push = (alert: Alert, final: boolean): void => { for (const q of this.queues) q.push(alert, final); };

  /** true when every output took (or filtered out) every version */
  async finish(waitMs: number): Promise<boolean> {
    const deadline = new AbortController();
    const timer = this.clock.sleep(waitMs, deadline.signal).then(() => deadline.abort());
    const drained = await this.set.drain(deadline.signal);
    deadline.abort();
    await timer;
    await this.set.close();
    let ok = drained;
    for (const s of this.set.status()) {
      const lost = s.pending + s.dead;
      if (lost > 0) ok = false;
      this.log(`forward ${s.name}: ${s.sent} version(s) delivered, ${s.filtered} filtered out, ${s.retried} resent`
        + (lost > 0 ? `; NOT delivered: ${s.pending} still queued after the wait, ${s.dead} dead-lettered (last error: ${s.lastError ?? 'none'})` : ''));
    }
    return ok;
  }
}
