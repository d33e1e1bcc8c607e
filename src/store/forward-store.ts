// The server's forwarding queue: alert_versions is the log, forward_position the place each
// output reached, forward_dead what an output gave up on. The position moves in the same commit
// as a dead letter, and only after the receiver took a batch: a kill -9 resends at most the batch
// in flight. An output seen for the first time starts at the newest stored version.
import type { Alert } from '../model/index.js';
import type { ForwardQueue, QueueItem } from '../forward/queue.js';
import type { Db } from './db.js';

export const DEFAULT_MAX_PENDING = 100_000;

export interface DeadLetter { output: string; alert_id: string; rev: number; reason: string; attempts: number; at: number }

export class ForwardStore {
  private waiters = new Set<() => void>();

  constructor(private readonly db: Db, private readonly now: () => number) {}

  /** a version was stored: wake the forwarders */
  notify(): void {
    const w = this.waiters;
    this.waiters = new Set();
    for (const f of w) f();
  }

  queue(output: string, maxPending = DEFAULT_MAX_PENDING): ForwardQueue {
    const db = this.db;
    db.prepare('INSERT OR IGNORE INTO forward_position (output, seq, updated_at) VALUES (?, (SELECT COALESCE(MAX(seq), 0) FROM alert_versions), ?)').run(output, this.now());
    const position = db.prepare('SELECT seq FROM forward_position WHERE output = ?').pluck();
    const peek = db.prepare('SELECT seq, final, json FROM alert_versions WHERE seq > ? ORDER BY seq LIMIT ?');
    const pending = db.prepare('SELECT COUNT(*) FROM alert_versions WHERE seq > ?').pluck();
    const nth = db.prepare('SELECT seq FROM alert_versions WHERE seq > ? ORDER BY seq LIMIT 1 OFFSET ?').pluck();
    const move = db.prepare('UPDATE forward_position SET seq = ?, updated_at = ? WHERE output = ? AND seq < ?');
    const dead = db.prepare('INSERT INTO forward_dead (output, version_seq, alert_id, rev, reason, attempts, at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const overflow = db.prepare(`INSERT INTO forward_dead (output, version_seq, alert_id, rev, reason, attempts, at)
      SELECT ?, seq, alert_id, rev, 'queue_full', 0, ? FROM alert_versions WHERE seq > ? AND seq <= ? ORDER BY seq`);
    const deadCount = db.prepare('SELECT COUNT(*) FROM forward_dead WHERE output = ?').pluck();
    const pos = () => position.get(output) as number;
    return {
      peek: (n: number): QueueItem[] => {
        let from = pos();
        const p = pending.get(from) as number;
        // bounded: past max_pending the oldest versions go to the dead letters (reason queue_full)
        if (p > maxPending) {
          const upTo = nth.get(from, p - maxPending - 1) as number;
          db.transaction(() => { overflow.run(output, this.now(), from, upTo); move.run(upTo, this.now(), output, upTo); })();
          from = upTo;
        }
        return (peek.all(from, n) as { seq: number; final: number; json: string }[])
          .map((r) => ({ key: r.seq, final: r.final === 1, alert: JSON.parse(r.json) as Alert }));
      },
      ack: (items, d) => {
        const last = items[items.length - 1];
        if (!last) return;
        db.transaction(() => {
          if (d) dead.run(output, d.item.key, d.item.alert.id, d.item.alert.rev, d.reason, d.attempts, this.now());
          move.run(last.key, this.now(), output, last.key);
        })();
      },
      changed: (signal) => new Promise<void>((resolve) => {
        if (signal.aborted || (pending.get(pos()) as number) > 0) { resolve(); return; }
        const done = () => { this.waiters.delete(done); signal.removeEventListener('abort', done); resolve(); };
        this.waiters.add(done);
        signal.addEventListener('abort', done, { once: true });
      }),
      pending: () => pending.get(pos()) as number,
      deadCount: () => deadCount.get(output) as number,
    };
  }

  /** the newest dead letters, of one output or all */
  deadLetters(output?: string, limit = 100): DeadLetter[] {
    return this.db.prepare(`SELECT output, alert_id, rev, reason, attempts, at FROM forward_dead ${output ? 'WHERE output = ?' : ''} ORDER BY n DESC LIMIT ?`)
      .all(...(output ? [output, limit] : [limit])) as DeadLetter[];
  }

  /** every output this database has a position for, with its backlog and dead letters */
  positions(): { output: string; seq: number; pending: number; dead: number; updated_at: number }[] {
    return this.db.prepare(`SELECT p.output, p.seq, p.updated_at,
        (SELECT COUNT(*) FROM alert_versions v WHERE v.seq > p.seq) AS pending,
        (SELECT COUNT(*) FROM forward_dead d WHERE d.output = p.output) AS dead
      FROM forward_position p ORDER BY p.output`).all() as { output: string; seq: number; pending: number; dead: number; updated_at: number }[];
  }
}
