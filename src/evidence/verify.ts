// Verifies an evidence chain and names the first broken record: its line, and whether it was
// edited (which sections), edited and re-hashed, deleted, reordered, or the file truncated.
import { timingSafeEqual } from 'node:crypto';
import { hashOf, hmacHex } from './canonical-json.js';
import { bodyOf, digestsOf, GENESIS, SECTIONS, type EvidenceRecord } from './record.js';

export type ProblemKind = 'corrupt' | 'truncated' | 'edited' | 'rehashed' | 'deleted' | 'reordered' | 'signature' | 'head';

export interface Problem { line: number; seq: number | null; kind: ProblemKind; message: string }

export interface Verification {
  ok: boolean;
  records: number;
  /** hash of the last intact record */
  head: string | null;
  signed: number;
  problem?: Problem;
}

export interface VerifyOptions { key?: Buffer; head?: string }

const safeEq = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function verifyChain(text: string, o: VerifyOptions = {}): Verification {
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  if (endsWithNewline) lines.pop();
  const seen = new Map<string, { line: number; seq: number }>();
  // where each sequence number sits in the file: a "missing" record found further down was moved
  const lineOfSeq = new Map<number, number>();
  lines.forEach((l, i) => { const m = /"seq":(\d+)/.exec(l); if (m && !lineOfSeq.has(Number(m[1]))) lineOfSeq.set(Number(m[1]), i + 1); });
  let prev: { seq: number; hash: string; line: number } | undefined;
  let signed = 0;
  let records = 0;
  const fail = (problem: Problem): Verification => ({ ok: false, records, head: prev?.hash ?? null, signed, problem });
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const raw = lines[i];
    if (raw.trim() === '') continue;
    let r: EvidenceRecord;
    try { r = JSON.parse(raw) as EvidenceRecord; } catch {
      if (i === lines.length - 1 && !endsWithNewline) return fail({ line, seq: null, kind: 'truncated', message: `line ${line}: the last record is cut off (not complete JSON, no final newline): the file was truncated` });
      return fail({ line, seq: null, kind: 'corrupt', message: `line ${line}: not a JSON record` });
    }
    if (typeof r !== 'object' || r === null || r.kind !== 'ciphertrail.evidence' || typeof r.seq !== 'number' || typeof r.hash !== 'string' || typeof r.prev_hash !== 'string') {
      return fail({ line, seq: null, kind: 'corrupt', message: `line ${line}: not a ciphertrail evidence record (kind, seq, hash, prev_hash)` });
    }
    const recomputed = hashOf(bodyOf(r));
    if (recomputed !== r.hash) {
      const changed = changedSections(r);
      const what = changed.length ? `section(s) ${changed.join(', ')} changed` : 'fields outside the digested sections changed (seq, record_time, prev_hash or the digests)';
      return fail({ line, seq: r.seq, kind: 'edited', message: `line ${line} (record ${r.seq}): edited record: content does not match its hash; ${what}` });
    }
    if (o.key) {
      if (!r.signature || !safeEq(r.signature.value, hmacHex(o.key, r.hash))) {
        return fail({ line, seq: r.seq, kind: 'signature', message: `line ${line} (record ${r.seq}): ${r.signature ? 'HMAC signature does not match (re-hashed with another key, or edited)' : 'no HMAC signature, but a key was given'}` });
      }
    }
    if (r.signature) signed++;
    const expectedSeq = prev ? prev.seq + 1 : 1;
    const expectedPrev = prev ? prev.hash : GENESIS;
    if (r.prev_hash !== expectedPrev || r.seq !== expectedSeq) {
      const earlier = seen.get(r.prev_hash);
      if (r.seq < expectedSeq || (earlier && prev && earlier.seq < prev.seq)) {
        return fail({ line, seq: r.seq, kind: 'reordered', message: `line ${line} (record ${r.seq}): reordered: expected record ${expectedSeq}${earlier ? `; it follows record ${earlier.seq} (line ${earlier.line})` : ''}` });
      }
      const movedTo = lineOfSeq.get(expectedSeq);
      if (r.seq > expectedSeq && movedTo !== undefined && movedTo > line) {
        return fail({ line, seq: r.seq, kind: 'reordered', message: `line ${line} (record ${r.seq}): reordered: expected record ${expectedSeq}, which is at line ${movedTo}` });
      }
      if (r.seq > expectedSeq) {
        const missing = r.seq - expectedSeq === 1 ? `record ${expectedSeq}` : `records ${expectedSeq}..${r.seq - 1}`;
        return fail({ line, seq: r.seq, kind: 'deleted', message: `line ${line} (record ${r.seq}): deleted record: ${missing} missing before this line${prev ? ` (after line ${prev.line})` : ' (at the start)'}` });
      }
      // right position, wrong link: the record before was changed and given a fresh hash
      return fail({ line, seq: r.seq, kind: 'rehashed', message: `line ${line} (record ${r.seq}): prev_hash does not match the hash of ${prev ? `record ${prev.seq} (line ${prev.line})` : 'the chain start'}: that record was edited and re-hashed` });
    }
    seen.set(r.hash, { line, seq: r.seq });
    prev = { seq: r.seq, hash: r.hash, line };
    records++;
  }
  if (o.head && (prev?.hash ?? '') !== o.head) {
    const known = seen.get(o.head);
    return fail({ line: lines.length, seq: prev?.seq ?? null, kind: 'head',
      message: known
        ? `the expected head is record ${known.seq} (line ${known.line}) but the chain continues to record ${prev!.seq}: records appended since the head was taken`
        : `truncated: the last record (${prev ? `record ${prev.seq}, hash ${prev.hash}` : 'none'}) is not the expected head ${o.head}: records were removed from the end` });
  }
  return { ok: true, records, head: prev?.hash ?? null, signed };
}

function changedSections(r: EvidenceRecord): string[] {
  if (!r.digests || typeof r.digests !== 'object') return [];
  const now = digestsOf(r);
  return SECTIONS.filter((k) => r.digests[k] !== now[k]);
}
