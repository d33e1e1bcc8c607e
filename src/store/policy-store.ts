// The policy in force is recorded in `policy_history`; a policy PUT through the API survives a
// restart (unless --policy FILE is given: the file wins at start and on SIGHUP).
import type { Db } from './db.js';

export interface PolicyRecord { source: 'file' | 'api' | 'default'; path: string | null; text: string; at: number }

export function recordPolicy(db: Db, r: PolicyRecord): void {
  db.prepare('INSERT INTO policy_history (source, path, text, at) VALUES (?, ?, ?, ?)').run(r.source, r.path, r.text, r.at);
}

/** the policy last PUT through the API, when it is the last one applied (a later file load wins) */
export function latestApiPolicy(db: Db): PolicyRecord | undefined {
  const r = db.prepare('SELECT source, path, text, at FROM policy_history ORDER BY n DESC LIMIT 1').get() as PolicyRecord | undefined;
  return r?.source === 'api' ? r : undefined;
}

/** the last policy applied, whatever its source */
export function latestPolicy(db: Db): PolicyRecord | undefined {
  return db.prepare('SELECT source, path, text, at FROM policy_history ORDER BY n DESC LIMIT 1').get() as PolicyRecord | undefined;
}
