// The fleet stage as a service: reads ct.fleet.> (key notes on ct.fleet.k.<shard>, held chains and
// progress on ct.fleet.p.<p>) into a FleetStage, which puts each partition's pieces back in order, publishes the chains it finalizes to the alerts
// stream, and checkpoints its state with the fleet-stream sequence like a partition worker.
import { DeliverPolicy } from '@nats-io/jetstream';
import { deserialize } from 'node:v8';
import type { Policy } from '../model/index.js';
import { Outbox, STREAMS, type Bus } from './connection.js';
import { CheckpointStore } from './checkpoint-store.js';
import { FleetStage } from './fleet-stage.js';
import type { FleetPiece } from './fleet-messages.js';
import { publishAlert, type Fence } from './partition-worker.js';
import { pullEach } from './pull.js';
import { trackUnfinished } from './unfinished.js';

export interface AggregatorOptions {
  id: string; policy: Policy; lateness: number; checkpointMs: number; untilEnd: boolean; log: (line: string) => void;
  /** the lease it runs under (elected among the workers): lost, it stops and writes nothing */
  fence?: Fence;
}

export async function runAggregator(bus: Bus, o: AggregatorOptions, stop: Promise<void>): Promise<{ alerts: number }> {
  const store = new CheckpointStore(bus.obj);
  const out = new Outbox(bus.js);
  const ck = await store.load('fleet');
  let alerts = 0;
  const stage = new FleetStage({ policy: o.policy, lateness: o.lateness, partitions: bus.partitions, onAlert: (a) => { alerts++; void publishAlert(out, a, true); } }, ck?.state);
  let seq = ck?.seq ?? 0;
  if (ck) o.log(`fleet stage: resumed from checkpoint at stream sequence ${ck.seq}`);
  // (informational, for status: a busy connection's timeout must not stop the stage)
  await bus.kv.put('owner.fleet', JSON.stringify({ owner: o.id, since: new Date().toISOString() })).catch(() => undefined);
  let stopped = false;
  void stop.then(() => { stopped = true; });
  let last = Date.now(), pending = 0;
  let fenced = false;
  const lost = async (): Promise<boolean> => {
    if (!o.fence || o.fence.trusted() || await o.fence.confirm()) return false;
    fenced = stopped = true;
    return true;
  };
  const checkpoint = async () => {
    await out.flush();
    if (await lost()) return;
    await store.save('fleet', { seq, state: stage.snapshot(), ...(o.fence ? { epoch: o.fence.epoch } : {}) });
    last = Date.now();
  };
  const report = () => bus.kv.put('status.fleet', JSON.stringify({ owner: o.id, seq, pending, held: stage.held, waiting: stage.waiting, dropped: stage.dropped, progress: Number.isFinite(stage.globalProgress) ? stage.globalProgress : stage.globalProgress > 0 ? 'end' : 'none', updated: new Date().toISOString() })).catch(() => undefined);
  const timer = setInterval(() => void report(), 1000);
  const untrack = trackUnfinished(() => store.lag('fleet', 'fleet stage', seq));
  try {
    await pullEach({
      open: (from) => bus.js.consumers.get(STREAMS.fleet.name, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from }),
      budget: bus.pulls, maxPayload: bus.nc.info?.max_payload,
      processed: () => seq,
      behind: async () => (await bus.jsm.streams.info(STREAMS.fleet.name)).state.last_seq > seq,
      stopped: () => stopped,
      onMsg: async (m) => {
        if (await lost()) return true;
        stage.accept(deserialize(m.data) as FleetPiece);
        seq = m.seq;
        pending = m.info.pending;
        const done = o.untilEnd && stage.globalProgress === Infinity && stage.held === 0;
        if (done || Date.now() - last >= o.checkpointMs) await checkpoint();
        return done;
      },
    });
  } finally {
    clearInterval(timer);
  }
  if (!fenced) { await checkpoint(); await report(); }
  untrack();
  return { alerts };
}
