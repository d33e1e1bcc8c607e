// The evidence file: JSON lines, append-only. A record is appended only to an intact chain, in
// one write of one line.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { CiphertrailError } from '../model/index.js';
import { verifyChain } from './verify.js';
import { sealRecord, type EvidenceRecord, type EvidenceSections } from './record.js';

export function appendEvidence(file: string, sections: EvidenceSections, recordTime: string, key?: Buffer): EvidenceRecord {
  let prev: { seq: number; hash: string } | undefined;
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    const v = verifyChain(text);
    if (!v.ok) throw new CiphertrailError('evidence_broken', `evidence file ${file} is not an intact chain, refusing to append: ${v.problem!.message}`);
    if (v.head) prev = { seq: v.records, hash: v.head };
    if (text.length > 0 && !text.endsWith('\n')) appendFileSync(file, '\n');
  }
  const record = sealRecord(sections, recordTime, prev, key);
  appendFileSync(file, JSON.stringify(record) + '\n');
  return record;
}
