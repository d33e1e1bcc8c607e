// The records of one app context inside the time window, and the facets' running state over them.
// Every record that enters (added) or leaves (pruned at the window's start, or pushed out by a
// ring's cap) goes through the facets' hooks once, so an evaluation reads running figures and costs
// O(facets), whatever the window holds. Sends are "counted" (the facets reading sends after the
// encryption) from the window's first encrypt op on: that boundary only moves forward in event
// time. Sends matter to the facets only when the window can be evaluated (it holds an encrypt op
// or a recalled staged file, or the device shows no crypto at all): until then they are kept as
// rows only, and given to the facets when the window becomes active (most apps never encrypt).
// A row that arrives before a newer one (input later than the lateness) marks the window for a
// rebuild: its state is replayed from the rows at the next evaluation, rare by construction.
import { EncryptRows } from './encrypt-rows.js';
import { SendRows } from './send-rows.js';
import { TimeRows } from './rows.js';
import { Recent, RECENT_CAP } from './recent.js';
import type { DataRead, ExecState, PayloadFeatures, StagedFile } from './types.js';
import type { Recalled } from './staged-store.js';
import type { Sign, UpdateEnv, WindowRows } from './facet.js';
import { FACETS, opHooks, readHooks, fileHooks, sendHooks, countedHooks, recalledHooks, keyHooks } from './registry.js';

export const SENDS_CAP = 128;

const NO_ENCRYPTS = new EncryptRows(0), NO_SENDS = new SendRows(0), NO_DECRYPTS = new TimeRows(0);
const NO_READS = new Recent<DataRead>(0), NO_FILES = new Recent<StagedFile>(0);
const NO_STATES: unknown[] = [];
const NO_RECALLED: Recalled[] = [];

export class Window implements WindowRows {
  // Rings are made on their first entry: most contexts never see some kinds. Until then each is a
  // shared empty ring of capacity 0, only read and pruned.
  encrypts = NO_ENCRYPTS;
  reads = NO_READS;
  files = NO_FILES;
  /** the newest 128 sends of the window: enough for periodicity, bounded for chatty browsers */
  sends = NO_SENDS;
  /** decrypt ops: obfuscation (SDK strings, packers), reported, not scored */
  decrypts = NO_DECRYPTS;
  recalled: Recalled[] = NO_RECALLED;
  /** one state per facet of the registry, in its order (made with the first record they take) */
  states: unknown[] = NO_STATES;
  /** the facets follow the sends (see the header) */
  active = false;
  /** sends before this time are not counted (the window's first encrypt op, else its start) */
  cut = -Infinity;
  /** rows at the front of `sends` not counted (all of them while not active) */
  uncounted = 0;
  /** the newest record's time */
  newest = -Infinity;
  /** a row came in before a newer one: the facets' state is replayed at the next evaluation */
  dirty = false;
  /** asleep: the score could not reach the report floor while only sends and uses of keys already
   *  judged arrive, so the facets do not follow the records (dirty) and sends are not evaluated
   *  until a record that could raise it wakes the window (dispatch.ts) */
  dormant = false;
  /** the window's start at the last prune */
  from = -Infinity;
  /** late rows seen in the op and send rings (see `dirty`) */
  private lateOps = 0;
  private lateSends = 0;

  countedFrom(): number { return this.sends.start + this.uncounted; }

  get empty(): boolean { return this.encrypts.length + this.reads.length + this.files.length + this.sends.length + this.decrypts.length + this.recalled.length === 0; }

  // (by length, not identity: a checkpoint does not keep the shared empty array's identity)
  private st(): unknown[] { return this.states.length > 0 ? this.states : (this.states = FACETS.map((f) => f.init())); }

  /** no record is older than this (a lower bound: prune looks only when one may be) */
  private oldest = Infinity;

  /** records older than `from` leave, the counted boundary moves */
  prune(from: number, x: UpdateEnv): void {
    if (from <= this.from) return;
    this.from = from;
    if (from <= this.oldest) return;
    const enc = this.encrypts;
    // (a dirty window's state is replayed anyway: records leave as rows only)
    const hooks = !this.dirty;
    let i = enc.start;
    while (i < enc.end && enc.ts(i) < from) { if (hooks) this.opHooks(i, -1, x); i++; }
    if (i > enc.start) enc.prune(from);
    const reads = this.reads;
    if (reads.length > 0) {
      const items = reads.items;
      let n = 0;
      while (n < items.length && items[n].ts < from) { if (hooks) this.readHooks(items[n], -1, x); n++; }
      if (n > 0) reads.prune(from);
    }
    const files = this.files;
    if (files.length > 0) {
      const items = files.items;
      let n = 0;
      while (n < items.length && items[n].ts < from) { if (hooks) this.fileHooks(items[n], -1, x); n++; }
      if (n > 0) files.prune(from);
    }
    const s = this.sends;
    while (s.length > 0 && s.ts(s.start) < from) { if (hooks) this.leaveOldestSend(x); s.dropOldest(); }
    this.decrypts.prune(from);
    while (this.recalled.length > 0 && this.recalled[0].sendTs < from) { const r = this.recalled.shift()!; if (hooks) this.recalledHooks(r, -1, x); }
    if (hooks) {
      this.moveCut(enc.length > 0 ? enc.ts(enc.start) : from, x);
      if (this.active && enc.length === 0 && this.recalled.length === 0 && !this.countsAll) this.deactivate(x);
    } else this.uncounted = Math.min(this.uncounted, s.length);
    let oldest = Infinity;
    if (enc.length > 0) oldest = enc.ts(enc.start);
    if (reads.length > 0) oldest = Math.min(oldest, reads.items[0].ts);
    if (files.length > 0) oldest = Math.min(oldest, files.items[0].ts);
    if (s.length > 0) oldest = Math.min(oldest, s.ts(s.start));
    if (this.decrypts.length > 0) oldest = Math.min(oldest, this.decrypts.ts(this.decrypts.start));
    if (this.recalled.length > 0) oldest = Math.min(oldest, this.recalled[0].sendTs);
    this.oldest = oldest;
  }

  /** the device shows no crypto: sends count without an encrypt op */
  private countsAll = false;

  /** the oldest send leaves the facets (the caller drops its row) */
  private leaveOldestSend(x: UpdateEnv): void {
    const i = this.sends.start;
    if (this.uncounted > 0) this.uncounted--;
    else this.countedHooks(i, -1, x);
    if (this.active) this.sendHooks(i, -1, x);
  }

  private moveCut(cut: number, x: UpdateEnv): void {
    if (cut <= this.cut) return;
    this.cut = cut;
    const s = this.sends;
    while (s.start + this.uncounted < s.end && s.ts(s.start + this.uncounted) < cut) {
      this.countedHooks(s.start + this.uncounted, -1, x);
      this.uncounted++;
    }
  }

  /** the facets start following the sends: every send of the window enters, counted from the cut */
  private activate(x: UpdateEnv): void {
    if (this.active) return;
    this.active = true;
    const s = this.sends;
    this.uncounted = 0;
    for (let i = s.start; i < s.end; i++) {
      this.sendHooks(i, 1, x);
      if (s.ts(i) >= this.cut) this.countedHooks(i, 1, x);
      else this.uncounted++;
    }
  }

  private deactivate(x: UpdateEnv): void {
    const s = this.sends;
    for (let i = s.start; i < s.end; i++) {
      if (i >= s.start + this.uncounted) this.countedHooks(i, -1, x);
      this.sendHooks(i, -1, x);
    }
    this.uncounted = s.length;
    this.active = false;
  }

  addOp(ts: number, ref: string, alg: string, inBytes: number, outBytes: number, exec: ExecState,
    mode: string | undefined, keyFp: string | undefined, proc: string | undefined, window: number, x: UpdateEnv): void {
    this.prune(ts - window, x);
    const enc = this.encrypts.cap > 0 ? this.encrypts : (this.encrypts = new EncryptRows(RECENT_CAP));
    const wasEmpty = enc.length === 0;
    if (enc.length >= enc.cap && !this.dirty) this.opHooks(enc.start, -1, x);
    enc.add(ts, ref, alg, inBytes, outBytes, exec, mode, keyFp, proc);
    if (enc.lateRows !== this.lateOps) { this.lateOps = enc.lateRows; this.dirty = true; }
    this.noteTs(ts);
    if (this.dirty) return;
    this.opHooks(enc.end - 1, 1, x);
    if (wasEmpty) { this.moveCut(ts, x); this.activate(x); }
  }

  addRead(r: DataRead, window: number, x: UpdateEnv): void {
    this.prune(r.ts - window, x);
    const reads = this.reads.cap > 0 ? this.reads : (this.reads = new Recent<DataRead>());
    if (reads.length >= reads.cap && !this.dirty) this.readHooks(reads.items[0], -1, x);
    reads.add(r);
    this.noteTs(r.ts);
    if (!this.dirty) this.readHooks(r, 1, x);
  }

  addFile(f: StagedFile, window: number, x: UpdateEnv): void {
    this.prune(f.ts - window, x);
    const files = this.files.cap > 0 ? this.files : (this.files = new Recent<StagedFile>());
    if (files.length >= files.cap && !this.dirty) this.fileHooks(files.items[0], -1, x);
    files.add(f);
    this.noteTs(f.ts);
    if (!this.dirty) this.fileHooks(f, 1, x);
  }

  /** a file's record changed after it entered (a blind write matched): out and in again */
  refile(f: StagedFile, change: () => void, x: UpdateEnv): void {
    if (!this.dirty) this.fileHooks(f, -1, x);
    change();
    if (!this.dirty) this.fileHooks(f, 1, x);
  }

  /** `countsAll`: the device shows no crypto, so sends count without an encrypt op */
  addSend(ts: number, ref: string, bytes: number, exec: ExecState, host: string | undefined, ip: string | undefined,
    port: number | undefined, proto: string | undefined, tls: boolean | undefined, payload: PayloadFeatures | undefined,
    window: number, x: UpdateEnv, countsAll = false): void {
    this.prune(ts - window, x);
    const s = this.sends.cap > 0 ? this.sends : (this.sends = new SendRows(SENDS_CAP));
    if (s.length >= s.cap && !this.dirty) this.leaveOldestSend(x); // (add drops its row)
    s.add(ts, ref, bytes, exec, host, ip, port, proto, tls, payload);
    if (s.lateRows !== this.lateSends) { this.lateSends = s.lateRows; this.dirty = true; }
    this.noteTs(ts);
    if (countsAll) this.countsAll = true;
    if (this.dirty) return;
    if (!this.active) {
      this.uncounted++;
      if (this.countsAll) this.activate(x);
      return;
    }
    const i = s.end - 1;
    this.sendHooks(i, 1, x);
    if (ts >= this.cut) this.countedHooks(i, 1, x);
    else this.dirty = true;
  }

  addDecrypt(ts: number, window: number, x: UpdateEnv): void {
    this.prune(ts - window, x);
    const d = this.decrypts.cap > 0 ? this.decrypts : (this.decrypts = new TimeRows(RECENT_CAP));
    d.add(ts);
    if (ts < this.oldest) this.oldest = ts;
  }

  recall(r: Recalled, x: UpdateEnv): void {
    // (an empty list may be the shared one, or a checkpoint's copy of it: never grown)
    if (this.recalled.length === 0) this.recalled = [r];
    else this.recalled.push(r);
    if (r.sendTs < this.oldest) this.oldest = r.sendTs;
    if (this.dirty) return;
    this.recalledHooks(r, 1, x);
    this.activate(x);
  }

  /** a key record was set: facets that read key records re-judge that key */
  keyChanged(fp: string, t: number, x: UpdateEnv): void {
    if (this.dirty || this.states.length === 0) return;
    keyHooks(this.states, fp, t, x);
  }

  /** a record older than the newest of any kind is late input: the facets' order is replayed */
  private noteTs(ts: number): void {
    if (ts < this.oldest) this.oldest = ts;
    if (ts < this.newest) this.dirty = true;
    else this.newest = ts;
  }

  /** the facets stop following the records until `wake` (see `dormant`) */
  sleep(): void { this.dormant = true; this.dirty = true; }

  /** a record that could raise the score arrived: the next evaluation replays the window */
  wake(): void { this.dormant = false; }

  /** replays every record of the window through fresh facet states (after late input) */
  rebuild(x: UpdateEnv): void {
    this.states = NO_STATES;
    this.dirty = false;
    this.active = false;
    const enc = this.encrypts, s = this.sends;
    this.cut = enc.length > 0 ? enc.ts(enc.start) : this.from;
    for (let i = enc.start; i < enc.end; i++) this.opHooks(i, 1, x);
    for (const r of this.reads.items) this.readHooks(r, 1, x);
    for (const f of this.files.items) this.fileHooks(f, 1, x);
    for (const r of this.recalled) this.recalledHooks(r, 1, x);
    this.uncounted = s.length;
    if (enc.length > 0 || this.recalled.length > 0 || this.countsAll) this.activate(x);
  }

  private opHooks(i: number, sign: Sign, x: UpdateEnv): void { opHooks(this.st(), this.encrypts, i, sign, x); }
  private readHooks(r: DataRead, sign: Sign, x: UpdateEnv): void { readHooks(this.st(), r, sign, x); }
  private fileHooks(r: StagedFile, sign: Sign, x: UpdateEnv): void { fileHooks(this.st(), r, sign, x); }
  private sendHooks(i: number, sign: Sign, x: UpdateEnv): void { sendHooks(this.st(), this.sends, i, sign, x); }
  private countedHooks(i: number, sign: Sign, x: UpdateEnv): void { countedHooks(this.st(), this.sends, i, sign, x); }
  private recalledHooks(r: Recalled, sign: Sign, x: UpdateEnv): void { recalledHooks(this.st(), r, sign, x); }
}
