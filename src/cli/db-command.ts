// `ciphertrail db backup|prune`: argument parsing; the work is in store/maintenance.ts.
import { parseArgs } from 'node:util';
import { parseDuration, parsePolicy } from '../policy/index.js';
import { parseTimestamp } from '../normalize/parse-timestamp.js';
import { DEFAULT_POLICY, type Policy } from '../model/index.js';
import { openDb, type Db } from '../store/db.js';
import { latestPolicy } from '../store/policy-store.js';
import { backupDb, pruneEvents } from '../store/maintenance.js';
import { DB_HELP } from './usage-db.js';
import { UsageError } from './usage-error.js';

const iso = (t: number | null) => (t === null ? 'none' : new Date(t).toISOString());

/** epoch ms, an RFC 3339 time, or a duration before `newest` */
function cutoff(text: string, newest: () => number | null): number {
  if (/^-?\d+$/.test(text)) return Number(text);
  const t = parseTimestamp(text);
  if (t !== undefined) return t;
  const m = /^(\d+(?:\.\d+)?)d$/.exec(text);
  const span = m ? Number(m[1]) * 86_400_000 : parseDuration(text);
  if (span === undefined) throw new UsageError(`--before: want epoch ms, an RFC 3339 time or a duration like 30d, got '${text}'`, DB_HELP);
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
  let args;
  try {
    args = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { db: { type: 'string', default: './ciphertrail.db' }, before: { type: 'string' }, lateness: { type: 'string', default: '30s' }, json: { type: 'boolean', default: false } },
    });
  } catch (e) { throw new UsageError((e as Error).message, DB_HELP); }
  const v = args.values;
  const [sub, ...rest] = args.positionals;
  const say = (human: string, result: object) => process.stdout.write(v.json ? JSON.stringify(result) + '\n' : human + '\n');
  if (sub === 'backup') {
    if (rest.length !== 1) throw new UsageError('db backup needs one OUT file', DB_HELP);
    const db = openDb(v.db!);
    try {
      const r = await backupDb(db, rest[0]);
      say(`backup ${r.out}: ${r.pages} pages, ${r.events} event(s), ${r.alerts} alert(s), schema ${r.schema}, integrity ok, ${Math.round(r.ms)} ms`, r);
      return 0;
    } finally { db.close(); }
  }
  if (sub === 'prune') {
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`, DB_HELP);
    if (!v.before) throw new UsageError('db prune needs --before TIME', DB_HELP);
    const lateness = parseDuration(v.lateness!);
    if (lateness === undefined) throw new UsageError(`--lateness: want a duration like 30s, got '${v.lateness}'`, DB_HELP);
    const db = openDb(v.db!);
    try {
      const before = cutoff(v.before, () => (db.prepare('SELECT MAX(ts) AS t FROM events').get() as { t: number | null }).t);
      const r = pruneEvents(db, before, policyInForce(db), lateness);
      const moved = r.clamped ? ` (asked ${iso(r.requested)}; moved back to keep what a restart replays)` : '';
      say(`pruned ${r.deleted} event(s) before ${iso(r.before)}${moved}; ${r.kept} kept; alerts untouched`, r);
      return 0;
    } finally { db.close(); }
  }
  throw new UsageError(sub ? `unknown db subcommand '${sub}'` : 'db needs a subcommand: backup or prune', DB_HELP);
}
