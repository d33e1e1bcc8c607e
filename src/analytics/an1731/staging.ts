// Facet 3, staging: collected data encrypted into high-entropy blobs before sending, either
// written to a file (bytes matching an encrypt op's output) or kept in memory and sent directly.
import type { FacetExplanation } from '../../model/index.js';
import type { ChainView, Analysis } from './chain-view.js';
import { UNSEEN_ENTROPY, type StagedFile } from './app-context.js';
import { fmtBytes } from './units.js';

/** data that an app collects about its user; `other` says nothing */
const COLLECTED = new Set(['contacts', 'sms', 'call_log', 'location', 'accounts', 'calendar', 'photos', 'media', 'files',
  'clipboard', 'notifications', 'keystrokes', 'device_info', 'app_list', 'browser', 'credentials']);

/** a staged file matches an encrypt op when sizes agree within 10% (padding, IV, headers) */
function matches(fileBytes: number, outBytes: number): boolean {
  return outBytes > 0 && Math.abs(fileBytes - outBytes) <= Math.max(64, outBytes * 0.1);
}

/** a write whose content was not visible counts only this close to an encrypt op */
export const BLIND_WRITE_MS = 5_000;
const HIDDEN_PATH = /\/\.[^/.]/;

export function blindWrites(v: ChainView): StagedFile[] {
  return v.files.filter((f) => f.entropy === UNSEEN_ENTROPY && v.encrypts.some((op) => Math.abs(op.ts - f.ts) <= BLIND_WRITE_MS));
}

export function stagedFiles(v: ChainView, a: Analysis): StagedFile[] {
  const thr = a.policy.thresholds.entropy_threshold;
  if (v.encrypts.length === 0) {
    const sent = v.sends.reduce((n, s) => n + s.bytes, 0);
    return v.files.filter((f) => f.entropy >= thr && sent >= f.bytes * 0.9);
  }
  let total = 0;
  for (const op of v.encrypts) total += op.out_bytes;
  return v.files.filter((f) => f.entropy >= thr && (matches(f.bytes, total) || v.encrypts.some((op) => matches(f.bytes, op.out_bytes))));
}

/** Without crypto telemetry: collected data read, then high-entropy files whose bytes were sent.
 *  It cannot show the cipher, so it says less. */
function stagingWithoutCrypto(v: ChainView, a: Analysis): FacetExplanation | undefined {
  const thr = a.policy.thresholds.entropy_threshold;
  const firstSend = v.sends[0]?.ts ?? v.t;
  const reads = v.reads.filter((r) => COLLECTED.has(r.category) && r.ts <= firstSend);
  const sent = v.sends.reduce((n, s) => n + s.bytes, 0);
  const files = v.files.filter((f) => f.entropy >= thr && f.ts <= firstSend && sent >= f.bytes * 0.9);
  if (reads.length === 0 || files.length === 0) return undefined;
  const categories = [...new Set(reads.map((r) => r.category))].sort();
  let items = 0, readBytes = 0, stagedBytes = 0;
  for (const r of reads) { items += r.items; readBytes += r.bytes; }
  for (const f of files) stagedBytes += f.bytes;
  return {
    strength: 0.7,
    why: `read ${categories.join(', ')} (${items} items), then ${files.length} high-entropy file(s) (${fmtBytes(stagedBytes)}, e.g. ${files[0].path} at ${files[0].entropy.toFixed(2)} bits/byte) whose size was sent; the cipher itself was not visible`,
    categories, items, bytes_read: readBytes, bytes_encrypted: 0, volume_match: false,
    staged_files: files.map((f) => ({ path: f.path, bytes: f.bytes, entropy: f.entropy, ...(f.deleted !== undefined ? { deleted_ts: f.deleted } : {}) })),
    bytes_staged: stagedBytes, in_memory: false,
  };
}

export function stagingFacet(v: ChainView, a: Analysis): FacetExplanation | undefined {
  if (v.encrypts.length === 0) return stagingWithoutCrypto(v, a);
  const firstEnc = v.encrypts[0].ts;
  const lastEnc = v.encrypts[v.encrypts.length - 1].ts;
  // data read before (or while) it was encrypted
  const reads = v.reads.filter((r) => COLLECTED.has(r.category) && r.ts <= lastEnc);
  const files = stagedFiles(v, a);
  const blind = files.length > 0 ? [] : blindWrites(v);
  let encIn = 0, encOut = 0;
  for (const op of v.encrypts) if (op.ts >= (reads[0]?.ts ?? firstEnc)) { encIn += op.in_bytes; encOut += op.out_bytes; }
  const sentAfter = v.sends.filter((s) => s.ts >= lastEnc).reduce((n, s) => n + s.bytes, 0);
  const inMemory = files.length === 0 && encOut > 0 && sentAfter >= encOut * 0.5;
  if (reads.length === 0 && files.length === 0 && blind.length === 0) return undefined;

  const categories = [...new Set(reads.map((r) => r.category))].sort();
  let readBytes = 0, items = 0;
  for (const r of reads) { readBytes += r.bytes; items += r.items; }
  // how much of what was read went through the cipher: a messenger encrypting a 200-byte message
  // after reading the address book is not staging the address book
  const volumeMatch = readBytes === 0 ? encIn >= 1024 : encIn >= Math.min(readBytes * 0.5, 16 * 1024);

  let strength = 0;
  const why: string[] = [];
  if (reads.length > 0) {
    strength += volumeMatch ? 0.6 : 0.2;
    why.push(`read ${categories.join(', ')} (${items} items${readBytes ? ', ' + fmtBytes(readBytes) : ''}) then encrypted ${fmtBytes(encIn)}${volumeMatch ? '' : ' (far less than was read)'}`);
  }
  if (files.length > 0) {
    strength += 0.4;
    const f = files[0];
    why.push(`${files.length} high-entropy file write(s) matching the ciphertext size, e.g. ${f.path} (${fmtBytes(f.bytes)}, ${f.entropy.toFixed(2)} bits/byte ≥ EntropyThreshold ${a.policy.thresholds.entropy_threshold})`);
    const deleted = files.filter((x) => x.deleted !== undefined).length;
    if (deleted) why.push(`${deleted} staged file(s) deleted afterwards`);
  } else if (blind.length > 0) {
    // a hidden path (a dot-directory or dot-file, ATT&CK T1564.001) is how spyware keeps its stash
    const hidden = blind.filter((f) => HIDDEN_PATH.test(f.path));
    strength += hidden.length > 0 ? 0.4 : 0.25;
    const eg = (hidden[0] ?? blind[0]).path;
    why.push(`${blind.length} file write(s) within ${BLIND_WRITE_MS / 1000} s of the encryption whose content the sensor could not see${hidden.length ? `, ${hidden.length} to a hidden path` : ''}, e.g. ${eg}`);
  } else if (inMemory) {
    strength += 0.2;
    why.push(`staged in memory: ${fmtBytes(encOut)} of ciphertext sent without a file (${fmtBytes(sentAfter)} out)`);
  }
  let stagedBytes = 0;
  for (const f of files) stagedBytes += f.bytes;
  return {
    strength: Math.min(1, strength),
    why: why.join('; '),
    categories,
    items,
    bytes_read: readBytes,
    bytes_encrypted: encIn,
    volume_match: volumeMatch,
    staged_files: files.map((f) => ({ path: f.path, bytes: f.bytes, entropy: f.entropy, ...(f.deleted !== undefined ? { deleted_ts: f.deleted } : {}) })),
    bytes_staged: stagedBytes,
    in_memory: inMemory,
    ...(blind.length ? { unseen_writes: blind.map((f) => f.path) } : {}),
  };
}
