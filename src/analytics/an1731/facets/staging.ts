// Facet 3, staging: collected data encrypted into high-entropy blobs before sending, either
// written to a file (bytes matching an encrypt op's output) or kept in memory and sent directly.
// A staged file from before the window that a send of the window took out (staged-store.ts)
// counts too, with how long it waited.
import type { FacetExplanation } from '../../../model/index.js';
import { addCounts, bump, newCounts, sortedKeys, type Counts, type EvalEnv, type Facet, type Sign, type WindowRows } from '../facet.js';
import { UNSEEN_ENTROPY, type DataRead, type StagedFile } from '../types.js';
import { fmtBytes, fmtDuration } from '../units.js';
import { SEEN_CRYPTO } from '../visibility.js';
import { inferCipher, inferFile, inferRead, inferSend, newInferState, type InferState } from '../inferred-cipher.js';

/** data that an app collects about its user; `other` says nothing */
export const COLLECTED: ReadonlySet<string> = new Set(['contacts', 'sms', 'call_log', 'location', 'accounts', 'calendar', 'photos', 'media', 'files',
  'clipboard', 'notifications', 'keystrokes', 'device_info', 'app_list', 'browser', 'credentials']);

/** a write whose content was not visible counts only this close to an encrypt op */
export const BLIND_WRITE_MS = 5_000;
/** a staged file is compared with this many of the window's newest encrypt ops */
const MATCH_OPS = 64;
/** the most staged files an alert lists */
const LIST_CAP = 32;
const HIDDEN_PATH = /\/\.[^/.]/;

/** a staged file matches ciphertext when sizes agree within 10% (padding, IV, headers) */
export function sizeMatches(fileBytes: number, outBytes: number): boolean {
  return outBytes > 0 && Math.abs(fileBytes - outBytes) <= Math.max(64, outBytes * 0.1);
}

/** judged when a write arrives: high entropy and the size of what the window encrypted before it
 *  (all of it, or one of its newest ops) */
export function isStagedWrite(w: WindowRows, bytes: number, entropy: number, threshold: number): boolean {
  if (entropy < threshold) return false;
  const enc = w.encrypts;
  if (enc.length === 0) return false;
  if (sizeMatches(bytes, enc.outFrom(enc.start))) return true;
  for (let i = enc.end - 1, n = 0; i >= enc.start && n < MATCH_OPS; i--, n++) if (sizeMatches(bytes, enc.outBytes(i))) return true;
  return false;
}

interface Agg { n: number; items: number; bytes: number; cats: Counts }
const agg = (): Agg => ({ n: 0, items: 0, bytes: 0, cats: newCounts() });
function add(a: Agg, category: string, items: number, bytes: number, sign: Sign): void {
  a.n += sign; a.items += sign * items; a.bytes += sign * bytes; bump(a.cats, category, sign);
}

export interface StagingState {
  ops: number;
  /** the newest encrypt op's time: reads up to it went into the cipher */
  lastEnc: number;
  /** collected reads at or before lastEnc, and after it */
  committed: Agg; pending: Agg;
  /** times of the window's collected reads, oldest first (from `head`) */
  readTs: number[]; head: number;
  /** bytes sent since the newest encrypt op */
  sentAfter: number;
  staged: number; stagedBytes: number; blind: number; blindHidden: number;
  /** artifacts recalled from before the window */
  recalled: number; recalledBytes: number; recalledIn: number; recalledOut: number; recalledReads: Agg;
  /** what a cipher the sensor cannot see leaves behind (inferred-cipher.ts) */
  inf: InferState;
}

export interface StagingFigures {
  categories: string[]; items: number; bytes_read: number; bytes_encrypted: number; volume_match: boolean;
  staged_files: { path: string; bytes: number; entropy: number; deleted_ts?: number }[]; staged_files_total?: number;
  bytes_staged: number; in_memory: boolean; unseen_writes?: string[];
  /** for the sentence only */
  unseen_hidden?: number; enc_out?: number; sent_after?: number;
  /** staged before the window, sent within it */
  staged_earlier?: { path: string; bytes: number; waited_s: number }[];
  /** no crypto telemetry: the inference rests on reads, high-entropy files and their sending */
  without_crypto?: { files: number; example: string; entropy: number };
  /** no crypto telemetry: collected text read, then sent as ciphertext-shaped payloads of its size */
  inferred_in_memory?: { payloads: number; cipher_bytes: number };
}

/** the bytes encrypted from the first collected read on (all of the window's when none) */
function encrypted(s: StagingState, w: WindowRows): { inB: number; outB: number } {
  const enc = w.encrypts;
  const from = s.committed.n > 0 ? enc.firstAtOrAfter(s.readTs[s.head]) : enc.start;
  return { inB: enc.inFrom(from) + s.recalledIn, outB: enc.outFrom(from) + s.recalledOut };
}

function volumeMatch(readBytes: number, encIn: number): boolean {
  // how much of what was read went through the cipher: a messenger encrypting a 200-byte message
  // after reading the address book is not staging the address book
  return readBytes === 0 ? encIn >= 1024 : encIn >= Math.min(readBytes * 0.5, 16 * 1024);
}

interface Judged { strength: number; reads: number; readBytes: number; items: number; inB: number; outB: number; vm: boolean; inMemory: boolean; blind: number }

function judge(s: StagingState, w: WindowRows): Judged | undefined {
  const { inB, outB } = encrypted(s, w);
  const reads = s.committed.n + s.recalledReads.n, readBytes = s.committed.bytes + s.recalledReads.bytes, items = s.committed.items + s.recalledReads.items;
  const files = s.staged + s.recalled;
  const blind = files > 0 ? 0 : s.blind;
  const inMemory = files === 0 && outB > 0 && s.sentAfter >= outB * 0.5;
  if (reads === 0 && files === 0 && blind === 0) return undefined;
  const vm = volumeMatch(readBytes, inB);
  let strength = 0;
  if (reads > 0) strength += vm ? 0.6 : 0.2;
  if (files > 0) strength += 0.4;
  else if (blind > 0) strength += s.blindHidden > 0 ? 0.4 : 0.25;
  else if (inMemory) strength += 0.2;
  return { strength: Math.min(1, strength), reads, readBytes, items, inB, outB, vm, inMemory, blind };
}

/** Without crypto telemetry: collected data read, then high-entropy files whose bytes were sent.
 *  It cannot show the cipher, so it says less. Reads the rows (devices without crypto hooks only). */
function withoutCrypto(x: EvalEnv): StagingFigures & { strength: number } | undefined {
  const w = x.w, thr = x.a.policy.thresholds.entropy_threshold;
  const s = w.sends, from = w.countedFrom();
  const firstSend = from < s.end ? s.ts(from) : x.t;
  let sent = 0;
  for (let i = from; i < s.end; i++) sent += s.bytes(i);
  const reads = w.reads.items.filter((r) => COLLECTED.has(r.category) && r.ts <= firstSend);
  const files = w.files.items.filter((f) => f.entropy >= thr && f.ts <= firstSend && sent >= f.bytes * 0.9);
  if (reads.length === 0 || files.length === 0) return undefined;
  let items = 0, readBytes = 0, stagedBytes = 0;
  for (const r of reads) { items += r.items; readBytes += r.bytes; }
  for (const f of files) stagedBytes += f.bytes;
  return {
    strength: 0.7,
    categories: [...new Set(reads.map((r) => r.category))].sort(), items, bytes_read: readBytes, bytes_encrypted: 0, volume_match: false,
    staged_files: listed(files), bytes_staged: stagedBytes, in_memory: false,
    without_crypto: { files: files.length, example: files[0].path, entropy: files[0].entropy },
  };
}

/** Without crypto telemetry: collected text read, then ciphertext-shaped payloads of its size sent
 *  without a file (in-memory staging of an inferred cipher). From running sums. */
function inMemory(s: StagingState, x: EvalEnv): StagingFigures & { strength: number } | undefined {
  if ((x.seen & SEEN_CRYPTO) !== 0) return undefined;
  const inf = inferCipher(s.inf);
  if (!inf || inf.carrier !== 'send' || !inf.size_tracks) return undefined;
  const p = s.pending;
  return {
    strength: 0.6,
    categories: inf.categories, items: p.items, bytes_read: inf.bytes_read ?? 0, bytes_encrypted: 0, volume_match: true,
    staged_files: [], bytes_staged: 0, in_memory: true, inferred_in_memory: { payloads: inf.payloads, cipher_bytes: inf.cipher_bytes ?? 0 },
  };
}

const listed = (files: StagedFile[]) => files.slice(0, LIST_CAP).map((f) => ({ path: f.path, bytes: f.bytes, entropy: f.entropy, ...(f.deleted !== undefined ? { deleted_ts: f.deleted } : {}) }));

export const stagingFacet: Facet<StagingState, StagingFigures> = {
  name: 'staging',
  init: () => ({
    ops: 0, lastEnc: -Infinity, committed: agg(), pending: agg(), readTs: [], head: 0, sentAfter: 0,
    staged: 0, stagedBytes: 0, blind: 0, blindHidden: 0,
    recalled: 0, recalledBytes: 0, recalledIn: 0, recalledOut: 0, recalledReads: agg(), inf: newInferState(),
  }),
  op(s, rows, i, sign) {
    s.ops += sign;
    if (sign < 0) return;
    const ts = rows.ts(i);
    if (ts > s.lastEnc) s.lastEnc = ts;
    s.sentAfter = 0;
    // reads so far went into this op
    const p = s.pending;
    if (p.n > 0) {
      const c = s.committed;
      c.n += p.n; c.items += p.items; c.bytes += p.bytes;
      addCounts(c.cats, p.cats);
      s.pending = agg();
    }
  },
  read(s, r: DataRead, sign) {
    inferRead(s.inf, r, sign);
    if (!COLLECTED.has(r.category)) return;
    add(r.ts <= s.lastEnc ? s.committed : s.pending, r.category, r.items, r.bytes, sign);
    if (sign > 0) s.readTs.push(r.ts);
    else if (++s.head > 64 && s.head * 2 > s.readTs.length) { s.readTs = s.readTs.slice(s.head); s.head = 0; }
  },
  file(s, f: StagedFile, sign, x) {
    inferFile(s.inf, f, sign, x.a.policy.thresholds.entropy_threshold);
    if (f.staged) { s.staged += sign; s.stagedBytes += sign * f.bytes; }
    else if (f.blind) { s.blind += sign; if (HIDDEN_PATH.test(f.path)) s.blindHidden += sign; }
  },
  counted(s, rows, i, sign, x) {
    inferSend(s.inf, rows, i, sign, x.a.policy.thresholds.entropy_threshold);
    // (a send leaving this late was pushed out by the ring's cap; none goes below 0: a send of the
    // encrypt op's own millisecond, counted before it, is not in the sum)
    if (rows.ts(i) >= s.lastEnc) s.sentAfter = Math.max(0, s.sentAfter + sign * rows.bytes(i));
  },
  recalled(s, r, sign) {
    const a = r.artifact;
    s.recalled += sign; s.recalledBytes += sign * a.bytes; s.recalledIn += sign * a.inBytes; s.recalledOut += sign * a.outBytes;
    for (const c of a.categories) bump(s.recalledReads.cats, c, sign);
    s.recalledReads.n += sign * a.categories.length; s.recalledReads.items += sign * a.items; s.recalledReads.bytes += sign * a.readBytes;
  },
  // (staging needs collected reads or written files, which wake a sleeping window)
  ceiling(s, x) { return x.w.reads.length + x.w.files.length + s.recalled > 0 ? 1 : 0; },
  strength(s, x) {
    if (s.ops + s.recalled === 0) return withoutCrypto(x)?.strength ?? inMemory(s, x)?.strength ?? 0;
    return judge(s, x.w)?.strength ?? 0;
  },
  figures(s, x) {
    if (s.ops + s.recalled === 0) { const f = withoutCrypto(x) ?? inMemory(s, x); if (f) { const { strength: _s, ...rest } = f; return rest; } }
    const j = judge(s, x.w)!;
    const cats: Counts = newCounts();
    addCounts(cats, s.committed.cats);
    addCounts(cats, s.recalledReads.cats);
    const files = s.staged > 0 ? x.w.files.items.filter((f) => f.staged) : [];
    const blind = j.blind > 0 ? x.w.files.items.filter((f) => f.blind) : [];
    const earlier = x.w.recalled.map((r) => ({ path: r.artifact.path, bytes: r.artifact.bytes, waited_s: Math.round(r.waitedMs / 1000) }));
    return {
      categories: sortedKeys(cats), items: j.items, bytes_read: j.readBytes, bytes_encrypted: j.inB, volume_match: j.vm,
      staged_files: listed(files), ...(files.length > LIST_CAP ? { staged_files_total: files.length } : {}),
      bytes_staged: s.stagedBytes + s.recalledBytes, in_memory: j.inMemory,
      ...(j.inMemory ? { enc_out: j.outB, sent_after: s.sentAfter } : {}),
      ...(blind.length ? { unseen_writes: blind.map((f) => f.path), unseen_hidden: s.blindHidden } : {}),
      ...(earlier.length ? { staged_earlier: earlier } : {}),
    };
  },
  explain(f, strength, policy): FacetExplanation {
    const why: string[] = [];
    const { unseen_hidden: _h, enc_out: _o, sent_after: _a, without_crypto: wc, ...shown } = f;
    if (f.inferred_in_memory) {
      const m = f.inferred_in_memory;
      why.push(`read ${f.categories.join(', ')} (${f.items} items, ${fmtBytes(f.bytes_read)}), then sent ${m.payloads} ciphertext-shaped payload(s) of about that size (${fmtBytes(m.cipher_bytes)}) without a file; the cipher itself was not visible`);
      return { strength, why: why.join('; '), ...shown };
    }
    if (wc) {
      why.push(`read ${f.categories.join(', ')} (${f.items} items), then ${wc.files} high-entropy file(s) (${fmtBytes(f.bytes_staged)}, e.g. ${wc.example} at ${wc.entropy.toFixed(2)} bits/byte) whose size was sent; the cipher itself was not visible`);
      return { strength, why: why.join('; '), ...shown };
    }
    if (f.categories.length > 0) {
      why.push(`read ${f.categories.join(', ')} (${f.items} items${f.bytes_read ? ', ' + fmtBytes(f.bytes_read) : ''}) then encrypted ${fmtBytes(f.bytes_encrypted)}${f.volume_match ? '' : ' (far less than was read)'}`);
    }
    const total = f.staged_files_total ?? f.staged_files.length;
    if (f.staged_files.length > 0) {
      const e = f.staged_files[0];
      why.push(`${total} high-entropy file write(s) matching the ciphertext size, e.g. ${e.path} (${fmtBytes(e.bytes)}, ${e.entropy.toFixed(2)} bits/byte ≥ EntropyThreshold ${policy.thresholds.entropy_threshold})`);
      const deleted = f.staged_files.filter((x) => x.deleted_ts !== undefined).length;
      if (deleted) why.push(`${deleted} staged file(s) deleted afterwards`);
    } else if (f.unseen_writes) {
      const hidden = f.unseen_writes.filter((p) => HIDDEN_PATH.test(p));
      why.push(`${f.unseen_writes.length} file write(s) within ${BLIND_WRITE_MS / 1000} s of the encryption whose content the sensor could not see${hidden.length ? `, ${hidden.length} to a hidden path` : ''}, e.g. ${hidden[0] ?? f.unseen_writes[0]}`);
    } else if (f.in_memory) {
      why.push(`staged in memory: ${fmtBytes(f.enc_out ?? 0)} of ciphertext sent without a file (${fmtBytes(f.sent_after ?? 0)} out)`);
    }
    if (f.staged_earlier) {
      const e = f.staged_earlier[0];
      why.push(`${f.staged_earlier.length} encrypted file(s) staged before the window and sent now, e.g. ${e.path} (${fmtBytes(e.bytes)}) after waiting ${fmtDuration(e.waited_s * 1000)}`);
    }
    return { strength, why: why.join('; '), ...shown };
  },
};

export { UNSEEN_ENTROPY };
