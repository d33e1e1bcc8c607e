// Pull requests in a loop, from our own ordered consumer that we re-create at the next sequence
// whenever it fails or goes quiet while the stream has more for us (a server restart drops
// ephemeral consumers). Each request is a fetch for up to `batch` messages: behind, they are all
// there already and it returns at once (a backlog costs one request per `batch` messages); at the
// tail, the fetch yields each message as it arrives and stays open for the next ones until its
// expiry, so a live feed costs one request per `batch` messages too, not one per message. (The
// earlier tail used next(), one request per message. In a bare echo at a live feed's rate, a
// third fewer scavenges and p50 1.1–1.5 → 0.8–0.9 ms; in bench:nats's latency run, alternated
// with the previous build, no difference the host's noise let show.) A long-lived consume()
// stalled under load on this server (recovered only by missed heartbeats 30 s later).
import type { Consumer, JsMsg } from '@nats-io/jetstream';
import type { PullBudget } from './connection.js';

/** nats-server's default max_payload */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface PullOptions {
  /** an ordered consumer starting at `seq` (1 = the beginning) */
  open: (seq: number) => Promise<Consumer>;
  /** the sequence processed last (0: none) */
  processed: () => number;
  /** true when the stream holds messages for us after `processed()` */
  behind: () => Promise<boolean>;
  stopped: () => boolean;
  /** handles one message; true stops the loop */
  onMsg: (m: JsMsg) => Promise<boolean | void>;
  /** messages per pull request at most (default 64) */
  batch?: number;
  /** the connection's byte budget for pull requests (Bus.pulls); absent: messages only */
  budget?: PullBudget;
  /** the server's max_payload (default 1 MB): the size assumed for messages not there yet */
  maxPayload?: number;
}

export async function pullEach(o: PullOptions): Promise<void> {
  const leave = o.budget?.join();
  try { await pullLoop(o); } finally { leave?.(); }
}

async function pullLoop(o: PullOptions): Promise<void> {
  let c: Consumer | undefined;
  let quiet = 0;
  /** bytes of the recent messages (the largest, fading), to keep a pull within the budget */
  let size = 0;
  /** the consumer's delivery sequence of the last message from `c` (0: none yet) */
  let delivered = 0;
  /** the last message said none were pending after it (or none came yet) */
  let tail = true;
  while (!o.stopped()) {
    let got = 0;
    // a failure of onMsg is not retried: the message may be half applied; the process ends and
    // its replacement restores the last checkpoint
    let failed: { e: unknown } | undefined;
    let done = false;
    try {
      if (!c) { c = await o.open(o.processed() + 1); delivered = 0; }
      // a byte limit (max_bytes) would be the direct way, but nats-server 2.9 ends such a request
      // with a 409 that nats.js throws: the budget is turned into messages of the size seen last
      // At the tail the next messages are not there yet and may be of any size (a replay starting
      // after a quiet feed): as many as fit at the largest size the server accepts.
      const per = tail ? (o.maxPayload ?? DEFAULT_MAX_PAYLOAD) : Math.max(1, size);
      const fit = o.budget ? Math.max(1, Math.floor(o.budget.share() / per)) : Infinity;
      const it = await c.fetch({ max_messages: Math.min(o.batch ?? 64, fit), expires: 1000 });
      for await (const m of it) {
        got++;
        // a delivery lost on the way (the server dropped the connection, e.g. as a slow consumer,
        // with messages of this request in flight) leaves a hole in the delivery sequence, which
        // the client did not always repair: start again after what was processed. (1: the client
        // re-created its consumer after the last message it handed over.)
        const d = m.info.deliverySequence;
        if (d !== delivered + 1 && d !== 1) { it.stop(); c = undefined; break; }
        delivered = d;
        size = Math.max(m.data.length, Math.floor(size * 0.9));
        tail = m.info.pending === 0;
        // a replayed message (consumer re-created before the old request ended): already applied
        if (m.seq <= o.processed()) continue;
        try { done = (await o.onMsg(m)) === true; } catch (e) { failed = { e }; }
        if (failed || done || o.stopped()) { it.stop(); break; }
      }
      if (got === 0 && ++quiet >= 2 && (await o.behind())) c = undefined;
      if (got > 0) quiet = 0;
    } catch {
      if (failed) throw failed.e;
      // server away or consumer gone: start again after what was processed
      c = undefined;
      await sleep(250);
      continue;
    }
    if (failed) throw failed.e;
    if (done) return;
  }
}
