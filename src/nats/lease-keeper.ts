// Partition ownership through leases in the KV bucket. Every member heartbeats `member.<id>`; a
// lease `lease.p<N>` (or `lease.fleet`) is taken and renewed only by compare-and-set on the
// entry's revision, so two members can never both succeed. A lease not renewed for a TTL (by the
// server's timestamps) is free; its holder stops trusting it locally well before that (from
// when it sent its last renewal), and re-confirms it by compare-and-set before it writes a
// checkpoint: a worker paused past the TTL finds its partitions gone and writes nothing.
import type { KV, KvEntry } from '@nats-io/kv';
import { randomBytes } from 'node:crypto';
import { keySafe, liveMembers, planPartitions, quotaOf, viewOf, type Entry, type LeaseValue, type LeaseView, type MemberValue } from './lease-plan.js';

export type Resource = number | 'fleet';
export const leaseKey = (r: Resource): string => (r === 'fleet' ? 'lease.fleet' : `lease.p${r}`);

export interface LeaseKeeperOptions {
  kv: KV; id: string; partitions: number; ttlMs: number;
  /** contend for the fleet stage too */
  fleet: boolean;
  log: (line: string) => void;
  /** a held resource to start (its checkpoint's epoch is `epoch`) */
  onAcquire: (r: Resource, epoch: number) => void;
  /** stop it and write its last checkpoint; the lease is released once this resolves */
  onRelease: (r: Resource) => Promise<void>;
  /** it is someone else's now: stop at once, write nothing */
  onLost: (r: Resource) => void;
  /** local monotonic milliseconds (default performance.now) */
  now?: () => number;
}

interface Held { epoch: number; revision: number; renewedAt: number; releasing: boolean; lost: boolean; lock: Promise<unknown> }

/** a renewal sent this long ago (of the TTL) still vouches for the lease locally */
const LOCAL_TRUST = 0.75;

export class LeaseKeeper {
  readonly instance = randomBytes(6).toString('hex');
  private readonly held = new Map<Resource, Held>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private halted = false;
  private readonly now: () => number;
  /** the members seen alive at the last heartbeat */
  live: string[] = [];

  constructor(private readonly o: LeaseKeeperOptions) { this.now = o.now ?? (() => performance.now()); }

  get intervalMs(): number { return Math.max(50, Math.floor(this.o.ttlMs / 4)); }

  /** heartbeats from now on; the first plan comes after one interval, so members started
   *  together see one another before any of them takes partitions */
  async start(): Promise<void> {
    await this.heartbeat();
    this.timer = setInterval(() => { this.ticking = this.ticking.then(() => (this.halted ? undefined : this.round())).catch((e: unknown) => this.o.log(`leases: ${(e as Error).message}`)); }, this.intervalMs);
  }

  /** the partitions held now (not being released, not lost) */
  partitions(): number[] {
    const out: number[] = [];
    for (const [r, h] of this.held) if (r !== 'fleet' && !h.lost && !h.releasing) out.push(r);
    return out.sort((a, b) => a - b);
  }

  /** the last renewal still vouches for the lease (no round trip) */
  trusted(r: Resource): boolean {
    const h = this.held.get(r);
    return !!h && !h.lost && this.now() - h.renewedAt < LOCAL_TRUST * this.o.ttlMs;
  }

  /** renew by compare-and-set: true only if nobody else wrote the lease since our last write.
   *  A request that times out (a busy server or connection) may still have landed: the entry is
   *  read back, and ours (this instance, this epoch) is still held. Not confirmed within a TTL of
   *  the last renewal, it is given up: someone else may hold it by then. */
  async confirm(r: Resource): Promise<boolean> {
    const h = this.held.get(r);
    if (!h || h.lost) return false;
    const run = h.lock.then(async () => {
      while (!h.lost) {
        const sent = this.now();
        try {
          h.revision = await this.o.kv.update(leaseKey(r), this.value(h.epoch), h.revision, this.intervalMs * 2);
          h.renewedAt = sent;
          return true;
        } catch (e) {
          const mine = await this.stillMine(r, h).catch(() => undefined);
          if (mine === false || (mine === undefined && isConflict(e))) { this.lose(r, h); return false; }
          if (mine === true) continue; // our write landed: renew again on the revision read back
          if (this.now() - h.renewedAt >= this.o.ttlMs) { this.lose(r, h, 'not confirmed within the lease TTL'); return false; }
        }
      }
      return false;
    });
    h.lock = run.catch(() => undefined);
    return run;
  }

  /** the entry as stored now is this instance's, same epoch (its revision adopted); undefined:
   *  the read failed too */
  private async stillMine(r: Resource, h: Held): Promise<boolean> {
    const e = await this.o.kv.get(leaseKey(r));
    const v = e?.operation === 'PUT' ? parse<LeaseValue>(e) : undefined;
    const mine = !!v && v.owner === this.o.id && v.instance === this.instance && v.epoch === h.epoch;
    if (mine) h.revision = e!.revision;
    return mine;
  }

  /** stop planning (held leases stay held until released) */
  halt(): void {
    this.halted = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** after the resources stopped: each lease released and the heartbeat removed, so the other
   *  members take over at once instead of after a TTL (best effort: bounded, never retried) */
  async leave(): Promise<void> {
    this.halt();
    await this.ticking.catch(() => undefined);
    for (const [r, h] of this.held) if (!h.lost) await this.release(r, h).catch(() => undefined);
    await this.o.kv.delete(`member.${keySafe(this.o.id)}`).catch(() => undefined);
  }

  private value(epoch: number, owner: string | null = this.o.id): string {
    return JSON.stringify({ owner, instance: this.instance, epoch } satisfies LeaseValue);
  }

  /** writes the heartbeat; the server's timestamp on it is "now" for every age compared to it */
  private async heartbeat(): Promise<number> {
    const key = `member.${keySafe(this.o.id)}`;
    await this.o.kv.put(key, JSON.stringify({ id: this.o.id, instance: this.instance, fleet: this.o.fleet } satisfies MemberValue));
    const e = await this.o.kv.get(key);
    return e ? e.created.getTime() : Date.now();
  }

  private lose(r: Resource, h: Held, why = 'taken over by another worker'): void {
    if (h.lost) return;
    h.lost = true;
    this.held.delete(r);
    this.o.log(`${r === 'fleet' ? 'fleet stage' : `partition ${r}`}: lease lost (${why}); stopped without writing`);
    this.o.onLost(r);
  }

  /** one heartbeat and planning round (the timer runs one every quarter of the TTL) */
  async round(): Promise<void> {
    const nowMs = await this.heartbeat();
    for (const [r, h] of [...this.held]) if (!h.lost) await this.confirm(r);
    const members: Entry<MemberValue>[] = [];
    for await (const k of await this.o.kv.keys('member.>')) {
      const e = await this.o.kv.get(k);
      const v = e && e.operation === 'PUT' ? parse<MemberValue>(e) : undefined;
      if (e && v) members.push({ value: v, revision: e.revision, createdMs: e.created.getTime() });
    }
    this.live = liveMembers(members, nowMs, this.o.ttlMs);
    const me = { id: this.o.id, instance: this.instance };
    const views: LeaseView[] = [];
    for (let p = 0; p < this.o.partitions; p++) views.push(viewOf(await this.entry(p), nowMs, this.o.ttlMs, me));
    const plan = planPartitions(quotaOf(this.o.id, this.live, this.o.partitions), this.partitions(), views);
    for (const p of plan.release) this.startRelease(p);
    for (const p of plan.acquire) await this.acquire(p, views[p]);
    if (this.o.fleet && !this.held.has('fleet')) {
      const v = viewOf(await this.entry('fleet'), nowMs, this.o.ttlMs, me);
      if (v.kind === 'free') await this.acquire('fleet', v);
    }
  }

  private async entry(r: Resource): Promise<Entry<LeaseValue> | undefined> {
    const e = await this.o.kv.get(leaseKey(r));
    const v = e && e.operation === 'PUT' ? parse<LeaseValue>(e) : undefined;
    return e && v ? { value: v, revision: e.revision, createdMs: e.created.getTime() } : undefined;
  }

  private async acquire(r: Resource, v: LeaseView): Promise<void> {
    if (v.kind !== 'free' || this.halted) return;
    const epoch = v.epoch + 1;
    const sent = this.now();
    let revision: number;
    try {
      revision = v.revision === undefined ? await this.o.kv.create(leaseKey(r), this.value(epoch)) : await this.o.kv.update(leaseKey(r), this.value(epoch), v.revision);
    } catch (e) {
      if (isConflict(e)) return; // another member was faster
      throw e;
    }
    this.held.set(r, { epoch, revision, renewedAt: sent, releasing: false, lost: false, lock: Promise.resolve() });
    this.o.log(`${r === 'fleet' ? 'fleet stage' : `partition ${r}`}: lease taken (epoch ${epoch})`);
    this.o.onAcquire(r, epoch);
  }

  private startRelease(r: Resource): void {
    const h = this.held.get(r);
    if (!h || h.releasing || h.lost) return;
    h.releasing = true;
    void this.o.onRelease(r).then(() => this.release(r, h)).then(
      () => this.o.log(`partition ${r}: lease released for rebalancing`),
      (e: unknown) => this.o.log(`partition ${r}: release failed (${(e as Error).message}); the lease expires instead`),
    );
  }

  /** compare-and-set to "released", keeping the epoch */
  private async release(r: Resource, h: Held): Promise<void> {
    const run = h.lock.then(async () => {
      if (h.lost) return;
      await this.o.kv.update(leaseKey(r), this.value(h.epoch, null), h.revision, this.intervalMs * 2);
      this.held.delete(r);
    });
    h.lock = run.catch(() => undefined);
    await run;
  }
}

function parse<T>(e: KvEntry): T | undefined {
  try { return e.json<T>(); } catch { return undefined; }
}

/** a compare-and-set that lost (wrong last sequence, or the key exists) */
function isConflict(e: unknown): boolean {
  const m = String((e as Error)?.message ?? e);
  return /wrong last sequence|key exists|10071|10164/i.test(m);
}
