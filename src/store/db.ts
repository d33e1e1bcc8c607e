// The embedded store: one SQLite file (better-sqlite3), WAL, numbered migrations.
//
// Durability: journal_mode=WAL with synchronous=FULL, so every COMMIT fsyncs the WAL before it
// returns. The server replies to an ingest only after its COMMIT, so an acknowledged batch
// survives kill -9 AND power loss. (NORMAL would survive kill -9 too but may lose the last
// commits on power loss; the cost of FULL is one fsync per batch, not per event.)
import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export function openDb(path: string): Db {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  makePrivate(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // a `token create` in another process while the server writes waits instead of failing
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** The file holds token hashes and telemetry: owner-only whatever the umask. SQLite gives the
 *  -wal and -shm files the mode of the database file, so creating that one 0600 covers them;
 *  files created world-readable by older versions are narrowed here. */
function makePrivate(path: string): void {
  if (path === '' || path === ':memory:') return;
  try { closeSync(openSync(path, 'wx', 0o600)); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; }
  for (const f of [path, `${path}-wal`, `${path}-shm`]) {
    // ENOENT: no such file yet; EPERM: another user's file, which only its owner can narrow
    try { chmodSync(f, 0o600); } catch (e) { if (!['ENOENT', 'EPERM'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e; }
  }
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
