import type { CommandSpec } from '../options/spec.js';
import { JSON_ALIAS, format } from '../options/common.js';

export const TOKEN: CommandSpec = {
  name: 'token',
  synopsis: 'token create --scope S',
  summary: 'create, list or revoke API tokens for the server (shown once)',
  usage: ['token create --db FILE --scope SCOPES [--name NAME]', 'token list --db FILE [--format text|json]', 'token revoke --db FILE ID'],
  description: 'create prints the new token alone on stdout; it is shown only this once (the database keeps its SHA-256). SCOPES is a comma list of:\n  ingest   POST /v1/events\n  read     alerts, alert detail, stream, policy, metrics\n  admin    policy changes, alert triage (status) and inventory review; implies read and ingest',
  positionals: true,
  options: [
    { name: 'db', type: 'string', arg: 'FILE', default: './ciphertrail.db', help: 'SQLite file (created when missing)' },
    { name: 'scope', type: 'string', arg: 'SCOPES', help: 'create: comma list of ingest, read, admin' },
    { name: 'name', type: 'string', arg: 'NAME', help: 'create: a name shown by list and in alert triage history' },
    format(['text', 'json'], 'text', 'list: as text or JSON'),
    JSON_ALIAS,
  ],
  exits: ['0  done', '1  revoke: no such active token', '2  usage error'],
};
