// API tokens: `ct_<8 hex id>_<32 random bytes base64url>`, shown once. Only the SHA-256 of the
// whole token is stored; verification looks the row up by its public id, then compares the
// hashes with crypto.timingSafeEqual (an unknown id still pays for one comparison).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { openDb, type Db } from './db.js';

export const SCOPES = ['ingest', 'read', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface TokenInfo { id: string; name: string | null; scopes: Scope[]; created_at: number; revoked_at: number | null }

const TOKEN_RE = /^ct_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;
const DUMMY = Buffer.alloc(32);

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export function parseScopes(text: string): Scope[] {
  const out: Scope[] = [];
  for (const raw of text.split(',')) {
    const s = raw.trim();
    if (!s) continue;
    if (!(SCOPES as readonly string[]).includes(s)) throw new Error(`unknown scope '${s}', want ${SCOPES.join(', ')}`);
    if (!out.includes(s as Scope)) out.push(s as Scope);
  }
  if (out.length === 0) throw new Error(`no scope given, want a comma list of ${SCOPES.join(', ')}`);
  return out;
}

/** Inserts a token into an open db and returns it (the only time it is visible). */
export function insertToken(db: Db, scopes: Scope[], name?: string): string {
  if (scopes.length === 0) throw new Error('a token needs at least one scope');
  for (const s of scopes) if (!(SCOPES as readonly string[]).includes(s)) throw new Error(`unknown scope '${s}'`);
  for (;;) {
    const id = randomBytes(4).toString('hex');
    const token = `ct_${id}_${randomBytes(32).toString('base64url')}`;
    const r = db.prepare('INSERT OR IGNORE INTO tokens (id, name, hash, scopes, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, name ?? null, sha256(token).toString('hex'), scopes.join(','), Date.now());
    if (r.changes === 1) return token;
  }
}

/** Creates a token in the database file (created and migrated when missing). */
export function createToken(dbPath: string, scopes: Scope[], name?: string): string {
  const db = openDb(dbPath);
  try { return insertToken(db, scopes, name); } finally { db.close(); }
}

export function listTokens(db: Db): TokenInfo[] {
  const rows = db.prepare('SELECT id, name, scopes, created_at, revoked_at FROM tokens ORDER BY created_at, id').all() as
    { id: string; name: string | null; scopes: string; created_at: number; revoked_at: number | null }[];
  return rows.map((r) => ({ ...r, scopes: r.scopes.split(',') as Scope[] }));
}

export function revokeToken(db: Db, id: string): boolean {
  return db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(Date.now(), id).changes === 1;
}

export class TokenVerifier {
  private readonly byId;
  private readonly revokedAt;
  constructor(db: Db) {
    this.byId = db.prepare('SELECT id, name, hash, scopes, created_at, revoked_at FROM tokens WHERE id = ?');
    this.revokedAt = db.prepare('SELECT revoked_at FROM tokens WHERE id = ?');
  }

  /** whether the token with this public id exists and is not revoked (streams opened with it) */
  isActive(id: string): boolean {
    const row = this.revokedAt.get(id) as { revoked_at: number | null } | undefined;
    return row !== undefined && row.revoked_at === null;
  }

  /** the token's info when it is known and not revoked, else undefined */
  verify(token: string): TokenInfo | undefined {
    const m = TOKEN_RE.exec(token);
    const row = m ? this.byId.get(m[1]) as { id: string; name: string | null; hash: string; scopes: string; created_at: number; revoked_at: number | null } | undefined : undefined;
    const presented = sha256(token);
    const stored = row ? Buffer.from(row.hash, 'hex') : DUMMY;
    const same = stored.length === presented.length && timingSafeEqual(stored, presented);
    if (!row || !same || row.revoked_at !== null) return undefined;
    return { id: row.id, name: row.name, scopes: row.scopes.split(',') as Scope[], created_at: row.created_at, revoked_at: null };
  }
}

/** admin implies read and ingest */
export function hasScope(t: TokenInfo, need: Scope): boolean {
  return t.scopes.includes(need) || t.scopes.includes('admin');
}
