import type { CommandSpec } from '../options/spec.js';
import { JSON_ALIAS, format } from '../options/common.js';

export const EVIDENCE: CommandSpec = {
  name: 'evidence',
  synopsis: 'evidence verify FILE',
  summary: 'check a detect --evidence hash chain for tampering',
  usage: ['evidence verify FILE [--key-file FILE] [--head HASH] [--format text|json]'],
  description: "Checks an evidence chain written by 'detect --evidence FILE': every record's hash, the link to the previous record (prev_hash), the sequence numbers, and the HMAC signatures when a key is given. Reports the first broken record with its line number and what happened: edited record (with the sections whose digests no longer match), deleted record, reordered records, truncated file, or a record that was edited and re-hashed.",
  positionals: true,
  options: [
    { name: 'key-file', type: 'string', arg: 'FILE', help: 'HMAC-SHA256 key (else env CIPHERTRAIL_EVIDENCE_KEY); signatures are then required on every record' },
    { name: 'head', type: 'string', arg: 'HASH', help: 'the hash of the last record, as detect printed it: detects records removed from the end' },
    format(['text', 'json'], 'text', 'the verification result as text or JSON'),
    JSON_ALIAS,
  ],
  exits: ['0  chain intact', '1  tampering found', '2  usage error', '3  unreadable file'],
};
