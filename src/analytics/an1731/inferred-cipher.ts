// Encryption the sensor cannot see (an MDM or network sensor with no crypto hooks): collected text
// was read, and then payloads left or were written whose bytes look like ciphertext (encoded fields
// that decode to near-random bytes, or a raw high-entropy body) and whose size tracks what was
// read (ciphertext is the plaintext plus at most a block of padding, an IV and a tag). Running
// sums only: a record entering or leaving costs O(1), a judgement reads the sums.
import { bump, newCounts, sortedKeys, type Counts, type Sign } from './facet.js';
import type { SendRows } from './send-rows.js';
import type { DataRead, StagedFile } from './types.js';
import { PAYLOAD_SAMPLE_BYTES } from '../../payload/features.js';

/** collected data the app reads as records (low-entropy text); photos, media and files may be
 *  compressed already, so high-entropy output says nothing about a cipher after them */
export const TEXT_CATEGORIES: ReadonlySet<string> = new Set(['contacts', 'sms', 'call_log', 'location', 'accounts', 'calendar',
  'clipboard', 'notifications', 'keystrokes', 'device_info', 'app_list', 'browser', 'credentials']);

/** per payload, what a cipher adds: padding up to a block, an IV or nonce, an AEAD tag */
const OVERHEAD = 48;

export interface InferState {
  /** collected text reads, their bytes, how many gave no size, their categories */
  reads: number; readBytes: number; unsized: number; cats: Counts;
  /** times of the text reads, oldest first (from `head`): the first one must come before a payload */
  readTs: number[]; head: number;
  /** ciphertext-shaped sends: count, their ciphertext bytes, how many were encoded fields, how many
   *  of block size, how many with no size; the newest one's time */
  sends: number; sendBytes: number; encoded: number; blocks: number; sendUnsized: number; lastSend: number;
  /** high-entropy file writes: count, bytes, the newest one's time */
  files: number; fileBytes: number; lastFile: number;
}

export const newInferState = (): InferState => ({
  reads: 0, readBytes: 0, unsized: 0, cats: newCounts(), readTs: [], head: 0,
  sends: 0, sendBytes: 0, encoded: 0, blocks: 0, sendUnsized: 0, lastSend: -Infinity, files: 0, fileBytes: 0, lastFile: -Infinity,
});

export function inferRead(s: InferState, r: DataRead, sign: Sign): void {
  if (!TEXT_CATEGORIES.has(r.category)) return;
  s.reads += sign;
  s.readBytes += sign * r.bytes;
  if (r.bytes <= 0) s.unsized += sign;
  bump(s.cats, r.category, sign);
  if (sign > 0) s.readTs.push(r.ts);
  else if (++s.head > 64 && s.head * 2 > s.readTs.length) { s.readTs = s.readTs.slice(s.head); s.head = 0; }
  if (s.reads === 0) { s.readTs = []; s.head = 0; }
}

/** the smallest entropy a sample of n random bytes reliably shows: a short sample cannot reach 8
 *  (n < 256: at most log2 n; above, about 8 - 255 / (2 n ln 2), less a margin) */
export const randomEntropyFloor = (threshold: number, n: number): number =>
  Number.isNaN(n) ? threshold : Math.min(threshold, n < 256 ? 0.9 * Math.log2(Math.max(2, n)) : 8 - 255 / (2 * n * Math.LN2) - 0.2);

/** the decoded bytes of a payload's encoded fields: the payload module decodes the first
 *  PAYLOAD_SAMPLE_BYTES of the body, so a larger body is read in proportion to its size (a
 *  ciphertext field fills most of it) */
function encodedBytesOf(rows: SendRows, i: number): number {
  const n = rows.encBytes(i), size = rows.payloadSize(i);
  return size > PAYLOAD_SAMPLE_BYTES ? Math.round((n * size) / PAYLOAD_SAMPLE_BYTES) : n;
}

/** the ciphertext bytes a send carries when it is ciphertext-shaped, -1 when not, NaN when its
 *  size is unknown: encoded fields whose decoded bytes look random, or a raw high-entropy body */
export function cipherBytesOf(rows: SendRows, i: number, threshold: number): number {
  const encE = rows.encEntropy(i);
  if ((rows.b64(i) || rows.hex(i)) && !Number.isNaN(encE)) {
    return encE >= randomEntropyFloor(threshold, Math.min(rows.encBytes(i), PAYLOAD_SAMPLE_BYTES)) ? encodedBytesOf(rows, i) : -1;
  }
  const f = rows.format(i);
  if (rows.entropy(i) >= threshold && (f === undefined || f === 'binary' || f === 'multipart')) return rows.unsized(i) ? NaN : rows.bytes(i);
  return -1;
}

export function inferSend(s: InferState, rows: SendRows, i: number, sign: Sign, threshold: number): void {
  const n = cipherBytesOf(rows, i, threshold);
  if (n < 0) return;
  s.sends += sign;
  if (Number.isNaN(n)) s.sendUnsized += sign;
  else { s.sendBytes += sign * n; if (n > 0 && n % 16 === 0) s.blocks += sign; }
  if (rows.b64(i) || rows.hex(i)) s.encoded += sign;
  if (sign > 0) { if (rows.ts(i) > s.lastSend) s.lastSend = rows.ts(i); } else if (s.sends === 0) s.lastSend = -Infinity;
}

export function inferFile(s: InferState, f: StagedFile, sign: Sign, threshold: number): void {
  if (f.entropy < threshold) return; // (unseen content included: UNSEEN_ENTROPY is negative)
  s.files += sign;
  s.fileBytes += sign * f.bytes;
  if (sign > 0) { if (f.ts > s.lastFile) s.lastFile = f.ts; } else if (s.files === 0) s.lastFile = -Infinity;
}

/** ciphertext of `out` bytes over `payloads` payloads for `read` bytes of plaintext */
export function sizeTracks(read: number, out: number, payloads: number): boolean {
  return read > 0 && out >= read * 0.8 && out <= read * 1.25 + OVERHEAD * payloads;
}

export interface Inference {
  /** 0.4 when the size tracks what was read, 0.3 when what was read has no size (encoded fields only) */
  strength: number;
  categories: string[]; reads: number; bytes_read: number | null;
  /** what left: sends or files, their ciphertext bytes (null: not recorded) */
  carrier: 'send' | 'file'; payloads: number; cipher_bytes: number | null; encoded_payloads: number; block_sized: number;
  size_tracks: boolean;
}

/** the judgement: undefined when the window shows no encryption the sensor missed */
export function inferCipher(s: InferState): Inference | undefined {
  if (s.reads === 0) return undefined;
  const first = s.readTs[s.head];
  const readKnown = s.unsized < s.reads;
  const viaSend = s.sends > 0 && s.lastSend >= first;
  const viaFile = s.files > 0 && s.lastFile >= first;
  const sendTracks = viaSend && readKnown && s.sendUnsized < s.sends && sizeTracks(s.readBytes, s.sendBytes, s.sends);
  const fileTracks = viaFile && readKnown && sizeTracks(s.readBytes, s.fileBytes, s.files);
  // a read of no recorded size is compared with nothing: only encoded fields of random bytes count then
  const blindEncoded = viaSend && !readKnown && s.encoded > 0;
  if (!sendTracks && !fileTracks && !blindEncoded) return undefined;
  const bySend = sendTracks || (!fileTracks && blindEncoded);
  return {
    strength: sendTracks || fileTracks ? 0.4 : 0.3,
    categories: sortedKeys(s.cats), reads: s.reads, bytes_read: readKnown ? s.readBytes : null,
    carrier: bySend ? 'send' : 'file', payloads: bySend ? s.sends : s.files,
    cipher_bytes: bySend ? (s.sendUnsized === s.sends ? null : s.sendBytes) : s.fileBytes,
    encoded_payloads: bySend ? s.encoded : 0, block_sized: bySend ? s.blocks : 0,
    size_tracks: sendTracks || fileTracks,
  };
}
