// One message per pull request, in a loop, from our own ordered consumer that we re-create at
// the next sequence whenever it fails or goes quiet while the stream has more for us (a server
// restart drops ephemeral consumers). A long-lived consume() stalled under load on this server
// (recovered only by missed heartbeats 30 s later); fetch(n) waits until n messages or expiry,
// which at a stream's tail or at a steady low rate adds its whole expiry as latency. next()
// returns as soon as one message is there; a message carries a batch of events, so a round trip
// per message costs little.
import type { Consumer, JsMsg } from '@nats-io/jetstream';

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
}

export async function pullEach(o: PullOptions): Promise<void> {
  let c: Consumer | undefined;
  let quiet = 0;
  while (!o.stopped()) {
    let m: JsMsg | null;
    try {
      c ??= await o.open(o.processed() + 1);
      m = await c.next({ expires: 1000 });
      if (m === null && ++quiet >= 2 && (await o.behind())) c = undefined;
    } catch {
      // server away or consumer gone: start again after what was processed
      c = undefined;
      await sleep(250);
      continue;
    }
    if (m === null) continue;
    quiet = 0;
    // a failure here is not retried: the message may be half applied; the process ends and its
    // replacement restores the last checkpoint
    if ((await o.onMsg(m)) === true) return;
  }
}
