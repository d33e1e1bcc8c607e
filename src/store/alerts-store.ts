// Alerts as the engine emits them: the latest version per id in `alerts`, every stored version
// in `alert_versions`, triage changes in `alert_status_log`.
//
// Versions: the public `rev` is the server's counter for the id (1, 2, 3 ...). An engine update
// is stored only when it is newer than what is stored: an engine rebuilt by replay (restart,
// policy change) re-emits the versions it already emitted; those are recognised and skipped.
import type { Alert } from '../model/index.js';
import { SEVERITIES } from '../model/index.js';
import type { Db } from './db.js';

export const STATUSES = ['open', 'acknowledged', 'resolved', 'false_positive'] as const;
export type AlertStatus = (typeof STATUSES)[number];

export interface AlertView extends Alert { status: AlertStatus; final: boolean; updated_at: number }
export interface StoredVersion { view: AlertView; seq: number }

export interface AlertQuery {
  severity?: string[];
  minSeverity?: string;
  device?: string;
  app?: string;
  q?: string;
  status?: string[];
  since?: number;
  until?: number;
  limit: number;
  cursor?: { last_ts: number; id: string };
}

export interface StatusChange { id: string; status: AlertStatus; previous: AlertStatus; comment: string | null; by: string; token_id: string; at: number }

interface AlertRow { id: string; rev: number; final: number; status: AlertStatus; json: string; updated_at: number; last_ts: number; seq: number }

const sameContent = (a: Alert, b: Alert): boolean => JSON.stringify({ ...a, rev: 0 }) === JSON.stringify({ ...b, rev: 0 });

export class AlertsStore {
  private readonly get;
  private readonly insertAlert;
  private readonly updateAlert;
  private readonly insertVersion;
  private readonly countAll;

  constructor(private readonly db: Db) {
    this.get = db.prepare('SELECT id, rev, final, status, json, updated_at, last_ts, seq FROM alerts WHERE id = ?');
    this.insertAlert = db.prepare(`INSERT INTO alerts (id, rev, device, app, severity, sev_rank, score, first_ts, last_ts, final, json, created_at, updated_at, seq)
      VALUES (@id, @rev, @device, @app, @severity, @sev_rank, @score, @first_ts, @last_ts, @final, @json, @at, @at, 0)`);
    this.updateAlert = db.prepare(`UPDATE alerts SET rev = @rev, severity = @severity, sev_rank = @sev_rank, score = @score, first_ts = @first_ts,
      last_ts = @last_ts, final = @final, json = @json, updated_at = @at, seq = @seq WHERE id = @id`);
    this.insertVersion = db.prepare('INSERT INTO alert_versions (alert_id, rev, final, json, at) VALUES (?, ?, ?, ?, ?)');
    this.countAll = db.prepare('SELECT COUNT(*) AS n FROM alerts');
  }

  /** Stores an engine update when it is new; returns the stored version (for broadcast) or undefined. */
  /** the first evidence time of the oldest chain still open (not final) whose last evidence is at or
   *  after `since`: a rebuilt engine replays from before it, or that chain would get a second id */
  oldestOpen(since: number): number | undefined {
    const r = this.db.prepare('SELECT MIN(first_ts) AS t FROM alerts WHERE final = 0 AND last_ts >= ?').get(since) as { t: number | null };
    return r.t ?? undefined;
  }

  upsert(a: Alert, final: boolean, now: number): StoredVersion | undefined {
    const row = this.get.get(a.id) as AlertRow | undefined;
    if (row && !isNewer(a, final, JSON.parse(row.json) as Alert, row.final === 1)) return undefined;
    return this.write(a, final, row, now);
  }

  /** Stores a re-scored alert (policy change) when its content differs; the lifecycle (final) is kept. */
  rescore(a: Alert, now: number): StoredVersion | undefined {
    const row = this.get.get(a.id) as AlertRow | undefined;
    if (row && sameContent(a, JSON.parse(row.json) as Alert)) return undefined;
    return this.write(a, row ? row.final === 1 : false, row, now);
  }

  private write(a: Alert, final: boolean, row: AlertRow | undefined, now: number): StoredVersion {
    const rev = row ? row.rev + 1 : 1;
    const status: AlertStatus = row ? row.status : 'open';
    const stored: Alert = { ...a, rev };
    const json = JSON.stringify(stored);
    const p = {
      id: a.id, rev, device: a.device, app: a.app, severity: a.severity, sev_rank: SEVERITIES.indexOf(a.severity), score: a.score,
      first_ts: a.first_ts, last_ts: a.last_ts, final: final ? 1 : 0, json, at: now, seq: 0,
    };
    if (!row) this.insertAlert.run(p);
    const seq = Number(this.insertVersion.run(a.id, rev, p.final, json, now).lastInsertRowid);
    this.updateAlert.run({ ...p, seq });
    return { view: { ...stored, status, final, updated_at: now }, seq };
  }

  count(): number { return (this.countAll.get() as { n: number }).n; }

  view(id: string): AlertView | undefined {
    const row = this.get.get(id) as AlertRow | undefined;
    return row ? toView(row) : undefined;
  }

  list(q: AlertQuery): { alerts: AlertView[]; next: { last_ts: number; id: string } | null } {
    const where: string[] = [];
    const args: Record<string, unknown> = {};
    if (q.severity?.length) { where.push('severity IN (SELECT value FROM json_each(@severity))'); args.severity = JSON.stringify(q.severity); }
    if (q.minSeverity) { where.push('sev_rank >= @minRank'); args.minRank = SEVERITIES.indexOf(q.minSeverity as (typeof SEVERITIES)[number]); }
    if (q.status?.length) { where.push('status IN (SELECT value FROM json_each(@status))'); args.status = JSON.stringify(q.status); }
    if (q.device !== undefined) { where.push('device = @device'); args.device = q.device; }
    if (q.app !== undefined) { where.push('app = @app'); args.app = q.app; }
    if (q.q) {
      where.push("(instr(lower(id), @q) > 0 OR instr(lower(device), @q) > 0 OR instr(lower(app), @q) > 0)");
      args.q = q.q.toLowerCase();
    }
    if (q.since !== undefined) { where.push('last_ts >= @since'); args.since = q.since; }
    if (q.until !== undefined) { where.push('first_ts <= @until'); args.until = q.until; }
    if (q.cursor) { where.push('(last_ts < @cts OR (last_ts = @cts AND id < @cid))'); args.cts = q.cursor.last_ts; args.cid = q.cursor.id; }
    args.limit = q.limit + 1;
    const sql = `SELECT id, rev, final, status, json, updated_at, last_ts, seq FROM alerts ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY last_ts DESC, id DESC LIMIT @limit`;
    const rows = this.db.prepare(sql).all(args) as AlertRow[];
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    const last = page[page.length - 1];
    return { alerts: page.map(toView), next: more && last ? { last_ts: last.last_ts, id: last.id } : null };
  }

  /** latest version of each alert whose latest stored version came after `seq` (SSE resume) */
  since(seq: number, max = 1000): StoredVersion[] {
    const rows = this.db.prepare('SELECT id, rev, final, status, json, updated_at, last_ts, seq FROM alerts WHERE seq > ? ORDER BY seq LIMIT ?').all(seq, max) as AlertRow[];
    return rows.map((r) => ({ view: toView(r), seq: r.seq }));
  }

  versions(id: string): { rev: number; score: number; severity: string; final: boolean; at: number }[] {
    const rows = this.db.prepare('SELECT rev, final, json, at FROM alert_versions WHERE alert_id = ? ORDER BY rev').all(id) as { rev: number; final: number; json: string; at: number }[];
    return rows.map((r) => { const a = JSON.parse(r.json) as Alert; return { rev: r.rev, score: a.score, severity: a.severity, final: r.final === 1, at: r.at }; });
  }

  history(id: string): Omit<StatusChange, 'id'>[] {
    const rows = this.db.prepare('SELECT status, previous, comment, actor, token_id, at FROM alert_status_log WHERE alert_id = ? ORDER BY n').all(id) as
      { status: AlertStatus; previous: AlertStatus; comment: string | null; actor: string; token_id: string; at: number }[];
    return rows.map((r) => ({ status: r.status, previous: r.previous, comment: r.comment, by: r.actor, token_id: r.token_id, at: r.at }));
  }

  setStatus(id: string, status: AlertStatus, comment: string | null, tokenId: string, actor: string, now: number): StatusChange | undefined {
    return this.db.transaction(() => {
      const row = this.get.get(id) as AlertRow | undefined;
      if (!row) return undefined;
      this.db.prepare('UPDATE alerts SET status = ? WHERE id = ?').run(status, id);
      this.db.prepare('INSERT INTO alert_status_log (alert_id, status, previous, comment, token_id, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, status, row.status, comment, tokenId, actor, now);
      return { id, status, previous: row.status, comment, by: actor, token_id: tokenId, at: now };
    }).immediate();
  }
}

function toView(r: AlertRow): AlertView {
  return { ...(JSON.parse(r.json) as Alert), status: r.status, final: r.final === 1, updated_at: r.updated_at };
}

/** Is the engine update `a` newer than the stored `prev`? Chains only grow in event time and evidence. */
export function isNewer(a: Alert, final: boolean, prev: Alert, prevFinal: boolean): boolean {
  if (sameContent(a, prev)) return final && !prevFinal;
  if (a.last_ts !== prev.last_ts) return a.last_ts > prev.last_ts;
  if (a.evidence.length !== prev.evidence.length) return a.evidence.length > prev.evidence.length;
  // same extent, different content: a final re-score (fleet aggregate) or a new policy
  if (prevFinal && !final) return false;
  return true;
}
