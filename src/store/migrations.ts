// Numbered schema migrations: MIGRATIONS[i] takes the schema from version i to i + 1. Append
// only; never edit a released migration.
export const MIGRATIONS: readonly string[] = [
  // 1: events, alerts with their versions, triage audit, tokens, policy history
  `
  CREATE TABLE events (
    seq         INTEGER PRIMARY KEY,
    device      TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    ts          INTEGER NOT NULL,
    app         TEXT    NOT NULL,          -- '' for device-wide events (canonical order key)
    type        TEXT    NOT NULL,
    json        TEXT    NOT NULL,          -- the normalized telemetry v1 event
    received_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX events_device_id ON events (device, id);
  CREATE INDEX events_ts ON events (ts);

  CREATE TABLE alerts (
    id          TEXT    PRIMARY KEY,
    rev         INTEGER NOT NULL,
    device      TEXT    NOT NULL,
    app         TEXT    NOT NULL,
    severity    TEXT    NOT NULL,
    sev_rank    INTEGER NOT NULL,
    score       INTEGER NOT NULL,
    first_ts    INTEGER NOT NULL,
    last_ts     INTEGER NOT NULL,
    final       INTEGER NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'open',
    json        TEXT    NOT NULL,          -- latest version, rev = server rev
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    seq         INTEGER NOT NULL           -- alert_versions.seq of the latest version
  );
  CREATE INDEX alerts_order ON alerts (last_ts DESC, id DESC);
  CREATE INDEX alerts_device ON alerts (device);
  CREATE INDEX alerts_app ON alerts (app);

  CREATE TABLE alert_versions (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id    TEXT    NOT NULL REFERENCES alerts (id),
    rev         INTEGER NOT NULL,
    final       INTEGER NOT NULL,
    json        TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    UNIQUE (alert_id, rev)
  );

  CREATE TABLE alert_status_log (
    n           INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id    TEXT    NOT NULL REFERENCES alerts (id),
    status      TEXT    NOT NULL,
    previous    TEXT    NOT NULL,
    comment     TEXT,
    token_id    TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    at          INTEGER NOT NULL
  );
  CREATE INDEX alert_status_log_alert ON alert_status_log (alert_id, n);

  CREATE TABLE tokens (
    id          TEXT    PRIMARY KEY,
    name        TEXT,
    hash        TEXT    NOT NULL,          -- hex SHA-256 of the whole token; the token itself is never stored
    scopes      TEXT    NOT NULL,          -- comma list
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
  );

  CREATE TABLE policy_history (
    n           INTEGER PRIMARY KEY AUTOINCREMENT,
    source      TEXT    NOT NULL,          -- file | api
    path        TEXT,
    text        TEXT    NOT NULL,
    at          INTEGER NOT NULL
  );
  `,
  // 2: the rolling app baseline (one canonical BASELINE.json per UTC day of event time) and the
  //    audit of inventory entries accepted from a proposal
  `
  CREATE TABLE baseline_days (
    day         INTEGER PRIMARY KEY,       -- UTC day of event time: floor(ts / 86400000)
    json        TEXT    NOT NULL,          -- canonical BASELINE.json of that day
    updated_at  INTEGER NOT NULL
  );

  CREATE TABLE inventory_audit (
    n           INTEGER PRIMARY KEY AUTOINCREMENT,
    package     TEXT    NOT NULL,
    token_id    TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    before      TEXT,                      -- the entry before (JSON), NULL when it was not listed
    after       TEXT    NOT NULL           -- the entry written (JSON)
  );
  CREATE INDEX inventory_audit_package ON inventory_audit (package, n);
  `,
  // 3: forwarding (src/forward): each output's position in alert_versions and its dead letters
  `
  CREATE TABLE forward_position (
    output      TEXT    PRIMARY KEY,       -- the output's name
    seq         INTEGER NOT NULL,          -- alert_versions.seq delivered, filtered or dead-lettered
    updated_at  INTEGER NOT NULL
  );

  CREATE TABLE forward_dead (
    n           INTEGER PRIMARY KEY AUTOINCREMENT,
    output      TEXT    NOT NULL,
    version_seq INTEGER NOT NULL,          -- alert_versions.seq
    alert_id    TEXT    NOT NULL,
    rev         INTEGER NOT NULL,
    reason      TEXT    NOT NULL,
    attempts    INTEGER NOT NULL,
    at          INTEGER NOT NULL
  );
  CREATE INDEX forward_dead_output ON forward_dead (output, n);
  `,
  // 4: serve --nats, what of the stored events reached JetStream (src/store/nats-outbox-store.ts)
  `
  CREATE TABLE nats_cursor (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    seq         INTEGER NOT NULL           -- every event up to this events.seq is in a sent batch
  );

  CREATE TABLE nats_batches (
    partition   INTEGER NOT NULL,
    first_seq   INTEGER NOT NULL,          -- events.seq of its first and last line
    last_seq    INTEGER NOT NULL,
    acked       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (partition, first_seq)
  );
  `,
];
