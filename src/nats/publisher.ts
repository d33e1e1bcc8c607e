// Telemetry files -> JetStream: lines grouped per device partition into batches (one message
// each, Nats-Msg-Id from partition + position + content, so publishing a file twice adds
// nothing), flushed when full, when `lingerMs` passed (live feeds) and at the end of each file.
// `end` adds an end-of-input marker per partition: the workers then close every chain, as
// `detect` does when its files end.
import { headers } from '@nats-io/transport-node';
import { readLines } from '../ingest/read-lines.js';
import type { Issue } from '../model/issue.js';
import { lineTooLong, MAX_LINE_LENGTH } from '../normalize/input-limits.js';
import { acceptLine, LineEvent } from '../normalize/accept-line.js';
import { mayFailScreen, mayKeepRaw } from '../normalize/screen-event.js';
import { Outbox, publishSure, type Bus } from './connection.js';
import { packBatch, batchId, ENCODING_HEADER, type Batch } from './batch.js';
import { partitionOf, deviceOfLine, telSubject, USES_SUBJECT } from './partitioner.js';
import { createHash } from 'node:crypto';
import { KeyUseExtractor, type ExactKeys } from './key-uses.js';

export interface PublishOptions {
  batchLines: number; lingerMs?: number; end: boolean; endId?: string;
  /** deflate-raw the batches (default true; see batch.ts) */
  compress?: boolean;
  /** stdin (`-`) is a live feed: send what waited `lingerMs`, tick partitions quiet for
   *  `idleMs` (as `serve --nats` does), while the pipe stays open */
  live?: { lingerMs: number; idleMs: number };
  /** extract every device's key uses onto CT_USES ahead of the batches (key-uses.ts), so that
   *  workers count devices of other partitions exactly as `detect` does. Needs one publisher for
   *  the input: the order in which it reads is the order the counts follow. */
  exactKeys?: ExactKeys;
  /** a line not published: longer than MAX_LINE_LENGTH (skipped unread), or with a forbidden
   *  field or nested past the depth limit (docs/input-limits.md) */
  onReject?: (issue: Issue) => void;
  /** the name of each file in batches (evidence refs), where it differs from its path */
  names?: ReadonlyMap<string, string>;
  /** told of each batch before it is sent, and when JetStream has acknowledged all of it
   *  (serve --nats keeps this in its SQLite store: nats-outbox-store.ts) */
  journal?: BatchJournal;
}

/** a batch by its partition and the line numbers of its first and last line */
export interface JournalEntry { p: number; first: number; last: number }
export interface BatchJournal {
  /** before the batches are sent (one call per flush: one write for all of them) */
  sending(batches: JournalEntry[]): void;
  acked(batch: JournalEntry): void;
}
export interface PublishCounters { lines: number; batches: number; bytes: number }

/** header of an idle tick: no newer input for this partition for a while (see `ticks`) */
export const TICK_HEADER = 'Ct-Tick';
/** header of every message of an exact-keys publisher: the CT_USES sequence read so far, which
 *  the worker must have read before it applies the message */
export const USES_HEADER = 'Ct-Uses';
/** bytes per CT_USES message at most (and half the server's max payload) */
const USES_MESSAGE_BYTES = 256 * 1024;

export class BatchPublisher {
  private readonly open = new Map<number, Batch & { since: number }>();
  /** partitions sent to since their last tick: when, and the id of the last batch */
  private readonly unticked = new Map<number, { at: number; id: string }>();
  private readonly out: Outbox;
  readonly counters: PublishCounters = { lines: 0, batches: 0, bytes: 0 };

  private readonly uses: KeyUseExtractor | undefined;
  /** the CT_USES sequence of the last uses message (0: none yet) */
  private usesSeq = 0;

  constructor(private readonly bus: Bus, private readonly o: PublishOptions) {
    this.out = new Outbox(bus.js);
    this.uses = o.exactKeys ? new KeyUseExtractor(o.exactKeys) : undefined;
  }

  /** lines of batches being sent, until their message is handed to the outbox */
  private sendingLines = 0;
  /** lines in batches not sent yet */
  get unsentLines(): number { let n = this.sendingLines; for (const b of this.open.values()) n += b.lines.length; return n; }
  /** messages sent and not acknowledged yet */
  get unacknowledged(): number { return this.out.pending; }

  async line(file: string, lineNo: number, line: string): Promise<void> {
    if (line.trim() === '') return;
    this.uses?.line(line, file, lineNo);
    const p = partitionOf(deviceOfLine(line) ?? '', this.bus.partitions);
    let b = this.open.get(p);
    if (b && b.file !== file) { await this.send(p, b); b = undefined; }
    if (!b) { b = { file, lineNos: [], lines: [], since: Date.now() }; this.open.set(p, b); }
    b.lineNos.push(lineNo);
    b.lines.push(line);
    this.counters.lines++;
    if (b.lines.length >= this.o.batchLines) await this.send(p, b);
  }

  /** sends batches older than the linger time (call it on a timer for live feeds) */
  async linger(now = Date.now()): Promise<void> {
    await this.sendAll([...this.open].filter(([, b]) => now - b.since >= (this.o.lingerMs ?? 0)));
    await this.out.flush();
  }

  async flush(): Promise<void> {
    await this.sendAll([...this.open]);
    await this.out.flush();
  }

  /** the least line number in a batch not sent yet (undefined: none) */
  get firstUnsent(): number | undefined {
    let min: number | undefined;
    for (const b of this.open.values()) if (min === undefined || b.lineNos[0] < min) min = b.lineNos[0];
    return min;
  }

  private async sendAll(due: [number, Batch & { since: number }][]): Promise<void> {
    if (due.length === 0) return;
    this.o.journal?.sending(due.map(([p, b]) => entryOf(p, b)));
    for (const [p, b] of due) await this.send(p, b, true);
  }

  /** Live feeds: a tick to each partition that got batches but nothing for `idleMs`. A worker
   *  holds the last `lateness` of event time in its reorder buffer until newer events come, and
   *  the fleet stage waits for every partition's progress; the tick releases both, as the
   *  server's embedded engine does after its idle flush. It sits in the stream, so a replacement
   *  worker replays it exactly; its id follows the last batch, so a retry adds nothing. */
  async ticks(idleMs: number, now = Date.now()): Promise<void> {
    for (const [p, x] of this.unticked) {
      if (this.open.has(p) || now - x.at < idleMs) continue;
      this.unticked.delete(p);
      const h = await this.usesHeaders(true);
      h.set(TICK_HEADER, '1');
      await this.out.add(telSubject(p), new Uint8Array(0), `t-${x.id}`, h);
    }
    await this.out.flush();
  }

  async end(): Promise<void> {
    await this.flush();
    for (let p = 0; p < this.bus.partitions; p++) {
      const h = await this.usesHeaders(true);
      h.set('Ct-End', '1');
      await this.out.add(telSubject(p), new Uint8Array(0), `end-${p}-${this.o.endId ?? 'end'}`, h);
    }
    await this.out.flush();
  }

  private async send(p: number, b: Batch, journaled = false): Promise<void> {
    this.open.delete(p);
    const journal = this.o.journal;
    if (journal && !journaled) journal.sending([entryOf(p, b)]);
    this.sendingLines += b.lines.length;
    // acknowledged when every part is (a batch too large for one message goes in halves)
    let parts = 0, sent = false;
    const acked = journal ? () => { if (--parts === 0 && sent) journal.acked(entryOf(p, b)); } : undefined;
    const onPart = acked ? () => { parts++; return acked; } : undefined;
    try { await this.sendPart(p, { file: b.file, lineNos: b.lineNos, lines: b.lines }, onPart); } finally { this.sendingLines -= b.lines.length; }
    sent = true;
    if (acked && parts === 0) journal!.acked(entryOf(p, b));
  }

  /** rebuilds and sends a batch the journal holds unacknowledged, exactly as it was sent (the
   *  same parts, the same ids: JetStream drops a copy it already holds) */
  async resend(p: number, b: Batch): Promise<void> {
    for (let i = 0; i < b.lines.length; i++) this.uses?.line(b.lines[i], b.file, b.lineNos[i]);
    this.counters.lines += b.lines.length;
    await this.send(p, b, true);
  }

  /** one message, or two halves when it would exceed the server's max payload (long lines) */
  private async sendPart(p: number, b: Batch, onPart?: () => () => void): Promise<void> {
    const { data, encoding } = packBatch(b, this.o.compress ?? true);
    const max = this.bus.nc.info?.max_payload ?? Infinity;
    if (data.length > max - 1024 && b.lines.length > 1) {
      const half = b.lines.length >> 1;
      await this.sendPart(p, { file: b.file, lineNos: b.lineNos.slice(0, half), lines: b.lines.slice(0, half) }, onPart);
      await this.sendPart(p, { file: b.file, lineNos: b.lineNos.slice(half), lines: b.lines.slice(half) }, onPart);
      return;
    }
    this.counters.batches++;
    this.counters.bytes += data.length;
    let h;
    if (this.uses) h = await this.usesHeaders();
    if (encoding) { h ??= headers(); h.set(ENCODING_HEADER, encoding); }
    const id = batchId(p, b);
    this.unticked.set(p, { at: Date.now(), id });
    await this.out.add(telSubject(p), data, id, h, onPart?.());
  }

  /** the key uses put in order so far go out first (acknowledged: their sequence is what a worker
   *  waits for); the message that follows names that sequence. `all`: every use read (an idle
   *  tick, the end: the workers then release their buffers too) */
  private async usesHeaders(all = false) {
    const h = headers();
    if (!this.uses) return h;
    if (this.uses.size(all) > 0) {
      // each span serialized once; a message is a JSON array of as many as fit (one always goes)
      const parts = this.uses.take(all).map((x) => JSON.stringify(x));
      const limit = Math.min(USES_MESSAGE_BYTES, (this.bus.nc.info?.max_payload ?? Infinity) / 2);
      for (let i = 0; i < parts.length;) {
        let j = i, bytes = 2;
        while (j < parts.length && (j === i || bytes + parts[j].length + 1 <= limit)) bytes += parts[j++].length + 1;
        const data = `[${parts.slice(i, j).join(',')}]`;
        i = j;
        // from the content: publishing the same input again adds nothing (the duplicate's ack
        // carries the first one's sequence)
        const id = 'u-' + createHash('sha256').update(data).digest('hex').slice(0, 32);
        this.usesSeq = (await publishSure(this.bus.js, USES_SUBJECT, data, id)).seq;
      }
    }
    h.set(USES_HEADER, String(this.usesSeq));
    return h;
  }
}

const entryOf = (p: number, b: Batch): JournalEntry => ({ p, first: b.lineNos[0], last: b.lineNos[b.lineNos.length - 1] });

/** the issue of a line whose text must not be stored anywhere (a forbidden field, nesting past
 *  the limit); undefined for any other line, valid or not (cheap unless the text looks like one) */
function withheld(line: string, file: string, lineNo: number): Issue | undefined {
  if (!mayFailScreen(line)) return undefined;
  const r = acceptLine(line, file, lineNo);
  return r !== undefined && !(r instanceof LineEvent) && !mayKeepRaw(r.code) ? r : undefined;
}

export async function publishFiles(bus: Bus, files: string[], o: PublishOptions): Promise<PublishCounters> {
  const pub = new BatchPublisher(bus, { ...o, ...(o.live ? { lingerMs: o.live.lingerMs } : {}) });
  for (const file of files) {
    // a pipe (`tail -f … | ciphertrail publish -`) may stay open for days: without this its lines
    // would wait for a full batch, and a quiet partition's last lateness for newer events
    let timer: NodeJS.Timeout | undefined, failure: unknown;
    let pacing: Promise<void> = Promise.resolve();
    const live = file === '-' ? o.live : undefined;
    if (live) timer = setInterval(() => { pacing = pacing.then(() => pub.linger()).then(() => pub.ticks(live.idleMs)).catch((e: unknown) => { failure ??= e; }); }, live.lingerMs);
    try {
      for await (const chunk of readLines(file, { maxLineLength: MAX_LINE_LENGTH, ...(o.names ? { names: o.names } : {}) })) {
        if (failure) throw failure;
        for (let i = 0; i < chunk.lines.length; i++) {
          const long = chunk.overlong?.get(i);
          if (long !== undefined) { o.onReject?.(lineTooLong(long, MAX_LINE_LENGTH, chunk.file, chunk.firstLine + i)); continue; }
          // the workers validate every line, but the stream would keep a raw key or plaintext:
          // such a line (and one too deep to handle safely) stops here (docs/input-limits.md)
          const unkept = withheld(chunk.lines[i], chunk.file, chunk.firstLine + i);
          if (unkept) o.onReject?.(unkept);
          else await pub.line(chunk.file, chunk.firstLine + i, chunk.lines[i]);
        }
      }
    } finally { clearInterval(timer); await pacing; }
    if (failure) throw failure;
    await pub.flush();
  }
  if (o.end) await pub.end();
  return pub.counters;
}
