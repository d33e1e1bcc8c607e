import { describe, expect, test } from 'vitest';
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, schemaVersion } from './db.js';
import { MIGRATIONS } from './migrations.js';
import { isNewer, AlertsStore } from './alerts-store.js';
import { insertToken, TokenVerifier, hasScope, parseScopes } from './tokens.js';
import type { Alert } from '../model/index.js';

const dbFile = () => join(mkdtempSync(join(tmpdir(), 'ct-store-')), 'x.db');

const alert = (o: Partial<Alert> = {}): Alert => ({
  kind: 'alert', analytic: 'AN1731', technique: 'T1521.001', id: 'an1731-x', rev: 1, device: 'd', app: 'a',
  first_ts: 1000, last_ts: 2000, score: 40, severity: 'medium', confidence: 1, facets: { crypto: { strength: 1, why: 'x' } },
  missing: [], exposure: { data_categories: [], data_items: 0, bytes_encrypted: 0, bytes_staged: 0, bytes_sent: 0, destinations: [], staged_paths: [] },
  evidence: ['e1', 'e2'], summary: 's', ...o,
});

describe('db', () => {
  test('migrations run once, WAL with synchronous FULL', () => {
    const f = dbFile();
    const db = openDb(f);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
    const again = openDb(f);
    expect((again.prepare('SELECT COUNT(*) AS n FROM schema_version').get() as { n: number }).n).toBe(MIGRATIONS.length);
    again.close();
  });

  test('a database from a newer ciphertrail is refused', () => {
    const f = dbFile();
    const db = openDb(f);
    db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, 0)').run(MIGRATIONS.length + 1);
    db.close();
    expect(() => openDb(f)).toThrow(/newer/);
  });
});

describe('file modes', () => {
  const modes = (f: string) => [f, f + '-wal', f + '-shm'].map((p) => (statSync(p).mode & 0o777).toString(8));

  test('the database, its -wal and -shm are created 0600 whatever the umask', () => {
    for (const umask of [0o022, 0]) {
      const old = process.umask(umask);
      try {
        const f = dbFile();
        const db = openDb(f);
        insertToken(db, ['read']);
        expect(modes(f), `umask ${umask.toString(8)}`).toEqual(['600', '600', '600']);
        db.close();
      } finally { process.umask(old); }
    }
  });

  test('files left world-readable are made 0600 when opened', () => {
    const f = dbFile();
    const other = new Database(f);
    other.pragma('journal_mode = WAL');
    other.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    for (const p of [f, f + '-wal', f + '-shm']) chmodSync(p, 0o644);
    const db = openDb(f);
    expect(modes(f)).toEqual(['600', '600', '600']);
    db.close();
    other.close();
  });
});

describe('alert versions', () => {
  test('isNewer: replays of older or equal versions are not newer', () => {
    const a = alert();
    expect(isNewer(a, false, a, false)).toBe(false);
    expect(isNewer({ ...a, rev: 7 }, false, a, false)).toBe(false);
    expect(isNewer(a, true, a, false)).toBe(true);
    expect(isNewer(a, false, a, true)).toBe(false);
    expect(isNewer(alert({ last_ts: 1500, score: 90 }), false, a, false)).toBe(false);
    expect(isNewer(alert({ last_ts: 2500 }), false, a, true)).toBe(true);
    expect(isNewer(alert({ evidence: ['e1'], score: 90 }), false, a, false)).toBe(false);
    expect(isNewer(alert({ score: 50 }), true, a, false)).toBe(true);
    expect(isNewer(alert({ score: 50 }), false, a, true)).toBe(false);
  });

  test('upsert numbers versions 1, 2, 3 and keeps the triage status', () => {
    const db = openDb(dbFile());
    const s = new AlertsStore(db);
    expect(s.upsert(alert({ rev: 4 }), false, 1)!.view.rev).toBe(1);
    expect(s.upsert(alert({ rev: 9 }), false, 2)).toBeUndefined();
    s.setStatus('an1731-x', 'acknowledged', null, 't', 'alice', 3);
    const v = s.upsert(alert({ last_ts: 3000, evidence: ['e1', 'e2', 'e3'], score: 60, severity: 'medium' }), false, 4)!;
    expect(v.view).toMatchObject({ rev: 2, status: 'acknowledged', final: false });
    expect(s.rescore(alert({ last_ts: 3000, evidence: ['e1', 'e2', 'e3'], score: 60, severity: 'medium' }), 5)).toBeUndefined();
    expect(s.rescore(alert({ last_ts: 2000, score: 31, severity: 'low' }), 5)!.view).toMatchObject({ rev: 3, score: 31 });
    expect(s.versions('an1731-x').map((x) => x.rev)).toEqual([1, 2, 3]);
    db.close();
  });
});

describe('tokens', () => {
  test('verify by hash, scopes, admin implies the others', () => {
    const db = openDb(dbFile());
    const t = insertToken(db, ['read'], 'bob');
    const v = new TokenVerifier(db);
    const info = v.verify(t)!;
    expect(info).toMatchObject({ name: 'bob', scopes: ['read'] });
    expect(v.verify(t + 'x')).toBeUndefined();
    expect(v.verify(t.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')))).toBeUndefined();
    expect(v.verify('')).toBeUndefined();
    expect(hasScope(info, 'read')).toBe(true);
    expect(hasScope(info, 'ingest')).toBe(false);
    expect(hasScope({ ...info, scopes: ['admin'] }, 'ingest')).toBe(true);
    expect(parseScopes(' ingest, read,read ')).toEqual(['ingest', 'read']);
    expect(() => parseScopes('write')).toThrow(/unknown scope/);
    db.close();
  });
});
