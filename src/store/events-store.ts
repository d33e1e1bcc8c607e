// Stored telemetry: one row per (device, id), the normalized event as JSON. Inserts are
// INSERT OR IGNORE against the unique index, so a re-sent batch stores nothing twice.
import type { Accepted, TelemetryEvent } from '../model/index.js';
import type { Db } from './db.js';

const REPLAY_CHUNK = 5000;

export interface StoredEvent { id: string; device: string; ts: number; type: string; event: TelemetryEvent }

export class EventsStore {
  private readonly insert;
  private readonly newest;
  private readonly count;
  private readonly since;
  private readonly byIds;

  constructor(private readonly db: Db) {
    this.insert = db.prepare('INSERT OR IGNORE INTO events (device, id, ts, app, type, json, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.newest = db.prepare('SELECT MAX(ts) AS ts FROM events');
    this.count = db.prepare('SELECT COUNT(*) AS n FROM events');
    // canonical order of the reorder buffer: (ts, device, app, type, id)
    this.since = db.prepare(`SELECT seq, device, app, type, id, ts, json FROM events
      WHERE ts >= @from AND (ts, device, app, type, id) > (@ts, @device, @app, @type, @id)
      ORDER BY ts, device, app, type, id LIMIT ${REPLAY_CHUNK}`);
    this.byIds = db.prepare("SELECT id, device, ts, type, json FROM events WHERE device = ? AND id IN (SELECT value FROM json_each(?)) ORDER BY ts, id");
  }

  /** Stores a batch in ONE transaction (durable when it returns); returns the events that were
   *  new, and pushes their `seq` onto `seqs` when given. */
  insertBatch(batch: Accepted[], now: number, seqs?: number[]): Accepted[] {
    const fresh: Accepted[] = [];
    this.db.transaction(() => {
      for (const x of batch) {
        const e = x.event;
        const r = this.insert.run(e.device, e.id!, x.ts, e.app ?? '', e.type, JSON.stringify(e), now);
        if (r.changes === 1) { fresh.push(x); seqs?.push(Number(r.lastInsertRowid)); }
      }
    }).immediate();
    return fresh;
  }

  newestTs(): number | undefined {
    return (this.newest.get() as { ts: number | null }).ts ?? undefined;
  }

  size(): number {
    return (this.count.get() as { n: number }).n;
  }

  /** Stored events at or after `from` (event time), in canonical order, as engine input. */
  *replay(from: number): Generator<Accepted> {
    // keyset pages: the connection stays free for the alert upserts the replay causes
    let key = { from, ts: -Infinity, device: '', app: '', type: '', id: '' };
    for (;;) {
      const rows = this.since.all(key) as { seq: number; device: string; app: string; type: string; id: string; ts: number; json: string }[];
      for (const row of rows) {
        const event = JSON.parse(row.json) as TelemetryEvent;
        yield { event, ts: row.ts, ref: row.id, source: { file: 'store', line: row.seq } };
      }
      if (rows.length < REPLAY_CHUNK) return;
      const l = rows[rows.length - 1];
      key = { from, ts: l.ts, device: l.device, app: l.app, type: l.type, id: l.id };
    }
  }

  /** Events of `device` whose id is in `ids`, in time order. */
  byRefs(device: string, ids: string[]): StoredEvent[] {
    if (ids.length === 0) return [];
    const rows = this.byIds.all(device, JSON.stringify(ids)) as { id: string; device: string; ts: number; type: string; json: string }[];
    return rows.map((r) => ({ id: r.id, device: r.device, ts: r.ts, type: r.type, event: JSON.parse(r.json) as TelemetryEvent }));
  }
}
