// A worker's forwarding queue: a durable pull consumer on CT_ALERTS per output (ct_fwd_<digest of
// the output name>), acknowledged only after the receiver took the versions: the stream position
// survives restarts and a replacement worker carries on where the last one stopped. Dead letters
// go to CT_DEAD under ct.dead.forward.<digest>, counted from the stream. Messages held during an
// outage are kept (in progress) so the server does not redeliver them behind the forwarder's back.
import { createHash } from 'node:crypto';
import { AckPolicy, DeliverPolicy, type Consumer, type JsMsg } from '@nats-io/jetstream';
import type { Alert } from '../model/index.js';
import type { ForwardQueue, QueueItem } from '../forward/queue.js';
import { STREAMS, publishSure, type Bus } from './connection.js';

const ACK_WAIT_NS = 5 * 60 * 1e9;

export const forwardDigest = (output: string): string => createHash('sha256').update(output).digest('hex').slice(0, 16);
export const forwardConsumer = (output: string): string => `ct_fwd_${forwardDigest(output)}`;
export const forwardDeadSubject = (output: string): string => `ct.dead.forward.${forwardDigest(output)}`;

export async function natsForwardQueue(bus: Bus, output: string): Promise<ForwardQueue> {
  const name = forwardConsumer(output);
  try { await bus.jsm.consumers.info(STREAMS.alerts.name, name); } catch {
    // a new output starts at the beginning of the alerts stream (the retained alert log)
    await bus.jsm.consumers.add(STREAMS.alerts.name, {
      durable_name: name, description: `ciphertrail forward ${output}`, ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All, ack_wait: ACK_WAIT_NS, max_ack_pending: 1000,
    });
  }
  const c: Consumer = await bus.js.consumers.get(STREAMS.alerts.name, name);
  const held: { item: QueueItem; m: JsMsg }[] = [];
  let pending = 0;
  let dead = 0;
  const refresh = async () => {
    const info = await c.info(true).catch(() => undefined);
    if (info) pending = info.num_pending + info.num_ack_pending;
    const s = await bus.jsm.streams.info(STREAMS.dead.name, { subjects_filter: forwardDeadSubject(output) }).catch(() => undefined);
    dead = (s?.state.subjects as Record<string, number> | undefined)?.[forwardDeadSubject(output)] ?? 0;
  };
  await refresh();
  return {
    async peek(n) {
      for (const h of held) h.m.working();
      if (held.length === 0) {
        const hold = (m: JsMsg) => { held.push({ m, item: { key: m.seq, alert: JSON.parse(m.string()) as Alert, final: m.headers?.get('Ct-Final') === '1' } }); };
        // fetch exactly what is there (a fetch for more waits for its expiry); at the tail,
        // wait for the next one
        const want = Math.min(n, (await c.info(false)).num_pending);
        if (want > 0) { for await (const m of await c.fetch({ max_messages: want, expires: 5000 })) hold(m); }
        else { const m = await c.next({ expires: 1000 }); if (m) hold(m); }
        await refresh();
      }
      return held.slice(0, n).map((h) => h.item);
    },
    async ack(items, d) {
      if (d) {
        await publishSure(bus.js, forwardDeadSubject(output), JSON.stringify({ output, alert_id: d.item.alert.id, rev: d.item.alert.rev, reason: d.reason, attempts: d.attempts }), `fwd.${forwardDigest(output)}.${d.item.key}`);
      }
      const last = items[items.length - 1];
      while (held.length && last && held[0].item.key <= last.key) await held.shift()!.m.ackAck();
      await refresh();
    },
    // peek waits on the server (a fetch at the tail stays open): nothing to wait for here
    changed: async () => undefined,
    pending: () => pending,
    deadCount: () => dead,
  };
}

/** `status`: each forwarding consumer's backlog and dead letters */
export async function forwardStatus(bus: Bus): Promise<{ output: string; pending: number; dead: number }[]> {
  const out: { output: string; pending: number; dead: number }[] = [];
  const s = await bus.jsm.streams.info(STREAMS.dead.name, { subjects_filter: 'ct.dead.forward.>' });
  const deadBy = (s.state.subjects ?? {}) as Record<string, number>;
  for await (const ci of bus.jsm.consumers.list(STREAMS.alerts.name)) {
    if (!ci.name.startsWith('ct_fwd_')) continue;
    const output = (ci.config.description ?? '').replace(/^ciphertrail forward /, '');
    out.push({ output, pending: ci.num_pending + ci.num_ack_pending, dead: deadBy[`ct.dead.forward.${ci.name.slice('ct_fwd_'.length)}`] ?? 0 });
  }
  return out.sort((a, b) => (a.output < b.output ? -1 : 1));
}
