// One output's delivery loop: takes the queue's oldest versions in order, drops what the output's
// filter does not want, sends the rest, and moves the queue position only after the receiver took
// them. Strictly one batch at a time, so the versions of an alert arrive in rev order (at least
// once: a batch that failed is sent again whole).
//
// An outage (unavailable) is retried with backoff for as long as it lasts: the queue holds the
// versions. A rejection counts an attempt; after max_attempts the version goes to the dead letters
// and the next one is sent.
import { SEVERITIES } from '../model/index.js';
import { backoffMs, DEFAULT_BACKOFF, type Backoff, type Clock } from './clock.js';
import type { ForwardQueue, QueueItem } from './queue.js';
import { renderAlert } from './render.js';
import type { OutputSpec } from './spec.js';
import type { Transport } from './transport.js';

export interface ForwardStats {
  name: string;
  /** versions the receiver took */
  sent: number;
  /** versions sent again after a failed send */
  retried: number;
  /** failed sends (outages and rejections) */
  failures: number;
  /** versions the filter left out (severity, final only) */
  filtered: number;
  /** versions moved to the dead letters by this process */
  deadLettered: number;
  state: 'idle' | 'sending' | 'retrying' | 'stopped';
  lastError?: string;
  /** clock time of the last delivery */
  lastDeliveryAt?: number;
}

const PEEK = 200;

export class Forwarder {
  readonly stats: ForwardStats;
  private readonly minRank: number;
  private readonly stop = new AbortController();
  private running?: Promise<void>;
  /** attempts of the version at the head of the queue, by key */
  private attempts = new Map<number, number>();
  private finishing = false;
  private readonly wake = new AbortController();

  constructor(readonly spec: OutputSpec, readonly queue: ForwardQueue, private readonly transport: Transport,
    private readonly clock: Clock, private readonly backoff: Backoff = DEFAULT_BACKOFF, private readonly log: (l: string) => void = () => {}) {
    this.stats = { name: spec.name, sent: 0, retried: 0, failures: 0, filtered: 0, deadLettered: 0, state: 'idle' };
    this.minRank = SEVERITIES.indexOf(spec.minSeverity);
  }

  private wanted(it: QueueItem): boolean {
    return SEVERITIES.indexOf(it.alert.severity) >= this.minRank && (this.spec.versions === 'all' || it.final);
  }

  start(): void { this.running ??= this.loop(); }

  /** no more versions will come (detect after its input): delivers what is queued and returns,
   *  or gives up when `signal` aborts; true when everything was delivered or dead-lettered */
  async drain(signal: AbortSignal): Promise<boolean> {
    this.finishing = true;
    this.wake.abort();
    const onAbort = () => this.stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try { await (this.running ??= this.loop()); } finally { signal.removeEventListener('abort', onAbort); }
    return this.queue.pending() === 0;
  }

  async close(): Promise<void> {
    this.stop.abort();
    // closing the transport aborts a send in flight: not acknowledged, so sent again next time
    const closed = this.transport.close();
    await this.running;
    await closed;
    this.queue.close?.();
    this.stats.state = 'stopped';
  }

  private async loop(): Promise<void> {
    let trouble = 0;
    while (!this.stop.signal.aborted) {
      try {
        await this.step();
        trouble = 0;
      } catch (e) {
        // the queue's store failed (NATS reconnecting, disk): nothing was acknowledged, try again
        if (trouble++ === 0) this.log(`forward ${this.spec.name}: queue error: ${(e as Error).message}; retrying`);
        this.stats.lastError = `queue: ${(e as Error).message}`;
        await this.clock.sleep(backoffMs(this.backoff, trouble), this.stop.signal);
      }
    }
  }

  /** consecutive failed sends of the batch at the head */
  private failed = 0;

  /** one round: a batch sent (or filtered, or dead-lettered), or a wait */
  private async step(): Promise<void> {
    const signal = this.stop.signal;
    const items = await this.queue.peek(PEEK);
    if (items.length === 0) {
      this.stats.state = 'idle';
      if (this.finishing) { this.stop.abort(); return; }
      await this.queue.changed(AbortSignal.any([signal, this.wake.signal]));
      return;
    }
    // the leading versions the filter drops, then up to batchMax wanted ones
    const take: QueueItem[] = [];
    const send: QueueItem[] = [];
    for (const it of items) {
      if (this.wanted(it)) { if (send.length === this.transport.batchMax) break; send.push(it); }
      take.push(it);
    }
    // filtered versions after the last wanted one wait for the next round (they may precede
    // a version that fails)
    while (send.length && take[take.length - 1] !== send[send.length - 1]) take.pop();
    if (send.length === 0) {
      await this.queue.ack(take);
      this.stats.filtered += take.length;
      return;
    }
    this.stats.state = this.failed ? 'retrying' : 'sending';
    const out = await this.transport.send(send.map((it) => ({ alert: it.alert, final: it.final, text: renderAlert(it.alert, it.final, this.spec.format) })));
    if (out.ok) {
      await this.queue.ack(take);
      this.stats.sent += send.length;
      this.stats.filtered += take.length - send.length;
      this.stats.lastDeliveryAt = this.clock.now();
      if (this.failed) this.log(`forward ${this.spec.name}: delivering again after ${this.failed} failed attempt(s)`);
      this.failed = 0;
      this.attempts.clear();
      return;
    }
    this.failed++;
    this.stats.failures++;
    this.stats.state = 'retrying';
    this.stats.lastError = out.reason;
    if (this.failed === 1) this.log(`forward ${this.spec.name}: ${out.kind === 'rejected' ? 'rejected' : 'unavailable'} (${out.reason}); retrying with backoff`);
    if (out.kind === 'rejected') {
      const head = send[0];
      const n = (this.attempts.get(head.key) ?? 0) + 1;
      this.attempts.set(head.key, n);
      if (n >= this.spec.maxAttempts) {
        const upTo = take.slice(0, take.indexOf(head) + 1);
        await this.queue.ack(upTo, { item: head, reason: out.reason, attempts: n });
        this.stats.deadLettered++;
        this.stats.filtered += upTo.length - 1;
        this.log(`forward ${this.spec.name}: alert ${head.alert.id} rev ${head.alert.rev} dead-lettered after ${n} attempt(s): ${out.reason}`);
        this.attempts.delete(head.key);
        this.failed = 0;
        return;
      }
    }
    this.stats.retried += send.length;
    await this.clock.sleep(backoffMs(this.backoff, this.failed), signal);
  }
}
