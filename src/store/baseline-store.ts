// The rolling baseline's days and the inventory acceptance audit (migration 2).
import type { Db } from './db.js';

export interface BaselineDay { day: number; json: string }
export interface InventoryAudit { n: number; package: string; token_id: string; actor: string; at: number; before: unknown; after: unknown }

export class BaselineStore {
  constructor(private readonly db: Db) {}

  days(): BaselineDay[] {
    return this.db.prepare('SELECT day, json FROM baseline_days ORDER BY day').all() as BaselineDay[];
  }

  /** writes the touched days and drops those before `keepFrom`, in one transaction */
  save(days: BaselineDay[], keepFrom: number, at: number): void {
    const put = this.db.prepare('INSERT INTO baseline_days (day, json, updated_at) VALUES (?, ?, ?) ON CONFLICT(day) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at');
    this.db.transaction(() => {
      for (const d of days) put.run(d.day, d.json, at);
      this.db.prepare('DELETE FROM baseline_days WHERE day < ?').run(keepFrom);
    }).immediate();
  }

  audit(r: Omit<InventoryAudit, 'n'>): number {
    const info = this.db.prepare('INSERT INTO inventory_audit (package, token_id, actor, at, before, after) VALUES (?, ?, ?, ?, ?, ?)')
      .run(r.package, r.token_id, r.actor, r.at, r.before === undefined ? null : JSON.stringify(r.before), JSON.stringify(r.after));
    return Number(info.lastInsertRowid);
  }

  auditLog(limit = 100): InventoryAudit[] {
    const rows = this.db.prepare('SELECT n, package, token_id, actor, at, before, after FROM inventory_audit ORDER BY n DESC LIMIT ?').all(limit) as (Omit<InventoryAudit, 'before' | 'after'> & { before: string | null; after: string })[];
    return rows.map((r) => ({ ...r, before: r.before === null ? null : JSON.parse(r.before), after: JSON.parse(r.after) }));
  }
}
