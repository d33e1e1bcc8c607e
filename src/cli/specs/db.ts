import type { CommandSpec } from '../options/spec.js';
import { JSON_ALIAS, format } from '../options/common.js';

export const DB: CommandSpec = {
  name: 'db',
  synopsis: 'db backup|prune',
  summary: "online backup of the server's SQLite file; retention of old events",
  usage: ['db backup OUT [--db FILE]', 'db prune --before TIME [--db FILE] [--lateness 30s]'],
  description: "Both are safe while 'ciphertrail serve' runs on the file.\n  backup OUT        a consistent copy with SQLite's online backup API (OUT must not exist), checked\n                    (integrity_check) and owner-only. Restore: stop the server, put OUT in place of\n                    the database (remove its -wal and -shm), start.\n  prune --before T  deletes stored events older than T in event time (epoch ms, RFC 3339, or a\n                    duration like 30d before the newest event); alerts, versions and triage stay.\n                    The cut-off never reaches into what a restart replays; it says when it moved it.",
  positionals: true,
  options: [
    { name: 'db', type: 'string', arg: 'FILE', default: './ciphertrail.db', help: 'the database' },
    { name: 'before', type: 'string', arg: 'TIME', help: 'prune: the cut-off' },
    { name: 'lateness', type: 'string', arg: 'DURATION', default: '30s', help: "prune: the server's --lateness, for the replay span" },
    format(['text', 'json'], 'text', 'the result as text or one JSON object'),
    JSON_ALIAS,
  ],
  exits: ['0  done', '2  usage error or the backup file exists'],
};
