import { openDb } from '../store/db.js';
import { createToken, listTokens, parseScopes, revokeToken } from '../store/tokens.js';
import { UsageError } from './usage-error.js';
import { parseCommand } from './options/parse.js';
import { TOKEN } from './specs/token.js';

export async function tokenCommand(argv: string[]): Promise<number> {
  const args = parseCommand<{ db: string; scope?: string; name?: string; format: string }>(TOKEN, argv);
  for (const n of args.notices) process.stderr.write(n + '\n');
  const v = args.values;
  const [sub, ...rest] = args.positionals;
  if (sub === 'create') {
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
    if (!v.scope) throw new UsageError('token create needs --scope (a comma list of ingest, read, admin)');
    let scopes;
    try { scopes = parseScopes(v.scope); } catch (e) { throw new UsageError(`--scope: ${(e as Error).message}`); }
    process.stdout.write(createToken(v.db!, scopes, v.name) + '\n');
    return 0;
  }
  if (sub === 'list' || sub === 'revoke') {
    const db = openDb(v.db!);
    try {
      if (sub === 'list') {
        const ts = listTokens(db);
        if (v.format === 'json') process.stdout.write(JSON.stringify(ts) + '\n');
        else for (const t of ts) {
          process.stdout.write(`${t.id}  ${(t.name ?? '-').padEnd(16)} ${t.scopes.join(',').padEnd(18)} ${new Date(t.created_at).toISOString()}${t.revoked_at ? '  revoked ' + new Date(t.revoked_at).toISOString() : ''}\n`);
        }
        return 0;
      }
      if (rest.length !== 1) throw new UsageError('token revoke needs one token ID (see token list)');
      if (!revokeToken(db, rest[0])) { process.stderr.write(`ciphertrail: no active token ${rest[0]}\n`); return 1; }
      process.stderr.write(`ciphertrail: token ${rest[0]} revoked\n`);
      return 0;
    } finally { db.close(); }
  }
  throw new UsageError(sub ? `unknown token subcommand '${sub}'` : 'token needs a subcommand: create, list or revoke');
}
