// Operations on the server's SQLite file while the server runs: an online backup (SQLite's backup
// API: a consistent copy page by page, writers are not blocked) and retention (stored events
// older than a cut-off in event time are deleted; alerts, their versions and triage are kept).
import Database from 'better-sqlite3';
import { chmodSync, existsSync } from 'node:fs';
import { replaySpan } from '../analytics/index.js';
import { DEFAULT_POLICY, type Policy } from '../model/index.js';
import type { Db } from './db.js';

export interface BackupResult { out: string; pages: number; events: number; alerts: number; schema: number; ms: number }

/** Copies the database at `db` to `out` (must not exist) with the online backup API, then
 *  checks the copy (`integrity_check`) and counts what it holds. */
export async function backupDb(db: Db, out: string): Promise<BackupResult> {
  if (existsSync(out)) throw new Error(`${out} exists; a backup never overwrites a file`);
  const t0 = performance.now();
  // after a first step of 100 pages, the rest in one step: a writer between two steps would make
  // SQLite restart the copy, so a busy server could keep a many-step backup from ever finishing
  const r = await db.backup(out, { progress: ({ remainingPages }) => Math.max(remainingPages, 1) });
  chmodSync(out, 0o600); // tokens and telemetry: owner-only, like the database itself
  const copy = new Database(out, { readonly: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`backup ${out} failed its integrity check: ${String(check)}`);
    const n = (sql: string) => (copy.prepare(sql).get() as { n: number | null }).n ?? 0;
    return {
      out, pages: r.totalPages, events: n('SELECT COUNT(*) AS n FROM events'), alerts: n('SELECT COUNT(*) AS n FROM alerts'),
      schema: n('SELECT MAX(version) AS n FROM schema_version'), ms: performance.now() - t0,
    };
  } finally { copy.close(); }
}

export interface PruneResult { requested: number; before: number; deleted: number; kept: number; newest: number | null; clamped: boolean }

const CHUNK = 5000;

/** The cut-off that keeps what a server restart replays: the replay span before the newest
 *  event, and before the first event of every chain still open. */
export function safeCutoff(db: Db, before: number, policy: Policy = DEFAULT_POLICY, lateness = 30_000): { before: number; newest: number | null } {
  const newest = (db.prepare('SELECT MAX(ts) AS t FROM events').get() as { t: number | null }).t;
  if (newest === null) return { before, newest };
  const span = replaySpan(policy, lateness);
  const open = (db.prepare('SELECT MIN(first_ts) AS t FROM alerts WHERE final = 0').get() as { t: number | null }).t;
  return { before: Math.min(before, newest - span, open === null ? Infinity : open - span), newest };
}

/** Deletes the stored events older than `before` (epoch ms of event time), in short
 *  transactions so that a running server's ingest waits milliseconds, never the whole prune.
 *  The cut-off is clamped by safeCutoff: a restart rebuilds the same engine as before. */
export function pruneEvents(db: Db, before: number, policy?: Policy, lateness?: number): PruneResult {
  const safe = safeCutoff(db, before, policy, lateness);
  const del = db.prepare('DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE ts < ? LIMIT ?)');
  let deleted = 0;
  for (;;) {
    const n = db.transaction(() => del.run(safe.before, CHUNK).changes)();
    deleted += n;
    if (n < CHUNK) break;
  }
  const kept = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  return { requested: before, before: safe.before, deleted, kept, newest: safe.newest, clamped: safe.before < before };
}
