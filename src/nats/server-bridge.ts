// `serve --nats URL`: the server stores and de-duplicates ingested events as always, but instead
// of its embedded engine the events are published to JetStream (partitioned batches, as
// `publish`), and an alerts consumer writes the workers' alerts into the server's SQLite store
// and its live stream. It stands in for LiveEngine (same members the HTTP app reads).
import { DeliverPolicy } from '@nats-io/jetstream';
import type { Accepted, Alert, Policy } from '../model/index.js';
import { EngineStats, type EngineHost } from '../analytics/index.js';
import type { AlertsStore, StoredVersion } from '../store/alerts-store.js';
import { openBus, STREAMS, type Bus } from './connection.js';
import { BatchPublisher } from './publisher.js';
import { pullEach } from './pull.js';
import type { ExactKeys } from './key-uses.js';
import { trackUnfinished } from './unfinished.js';

export interface NatsBridgeOptions {
  url: string; policy: Policy; alerts: AlertsStore; lingerMs?: number;
  /** wall-clock silence after which a partition gets an idle tick (the server's --idle-flush) */
  idleMs?: number;
  onStored: (v: StoredVersion) => void; log: (line: string) => void;
  /** key uses on CT_USES ahead of the batches (publisher.ts): workers count other partitions' devices
   *  as detect; the key horizons of the workers' policy (keyHorizonsOf) and their lateness */
  exactKeys?: ExactKeys;
}

export class NatsBridge implements EngineHost {
  newestTs = -Infinity;
  alertUpdates = 0;
  readonly liveContexts = 0;
  readonly buffered = 0;
  readonly stats = new EngineStats();
  private line = 0;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  private alertsLoop: Promise<void> = Promise.resolve();
  /** events fed and not yet handed to the publisher */
  private queued = 0;
  private readonly unfinished = (): string | undefined => {
    const events = this.queued + this.pub.unsentLines, acks = this.pub.unacknowledged;
    return events || acks ? `${events} accepted event(s) not yet published to NATS, ${acks} publish(es) not acknowledged (the events are in the SQLite store)` : undefined;
  };
  private readonly untrack = trackUnfinished(this.unfinished);

  private constructor(private readonly bus: Bus, private readonly pub: BatchPublisher, public policy: Policy, private readonly o: NatsBridgeOptions) {}

  static async open(o: NatsBridgeOptions): Promise<NatsBridge> {
    const bus = await openBus(o.url, 'ciphertrail-serve');
    const b = new NatsBridge(bus, new BatchPublisher(bus, { batchLines: 500, lingerMs: o.lingerMs ?? 20, end: false, ...(o.exactKeys ? { exactKeys: o.exactKeys } : {}) }), o.policy, o);
    const idleMs = o.idleMs ?? 1000;
    b.timer = setInterval(() => { b.sending = b.sending.then(() => b.pub.linger()).then(() => b.pub.ticks(idleMs)).catch((e: unknown) => o.log(`ciphertrail: NATS publish: ${(e as Error).message}`)); }, o.lingerMs ?? 20);
    b.alertsLoop = b.consumeAlerts();
    return b;
  }

  /** accepted, de-duplicated events of one request: into the partitioned batches */
  feed(xs: Accepted[]): void {
    for (const x of xs) {
      if (x.ts > this.newestTs) this.newestTs = x.ts;
      const line = JSON.stringify(x.event);
      const n = ++this.line;
      this.queued++;
      this.sending = this.sending.then(() => this.pub.line('ingest', n, line)).finally(() => { this.queued--; });
    }
  }

  /** the workers hold the policy (worker --policy): a policy change here cannot re-score them */
  rebuild(policy: Policy): { replayed: number; rescored: number; ms: number } {
    this.policy = policy;
    this.o.log('ciphertrail: NATS mode: the workers run with their own --policy; restart them to apply a new one');
    return { replayed: 0, rescored: 0, ms: 0 };
  }

  private async consumeAlerts(): Promise<void> {
    let seq = 0;
    await pullEach({
      open: (from) => this.bus.js.consumers.get(STREAMS.alerts.name, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from }),
      budget: this.bus.pulls, maxPayload: this.bus.nc.info?.max_payload,
      processed: () => seq,
      behind: async () => (await this.bus.jsm.streams.info(STREAMS.alerts.name)).state.last_seq > seq,
      stopped: () => this.closed,
      onMsg: async (m) => {
        seq = m.seq;
        // versions already stored are skipped by the store (same id, not newer)
        const v = this.o.alerts.upsert(JSON.parse(m.string()) as Alert, m.headers?.get('Ct-Final') === '1', Date.now());
        if (v) { this.alertUpdates++; this.o.onStored(v); }
      },
    });
  }

  /** Called once the HTTP server has answered its last request: every line fed goes out and is
   *  acknowledged before this resolves. With NATS gone that never happens; the caller's grace
   *  period ends the wait and unfinishedWork() names what was left. A publish that failed for
   *  good rejects, naming the same. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    let failure: unknown;
    try {
      // (feed() may have extended the chain while we waited on it)
      for (let p = this.sending; ; p = this.sending) { await p; if (p === this.sending) break; }
      await this.pub.flush();
    } catch (e) { failure = e; }
    await this.alertsLoop.catch(() => undefined);
    const left = this.unfinished() ?? 'events whose publish failed';
    this.untrack();
    void this.bus.nc.drain().catch(() => undefined);
    if (failure) throw new Error(`NATS publish failed while stopping (${(failure as Error).message}): ${left}`);
  }
}
