import { describe, expect, it } from 'vitest';
import type { Consumer, JsMsg } from '@nats-io/jetstream';
import { pullEach } from './pull.js';
import { PullBudget } from './connection.js';

/** a consumer whose fetches hand over scripted messages (one script per request) and record what
 *  they asked for; the loop under test is the real one */
function scripted(requests: { size: number; pending: number }[][]) {
  const asked: number[] = [];
  let seq = 0, delivered = 0;
  const consumer = {
    fetch: async (o: { max_messages: number }) => {
      asked.push(o.max_messages);
      const script = requests.shift() ?? [];
      let stopped = false;
      return {
        stop: () => { stopped = true; },
        async *[Symbol.asyncIterator]() {
          for (const m of script.slice(0, o.max_messages)) {
            if (stopped) return;
            yield { seq: ++seq, data: new Uint8Array(m.size), info: { deliverySequence: ++delivered, pending: m.pending } } as unknown as JsMsg;
          }
        },
      };
    },
  } as unknown as Consumer;
  return { consumer, asked };
}

async function drain(requests: { size: number; pending: number }[][], budget?: PullBudget, maxPayload?: number) {
  const total = requests.flat().length;
  const { consumer, asked } = scripted(requests);
  const handled: number[] = [];
  let processed = 0;
  await pullEach({
    open: async () => consumer, processed: () => processed, behind: async () => false, stopped: () => false,
    ...(budget ? { budget } : {}), ...(maxPayload ? { maxPayload } : {}),
    onMsg: async (m) => { processed = m.seq; handled.push(m.seq); return handled.length === total; },
  });
  return { asked, handled };
}

describe('pullEach', () => {
  it('at the tail asks for as many messages as fit at the server\'s max payload, behind for as many as fit at the size seen', async () => {
    const budget = new PullBudget(4 * 1024 * 1024);
    // first request: nothing seen yet (tail): 4 MB / 1 MB = 4; that message says 500 more are pending, of 10 kB
    // second request: 4 MB / 10 kB = 419, capped at 64; the last of those says none is pending: tail again
    const { asked, handled } = await drain([[{ size: 10_000, pending: 500 }], Array.from({ length: 64 }, (_, i) => ({ size: 10_000, pending: i === 63 ? 0 : 499 - i })), [{ size: 100, pending: 0 }]], budget, 1024 * 1024);
    expect(asked).toEqual([4, 64, 4]);
    expect(handled).toHaveLength(66);
  });

  it('a fetch at the tail stays open: messages that come one by one, none pending after each, are handled on one request', async () => {
    const { asked, handled } = await drain([[{ size: 50, pending: 0 }, { size: 50, pending: 0 }, { size: 50, pending: 0 }]]);
    expect(asked).toEqual([64]);
    expect(handled).toEqual([1, 2, 3]);
  });

  it('the default max payload (1 MB) sizes the tail without a server figure; a small budget still asks for one', async () => {
    expect((await drain([[{ size: 10, pending: 0 }]], new PullBudget(3 * 1024 * 1024))).asked).toEqual([3]);
    expect((await drain([[{ size: 10, pending: 0 }]], new PullBudget(512 * 1024))).asked).toEqual([1]);
  });
});
