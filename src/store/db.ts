// The embedded store: one SQLite file (better-sqlite3), WAL, numbered migrations.
//
// Durability: journal_mode=WAL with synchronous=FULL, so every COMMIT fsyncs the WAL before it
// returns. The server replies to an ingest only after its COMMIT, so an acknowledged batch
// survives kill -9 AND power loss. (NORMAL would survive kill -9 too but may lose the last
// commits on power loss; the cost of FULL is one fsync per batch, not per event.)
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export function openDb(path: string): Db {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // a `token create` in another process while the server writes waits instead of failing
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Applies every migration above the stored schema version, each in its own transaction. */
export function migrate(db: Db): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this ciphertrail (${MIGRATIONS.length}); upgrade ciphertrail`);
  }
  for (let v = current + 1; v <= MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v - 1]);
      db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(v, Date.now());
    }).immediate();
  }
  return MIGRATIONS.length;
}

export function schemaVersion(db: Db): number {
  return (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
}
