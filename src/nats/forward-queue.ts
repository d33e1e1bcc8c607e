// A worker's forwarding queue: CT_ALERTS read in stream order from the position each output
// reached, kept in the KV bucket (forward.<digest of the output name>) and moved only after the
// receiver took the versions: a replacement worker resumes there, resending at most the batch in
// flight, and the versions of an alert stay in stream (= rev) order. Dead letters go to CT_DEAD
// under ct.dead.forward.<digest>, counted from the stream. One forwarding worker per cluster (the
// fleet-stage one): two would both send.
import { createHash } from 'node:crypto';
import { DeliverPolicy, type Consumer, type JsMsg } from '@nats-io/jetstream';
import type { Alert } from '../model/index.js';
import type { ForwardQueue, QueueItem } from '../forward/queue.js';
import { STREAMS, publishSure, type Bus } from './connection.js';

const digest = (output: string): string => createHash('sha256').update(output).digest('hex').slice(0, 16);
const positionKey = (output: string): string => `forward.${digest(output)}`;
const deadSubject = (output: string): string => `ct.dead.forward.${digest(output)}`;

interface Position { output: string; seq: number }

async function lastSeq(bus: Bus): Promise<number> { return (await bus.jsm.streams.info(STREAMS.alerts.name)).state.last_seq; }

async function deadCounts(bus: Bus): Promise<Record<string, number>> {
  const s = await bus.jsm.streams.info(STREAMS.dead.name, { subjects_filter: 'ct.dead.forward.>' }).catch(() => undefined);
  return (s?.state.subjects ?? {}) as Record<string, number>;
}

export async function natsForwardQueue(bus: Bus, output: string): Promise<ForwardQueue> {
  const key = positionKey(output);
  const saved = await bus.kv.get(key);
  // a new output starts at the beginning of the alerts stream (the retained alert log)
  let position = saved?.operation === 'PUT' ? (JSON.parse(saved.string()) as Position).seq : 0;
  // listed by status from the start, before anything is delivered
  if (saved?.operation !== 'PUT') await bus.kv.create(key, JSON.stringify({ output, seq: 0 } satisfies Position)).catch(() => undefined);
  let fetched = position;
  let consumer: Consumer | undefined;
  const held: QueueItem[] = [];
  let last = await lastSeq(bus);
  let dead = (await deadCounts(bus))[deadSubject(output)] ?? 0;
  const open = async () => (consumer ??= await bus.js.consumers.get(STREAMS.alerts.name, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: fetched + 1 }));
  const hold = (m: JsMsg) => {
    if (m.seq <= fetched) return;
    fetched = m.seq;
    held.push({ key: m.seq, alert: JSON.parse(m.string()) as Alert, final: m.headers?.get('Ct-Final') === '1' });
  };
  return {
    async peek(n) {
      if (held.length === 0) {
        try {
          last = await lastSeq(bus);
          const c = await open();
          // fetch exactly what is there (a fetch for more waits for its expiry); at the tail, wait for the next one
          const want = Math.min(n, last - fetched);
          if (want > 0) { for await (const m of await c.fetch({ max_messages: want, expires: 5000 })) hold(m); }
          else { const m = await c.next({ expires: 1000 }); if (m) hold(m); }
        } catch {
          // the consumer is gone (server restart): a new one from what was fetched
          consumer = undefined;
        }
      }
      return held.slice(0, n);
    },
    async ack(items, d) {
      const top = items[items.length - 1];
      if (!top) return;
      if (d) {
        await publishSure(bus.js, deadSubject(output), JSON.stringify({ output, alert_id: d.item.alert.id, rev: d.item.alert.rev, reason: d.reason, attempts: d.attempts }), `fwd.${digest(output)}.${d.item.key}`);
        dead++;
      }
      await bus.kv.put(key, JSON.stringify({ output, seq: top.key } satisfies Position));
      position = top.key;
      while (held.length && held[0].key <= top.key) held.shift();
    },
    // peek waits on the server (a fetch at the tail stays open): nothing to wait for here
    changed: async () => undefined,
    pending: () => Math.max(0, Math.max(last, fetched) - position),
    deadCount: () => dead,
  };
}

/** `status`: each forwarding output's backlog and dead letters */
export async function forwardStatus(bus: Bus): Promise<{ output: string; pending: number; dead: number }[]> {
  const out: { output: string; pending: number; dead: number }[] = [];
  const last = await lastSeq(bus);
  const deadBy = await deadCounts(bus);
  for await (const k of await bus.kv.keys('forward.>')) {
    const e = await bus.kv.get(k);
    if (e?.operation !== 'PUT') continue;
    const p = JSON.parse(e.string()) as Position;
    out.push({ output: p.output, pending: Math.max(0, last - p.seq), dead: deadBy[deadSubject(p.output)] ?? 0 });
  }
  return out.sort((a, b) => (a.output < b.output ? -1 : 1));
}
