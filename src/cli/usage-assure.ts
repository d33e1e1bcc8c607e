// Help texts of the assurance commands: coverage, evidence, export, and detect --evidence.

export const COVERAGE_HELP = `Usage: ciphertrail coverage FILE... [--format table|json|html|navigator] [--policy FILE]

Which telemetry the AN1731 analytic needs was present, per device and (device, app): ATT&CK data
components DC0021 OS API Execution (crypto.op/crypto.key), DC0039 File Creation (file.write),
DC0123 Application State (app.state/device.state/user.interaction), DC0114 Permissions
(app.info permissions) and network (net.send); which facets therefore cannot fire (the engine's
\`missing\`), and the fleet summary. Reads telemetry v1 NDJSON ('-' for stdin, gzip detected).

Options:
  --format table|json|html|navigator  table (default) for people, json report, one
                         self-contained HTML file, or an ATT&CK Navigator layer (4.5,
                         mobile-attack) scoring T1521.001 with the coverage %
  --policy FILE          policy v1: with an apps inventory, inconsistency is visible
  --out FILE             write there instead of stdout
  --from FORMAT, --device ID, --app PKG   read a foreign format (as detect --from)
  -h, --help             this help

Exit status: 0 done, 2 usage or policy error.
`;

export const EVIDENCE_HELP = `Usage: ciphertrail evidence verify FILE [--key-file FILE] [--head HASH] [--json]

Checks an evidence chain written by 'detect --evidence FILE': every record's hash, the link to
the previous record (prev_hash), the sequence numbers, and the HMAC signatures when a key is
given. Reports the first broken record with its line number and what happened: edited record
(with the sections whose digests no longer match), deleted record, reordered records, truncated
file, or a record that was edited and re-hashed.

Options:
  --key-file FILE        HMAC-SHA256 key (else env CIPHERTRAIL_EVIDENCE_KEY); signatures are
                         then required on every record
  --head HASH            the hash of the last record, as detect printed it: detects records
                         removed from the end
  --json                 the verification result as JSON
  -h, --help             this help

Exit status: 0 chain intact, 1 tampering found, 2 usage error or unreadable file.
`;

export const DETECT_EVIDENCE_HELP = `
Evidence (compliance run record):
  --evidence FILE        append a run record to FILE (JSON lines, hash-chained): engine version,
                         policy hash and effective thresholds, input digests and counts
                         (accepted, rejected, late), event time span, coverage summary, alerts
                         by severity, prev_hash and hash. Needs input files (not stdin).
  --evidence-time T      record time (RFC 3339 or epoch ms); default SOURCE_DATE_EPOCH (seconds)
                         when set, else the current time
  --evidence-key-file F  sign the record with HMAC-SHA256 using the key in F (default: env
                         CIPHERTRAIL_EVIDENCE_KEY when set); verify with 'evidence verify'
`;

export const EXPORT_HELP = `Usage: ciphertrail export --to sigma|eql|kql|spl [--policy FILE] [--out FILE]

Writes the AN1731 correlation as rules for other engines, with the policy's thresholds
(TimeWindow, EntropyThreshold, KeyReuseThreshold, AllowedCryptoApps):
  sigma  base detection rules (one per step) + correlation rules (temporal_ordered grouped by
         device and app; event_count for key reuse), YAML multi-document
  eql    Elasticsearch EQL sequences by device, app with maxspan
  kql    Kusto (Microsoft Sentinel / Data Explorer) queries with scan-ordered steps
  spl    Splunk SPL searches with transaction
Each output starts with the telemetry v1 field mapping it assumes. What the rules cannot express
compared with the engine is listed in docs/response.md (section "Detection as code").

Options:
  --to FORMAT            sigma, eql, kql or spl (required)
  --policy FILE          policy v1 (default thresholds without it)
  --out FILE             write there instead of stdout
  -h, --help             this help

Exit status: 0 done, 2 usage or policy error.
`;
