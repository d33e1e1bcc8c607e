// serve --nats: which stored events have reached JetStream, so that a restart after kill -9
// publishes what was accepted and not yet published, and nothing twice. A batch is recorded
// (partition, first and last events.seq) before it is sent and marked when JetStream acknowledges
// it; the cursor says every event up to it is in a recorded batch. At the next start, batches not
// acknowledged are rebuilt from the events table (the same lines in the same order: the same
// Nats-Msg-Id, so JetStream drops a copy it already holds) and events after the cursor that no
// batch holds are published anew.
import type { Db } from './db.js';

export interface OutboxBatch { partition: number; first_seq: number; last_seq: number; acked: number }
export interface OutboxEvent { seq: number; device: string; json: string }

export class NatsOutboxStore {
  private readonly insertBatch;
  private readonly ackBatch;
  private readonly setCursor;
  private readonly prune;

  constructor(private readonly db: Db) {
    this.insertBatch = db.prepare('INSERT OR REPLACE INTO nats_batches (partition, first_seq, last_seq, acked) VALUES (?, ?, ?, 0)');
    this.ackBatch = db.prepare('UPDATE nats_batches SET acked = 1 WHERE partition = ? AND first_seq = ?');
    this.setCursor = db.prepare('INSERT INTO nats_cursor (id, seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET seq = MAX(seq, excluded.seq)');
    this.prune = db.prepare('DELETE FROM nats_batches WHERE acked = 1 AND last_seq <= ?');
  }

  /** the cursor; on the first start in NATS mode, the newest stored event (history before it
   *  was the embedded engine's, not the workers') */
  cursor(): number {
    const row = this.db.prepare('SELECT seq FROM nats_cursor WHERE id = 1').get() as { seq: number } | undefined;
    if (row) return row.seq;
    const top = (this.db.prepare('SELECT MAX(seq) AS s FROM events').get() as { s: number | null }).s ?? 0;
    this.setCursor.run(top);
    return top;
  }

  transaction(f: () => void): void { this.db.transaction(f)(); }

  /** a start without NATS: the embedded engine reads every stored event, so a later start with
   *  NATS begins again from the newest (history is the embedded engine's, not the workers') */
  forget(): void { this.db.transaction(() => { this.db.prepare('DELETE FROM nats_cursor').run(); this.db.prepare('DELETE FROM nats_batches').run(); })(); }

  recorded(partition: number, first: number, last: number): void { this.insertBatch.run(partition, first, last); }
  acked(partition: number, first: number): void { this.ackBatch.run(partition, first); }

  /** everything up to `seq` is in a recorded batch: acknowledged batches before it are forgotten */
  advance(seq: number): void { this.setCursor.run(seq); this.prune.run(seq); }

  batches(): OutboxBatch[] {
    return this.db.prepare('SELECT partition, first_seq, last_seq, acked FROM nats_batches ORDER BY first_seq, partition').all() as OutboxBatch[];
  }

  /** stored events after `seq`, in seq order, a page at a time */
  *eventsAfter(seq: number, page = 2000): Generator<OutboxEvent> {
    const q = this.db.prepare(`SELECT seq, device, json FROM events WHERE seq > ? ORDER BY seq LIMIT ${page}`);
    for (let from = seq; ;) {
      const rows = q.all(from) as OutboxEvent[];
      yield* rows;
      if (rows.length < page) return;
      from = rows[rows.length - 1].seq;
    }
  }

  /** stored events with seq in [first, last], in seq order */
  eventsBetween(first: number, last: number): OutboxEvent[] {
    return this.db.prepare('SELECT seq, device, json FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq').all(first, last) as OutboxEvent[];
  }
}
