// `ciphertrail db backup|prune`: argument parsing; the work is in store/maintenance.ts.
import { parseDuration, parsePolicy } from '../policy/index.js';
import { parseTimestamp } from '../normalize/parse-timestamp.js';
import { DEFAULT_POLICY, type Policy } from '../model/index.js';
import { existsSync } from 'node:fs';
import { openDb, type Db } from '../store/db.js';
import { latestPolicy } from '../store/policy-store.js';
import { backupDb, pruneEvents } from '../store/maintenance.js';
import { parseCommand } from './options/parse.js';
import { DB } from './specs/db.js';
import { UsageError } from './usage-error.js';

const iso = (t: number | null) => (t === null ? 'none' : new Date(t).toISOString());

/** epoch ms, an RFC 3339 time, or a duration before `newest` */
function cutoff(text: string, newest: () => number | null): number {
  if (/^-?\d+$/.test(text)) return Number(text);
  const t = parseTimestamp(text);
  if (t !== undefined) return t;
  const m = /^(\d+(?:\.\d+)?)d$/.exec(text);
  const span = m ? Number(m[1]) * 86_400_000 : parseDuration(text);
  if (span === undefined) throw new UsageError(`--before: want epoch ms, an RFC 3339 time or a duration like 30d, got '${text}'`);
  const n = newest();
  if (n === null) return -Infinity; // nothing stored: nothing to prune
  return n - span;
}

/** the policy the server applied last (its replay span), else the defaults */
function policyInForce(db: Db): Policy {
  const rec = latestPolicy(db);
  return rec ? parsePolicy(rec.text, 'stored policy').value ?? DEFAULT_POLICY : DEFAULT_POLICY;
}

export async function dbCommand(argv: string[]): Promise<number> {
  const args = parseCommand<{ db: string; before?: string; lateness: string; format: string }>(DB, argv);
  for (const n of args.notices) process.stderr.write(n + '\n');
  const v = args.values;
  const json = v.format === 'json';
  const [sub, ...rest] = args.positionals;
  // backup and prune act on an existing database: a missing one is a mistyped path, not a new file
  if (!existsSync(v.db)) throw Object.assign(new Error(`no database at ${v.db}`), { code: 'ENOENT', path: v.db });
  const say = (human: string, result: object) => process.stdout.write(json ? JSON.stringify(result) + '\n' : human + '\n');
  if (sub === 'backup') {
    if (rest.length !== 1) throw new UsageError('db backup needs one OUT file');
    const db = openDb(v.db!);
    try {
      const r = await backupDb(db, rest[0]);
      say(`backup ${r.out}: ${r.pages} pages, ${r.events} event(s), ${r.alerts} alert(s), schema ${r.schema}, integrity ok, ${Math.round(r.ms)} ms`, r);
      return 0;
    } finally { db.close(); }
  }
  if (sub === 'prune') {
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
    if (!v.before) throw new UsageError('db prune needs --before TIME');
    const lateness = parseDuration(v.lateness!);
    if (lateness === undefined) throw new UsageError(`--lateness: want a duration like 30s, got '${v.lateness}'`);
    const db = openDb(v.db!);
    try {
      const before = cutoff(v.before, () => (db.prepare('SELECT MAX(ts) AS t FROM events').get() as { t: number | null }).t);
      const r = pruneEvents(db, before, policyInForce(db), lateness);
      const moved = r.clamped ? ` (asked ${iso(r.requested)}; moved back to keep what a restart replays)` : '';
      say(`pruned ${r.deleted} event(s) before ${iso(r.before)}${moved}; ${r.kept} kept; alerts untouched`, r);
      return 0;
    } finally { db.close(); }
  }
  throw new UsageError(sub ? `unknown db subcommand '${sub}'` : 'db needs a subcommand: backup or prune');
}
