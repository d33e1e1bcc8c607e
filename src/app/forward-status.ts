// `status --db FILE`: the server's forwarding outputs as its database holds them (position,
// backlog, dead letters), readable while the server runs (WAL).
import { existsSync } from 'node:fs';
import { CiphertrailError } from '../model/index.js';
import { openDb } from '../store/db.js';
import { ForwardStore } from '../store/forward-store.js';

export function serverForwardStatus(path: string, json: boolean): string {
  if (!existsSync(path)) throw new CiphertrailError('no_db', `no database at ${path}`);
  const db = openDb(path);
  try {
    const store = new ForwardStore(db, Date.now);
    const outputs = store.positions();
    const dead = store.deadLetters(undefined, 20);
    if (json) return JSON.stringify({ outputs, dead_letters: dead }) + '\n';
    if (outputs.length === 0) return 'forwarding: no output has run on this database\n';
    const rows = outputs.map((o) => `forward ${o.output}: ${o.pending} version(s) not yet delivered, ${o.dead} dead-lettered, position ${o.seq}, moved ${new Date(o.updated_at).toISOString()}`);
    if (dead.length) rows.push('', 'newest dead letters:', ...dead.map((d) => `  ${d.output} ${d.alert_id} rev ${d.rev}: ${d.reason} after ${d.attempts} attempt(s), ${new Date(d.at).toISOString()}`));
    return rows.join('\n') + '\n';
  } finally { db.close(); }
}
