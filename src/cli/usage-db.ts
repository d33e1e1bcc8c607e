// Help text of `ciphertrail db` (operations on the server's SQLite file).
export const DB_HELP = `Usage: ciphertrail db backup OUT [--db FILE]
       ciphertrail db prune --before TIME [--db FILE] [--lateness 30s]

Operations on the server's SQLite file; both are safe while 'ciphertrail serve' runs on it.

  backup OUT        copies the database to OUT (which must not exist) with SQLite's online
                    backup API: a consistent snapshot, ingest goes on meanwhile; the copy is
                    checked (integrity_check) and created owner-only. Restore: stop the server,
                    put OUT in place of the database file (remove its -wal and -shm), start.
  prune --before T  deletes the stored events older than T in event time (epoch ms, RFC 3339, or
                    a duration like 30d before the newest stored event); alerts, their versions
                    and triage are kept. The cut-off never reaches into what a restart replays
                    (the replay span of the policy in force before the newest event, and before
                    any chain still open); it says when it moved the cut-off.

Options:
  --db FILE         the database (default ./ciphertrail.db)
  --lateness DUR    the server's --lateness, for the replay span (default 30s)
  --json            print the result as one JSON object
`;
