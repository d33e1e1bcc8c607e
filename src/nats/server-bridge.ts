// `serve --nats URL`: the server stores and de-duplicates ingested events as always, but instead
// of its embedded engine the events are published to JetStream (partitioned batches, as
// `publish`), and an alerts consumer writes the workers' alerts into the server's SQLite store
// and its live stream. It stands in for LiveEngine (same members the HTTP app reads).
import { DeliverPolicy } from '@nats-io/jetstream';
import type { Accepted, Alert, Policy } from '../model/index.js';
import { EngineStats, type EngineHost } from '../analytics/index.js';
import type { AlertsStore, StoredVersion } from '../store/alerts-store.js';
import { openBus, STREAMS, type Bus } from './connection.js';
import { BatchPublisher, type BatchJournal, type JournalEntry } from './publisher.js';
import { pullEach } from './pull.js';
import type { ExactKeys } from './key-uses.js';
import { trackUnfinished } from './unfinished.js';
import { partitionOf } from './partitioner.js';
import type { NatsOutboxStore } from '../store/nats-outbox-store.js';

export interface NatsBridgeOptions {
  url: string; policy: Policy; alerts: AlertsStore; lingerMs?: number;
  /** wall-clock silence after which a partition gets an idle tick (the server's --idle-flush) */
  idleMs?: number;
  onStored: (v: StoredVersion) => void; log: (line: string) => void;
  /** key uses on CT_USES ahead of the batches (publisher.ts): workers count other partitions' devices
   *  as detect; the key horizons of the workers' policy (keyHorizonsOf) and their lateness */
  exactKeys?: ExactKeys;
  /** what of the stored events reached JetStream: a restart publishes what a kill left out */
  outbox?: NatsOutboxStore;
}

/** how often acknowledgements and the cursor are written to the store */
const JOURNAL_MS = 250;

export class NatsBridge implements EngineHost {
  newestTs = -Infinity;
  alertUpdates = 0;
  readonly liveContexts = 0;
  readonly buffered = 0;
  readonly stats = new EngineStats();
  private line = 0;
  /** the last events.seq handed to the publisher (its lines numbered by it) */
  private handed = 0;
  /** acknowledged batches not yet written to the store */
  private acks: JournalEntry[] = [];
  private journalAt = 0;
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
    let b: NatsBridge | undefined;
    const journal: BatchJournal | undefined = o.outbox ? {
      sending: (xs) => { const store = o.outbox!; store.transaction(() => { for (const x of xs) store.recorded(x.p, x.first, x.last); }); },
      acked: (x) => { b?.acks.push(x); },
    } : undefined;
    b = new NatsBridge(bus, new BatchPublisher(bus, { batchLines: 500, lingerMs: o.lingerMs ?? 20, end: false, ...(o.exactKeys ? { exactKeys: o.exactKeys } : {}), ...(journal ? { journal } : {}) }), o.policy, o);
    const bridge = b;
    if (o.outbox) await bridge.recover(o.outbox);
    const idleMs = o.idleMs ?? 1000;
    bridge.timer = setInterval(() => {
      bridge.sending = bridge.sending.then(() => bridge.pub.linger()).then(() => bridge.pub.ticks(idleMs)).then(() => bridge.journal(false))
        .catch((e: unknown) => o.log(`ciphertrail: NATS publish: ${(e as Error).message}`));
    }, o.lingerMs ?? 20);
    bridge.alertsLoop = bridge.consumeAlerts();
    return bridge;
  }

  /** after a kill: batches sent and never acknowledged go again as they were (JetStream drops a
   *  copy it holds), then the stored events after the cursor that no batch holds */
  private async recover(store: NatsOutboxStore): Promise<void> {
    const cursor = store.cursor();
    const batches = store.batches();
    const held = new Map<number, { first: number; last: number }[]>();
    let resent = 0, fresh = 0;
    for (const x of batches) {
      (held.get(x.partition) ?? held.set(x.partition, []).get(x.partition)!).push({ first: x.first_seq, last: x.last_seq });
      if (x.acked) continue;
      const evs = store.eventsBetween(x.first_seq, x.last_seq).filter((e) => partitionOf(e.device, this.bus.partitions) === x.partition);
      if (evs.length === 0) continue;
      await this.pub.resend(x.partition, { file: 'ingest', lineNos: evs.map((e) => e.seq), lines: evs.map((e) => e.json) });
      resent += evs.length;
    }
    for (const e of store.eventsAfter(cursor)) {
      const p = partitionOf(e.device, this.bus.partitions);
      if (held.get(p)?.some((r) => e.seq >= r.first && e.seq <= r.last)) continue;
      await this.pub.line('ingest', e.seq, e.json);
      this.handed = e.seq;
      fresh++;
    }
    await this.pub.flush();
    this.handed = Math.max(this.handed, cursor);
    for (const x of batches) if (x.last_seq > this.handed) this.handed = x.last_seq;
    await this.journal(true);
    if (resent || fresh) this.o.log(`ciphertrail: NATS: ${resent + fresh} stored event(s) published again after the last stop (${resent} in batches not acknowledged, ${fresh} never sent)`);
  }

  /** acknowledgements and the cursor into the store, at most every JOURNAL_MS (a lost one only
   *  means a batch sent again at the next start, which JetStream de-duplicates) */
  private async journal(now: boolean): Promise<void> {
    const store = this.o.outbox;
    if (!store || (!now && Date.now() - this.journalAt < JOURNAL_MS)) return;
    this.journalAt = Date.now();
    const acks = this.acks;
    this.acks = [];
    const unsent = this.pub.firstUnsent;
    const cursor = unsent === undefined ? this.handed : Math.min(unsent - 1, this.handed);
    store.transaction(() => { for (const a of acks) store.acked(a.p, a.first); store.advance(cursor); });
  }

  /** accepted, de-duplicated events of one request (`seqs`: their events.seq in the store) */
  feed(xs: Accepted[], seqs?: number[]): void {
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      if (x.ts > this.newestTs) this.newestTs = x.ts;
      const line = JSON.stringify(x.event);
      const n = seqs ? seqs[i] : ++this.line;
      this.queued++;
      this.sending = this.sending.then(() => this.pub.line('ingest', n, line)).then(() => { if (seqs) this.handed = n; }).finally(() => { this.queued--; });
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
      await this.journal(true);
    } catch (e) { failure = e; }
    await this.alertsLoop.catch(() => undefined);
    const left = this.unfinished() ?? 'events whose publish failed';
    this.untrack();
    void this.bus.nc.drain().catch(() => undefined);
    if (failure) throw new Error(`NATS publish failed while stopping (${(failure as Error).message}): ${left}`);
  }
}
