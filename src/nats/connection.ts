// Connection and the JetStream layout ciphertrail uses. Streams are created when missing, so the
// first publisher or worker on an empty server sets everything up; the partition count is fixed
// at that moment (kept in the KV bucket) and every later process must agree with it.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type PubAck } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { Objm, setSha256Backend, type ObjectStore } from '@nats-io/obj';
import type { MsgHdrs } from '@nats-io/transport-node';
import { CiphertrailError } from '../model/index.js';

// the object store hashes every checkpoint (SHA-256); its default pure-JS hasher held the event
// loop ~15 ms per MB of state, on the worker's message path: node:crypto does it natively
setSha256Backend('native');

export const STREAMS = {
  tel: { name: 'CT_TEL', subjects: ['ct.tel.>'] },
  fleet: { name: 'CT_FLEET', subjects: ['ct.fleet.>'] },
  alerts: { name: 'CT_ALERTS', subjects: ['ct.alerts'] },
  dead: { name: 'CT_DEAD', subjects: ['ct.dead.>'] },
  /** every device's key uses, extracted by `publish` (key-uses.ts), read whole by every worker */
  uses: { name: 'CT_USES', subjects: ['ct.uses'] },
} as const;
export const KV_BUCKET = 'ct_state';
export const OBJ_BUCKET = 'ct_ckpt';
/** how long JetStream remembers a Nats-Msg-Id: a re-publish (or a replayed output) within it is dropped */
export const DUPLICATE_WINDOW_NS = 10 * 60 * 1e9;

export interface Bus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  kv: KV;
  obj: ObjectStore;
  partitions: number;
  /** shared by every pull request on this connection (see PullBudget) */
  pulls: PullBudget;
}

/** bytes that the pull requests of one connection may ask for at once. nats-server disconnects a
 *  client as a slow consumer once more than its max_pending (64 MB by default) waits to be written
 *  to it: 4 partitions pulling 64 uncompressed 2000-line batches (~0.5 MB each) asked for ~120 MB,
 *  and every disconnect cost a 5 s publish-ack timeout (measured: a 1 M-event drain 3 s → 9-12 s;
 *  what a drop loses in flight is pull.ts's delivery-sequence check). Each pull gets an equal
 *  share, which pull.ts turns into a message count. */
export class PullBudget {
  private active = 0;
  constructor(readonly total: number) {}
  join(): () => void { this.active++; let left = false; return () => { if (!left) { left = true; this.active--; } }; }
  share(): number { return Math.floor(this.total / Math.max(1, this.active)); }
}
/** half the server's default max_pending: room for publish acks and KV traffic on the same socket */
export const PULL_BUDGET_BYTES = 32 * 1024 * 1024;

export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  try {
    return await connect({ servers: url.split(','), name, maxReconnectAttempts: -1, reconnectTimeWait: 250, timeout: 5000 });
  } catch (e) {
    throw new CiphertrailError('nats_connect', `cannot connect to NATS at ${url}: ${(e as Error).message}`);
  }
}

/** streams, KV and object store; `partitions` is the count to create with (undefined: read the
 *  existing one), `replicas` the JetStream replication of what this call creates (3 on a cluster) */
export async function openBus(url: string, name: string, partitions?: number, replicas = 1): Promise<Bus> {
  const nc = await connectNats(url, name);
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  for (const s of Object.values(STREAMS)) {
    try { await jsm.streams.info(s.name); }
    catch { await jsm.streams.add({ name: s.name, subjects: [...s.subjects], duplicate_window: DUPLICATE_WINDOW_NS, num_replicas: replicas }); }
  }
  const kv = await new Kvm(js).create(KV_BUCKET, { replicas });
  const obj = await new Objm(js).create(OBJ_BUCKET, { replicas });
  const saved = await kv.get('config.partitions');
  let n = saved?.operation === 'PUT' ? Number(saved.string()) : undefined;
  if (n === undefined) {
    if (partitions === undefined) partitions = 8;
    await kv.create('config.partitions', String(partitions)).catch(() => undefined);
    n = Number((await kv.get('config.partitions'))!.string());
  }
  if (partitions !== undefined && partitions !== n) {
    await nc.close();
    throw new CiphertrailError('nats_setup', `NATS at ${url} is set up with ${n} partitions, not ${partitions}`);
  }
  return { nc, js, jsm, kv, obj, partitions: n, pulls: new PullBudget(PULL_BUDGET_BYTES) };
}

/** publish until the stream has it: after a server restart the same Nats-Msg-Id makes a retry harmless */
export async function publishSure(js: JetStreamClient, subject: string, data: Uint8Array | string, msgID: string, headers?: MsgHdrs): Promise<PubAck> {
  let wait = 100;
  for (let attempt = 0; ; attempt++) {
    try {
      return await js.publish(subject, data, { msgID, ...(headers ? { headers } : {}), timeout: 5000 });
    } catch (e) {
      if (attempt >= 120) throw new Error(`publish to ${subject} failed ${attempt} times: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 1000);
    }
  }
}

/** publishes pipelined (many in flight); `flush` resolves once every publish added before it
 *  is acknowledged (whoever else is waiting), and throws if any of them failed for good */
export class Outbox {
  private readonly inflight = new Set<Promise<unknown>>();
  private failed: Error | undefined;
  constructor(private readonly js: JetStreamClient, private readonly window = 512) {}
  get pending(): number { return this.inflight.size; }
  async add(subject: string, data: Uint8Array | string, msgID: string, headers?: MsgHdrs, onAck?: () => void): Promise<void> {
    const p: Promise<unknown> = publishSure(this.js, subject, data, msgID, headers).then(
      () => { this.inflight.delete(p); onAck?.(); },
      (e: unknown) => { this.failed ??= e as Error; this.inflight.delete(p); },
    );
    this.inflight.add(p);
    if (this.inflight.size >= this.window) await this.flush();
  }
  async flush(): Promise<void> {
    await Promise.all([...this.inflight]);
    if (this.failed) throw this.failed;
  }
}
