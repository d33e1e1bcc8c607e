// The keeper's renewals against an in-memory KV with the bucket's compare-and-set semantics (a
// real nats-server cannot be made to time out on cue; test/nats-leases.test.ts runs the real one).
import { describe, it, expect } from 'vitest';
import type { KV } from '@nats-io/kv';
import { LeaseKeeper, type Resource } from './lease-keeper.js';

class MemoryKv {
  rev = 0;
  readonly rows = new Map<string, { value: string; revision: number; created: Date; operation: 'PUT' | 'DEL' }>();
  /** the next update lands but its answer never comes */
  loseNextAnswer = false;
  clock = 0;
  private write(k: string, value: string): number {
    const revision = ++this.rev;
    this.rows.set(k, { value, revision, created: new Date(this.clock), operation: 'PUT' });
    return revision;
  }
  async put(k: string, v: string): Promise<number> { return this.write(k, v); }
  async create(k: string, v: string): Promise<number> {
    if (this.rows.get(k)?.operation === 'PUT') throw new Error('wrong last sequence: key exists');
    return this.write(k, v);
  }
  async update(k: string, v: string, version: number): Promise<number> {
    if (this.rows.get(k)?.revision !== version) throw new Error(`wrong last sequence: ${this.rows.get(k)?.revision}`);
    const r = this.write(k, v);
    if (this.loseNextAnswer) { this.loseNextAnswer = false; throw new Error('TimeoutError: timeout'); }
    return r;
  }
  async get(k: string) {
    const e = this.rows.get(k);
    return e ? { ...e, key: k, string: () => e.value, json: <T>() => JSON.parse(e.value) as T } : null;
  }
  async delete(k: string): Promise<void> { this.rows.delete(k); }
  async keys(filter: string) {
    const prefix = filter.replace(/>$/, '');
    return (async function* (rows: Map<string, unknown>) { for (const k of rows.keys()) if (k.startsWith(prefix)) yield k; })(this.rows);
  }
}

function keeper(kv: MemoryKv, id: string, log: string[] = []) {
  const events: string[] = [];
  let now = 0;
  const k = new LeaseKeeper({
    kv: kv as unknown as KV, id, partitions: 2, ttlMs: 1000, fleet: false, log: (l) => log.push(l), now: () => now,
    onAcquire: (r: Resource, e: number) => events.push(`acquire ${r} ${e}`), onRelease: async () => {}, onLost: (r: Resource) => events.push(`lost ${r}`),
  });
  return { k, events, log, advance: (ms: number) => { now += ms; } };
}

const tick = (k: LeaseKeeper) => k.round();

describe('lease keeper', () => {
  it('takes free leases up to its share, trusts them for ¾ of the TTL, then confirms by compare-and-set', async () => {
    const kv = new MemoryKv();
    const a = keeper(kv, 'a');
    
    await tick(a.k);
    expect(a.events).toEqual(['acquire 0 1', 'acquire 1 1']);
    expect(a.k.trusted(0)).toBe(true);
    a.advance(800);
    expect(a.k.trusted(0)).toBe(false);
    expect(await a.k.confirm(0)).toBe(true);
    expect(a.k.trusted(0)).toBe(true);
  });

  it('a renewal whose answer was lost but which landed is still ours; another\'s write makes it lost', async () => {
    const kv = new MemoryKv();
    const a = keeper(kv, 'a');
    
    await tick(a.k);
    kv.loseNextAnswer = true;
    expect(await a.k.confirm(0)).toBe(true);
    expect(a.events).not.toContain('lost 0');
    // another worker took partition 0 (after the TTL): the next confirmation fails, nothing is written
    await kv.put('lease.p0', JSON.stringify({ owner: 'b', instance: 'x', epoch: 2 }));
    expect(await a.k.confirm(0)).toBe(false);
    expect(a.events).toContain('lost 0');
    expect(a.log.join('\n')).toContain('partition 0: lease lost (taken over by another worker); stopped without writing');
    expect(a.k.partitions()).toEqual([1]);
  });

  it('a worker restarted with the same id takes its leases back at once, under a higher epoch', async () => {
    const kv = new MemoryKv();
    const first = keeper(kv, 'a');
    
    await tick(first.k);
    const again = keeper(kv, 'a');
    
    await tick(again.k);
    expect(again.events).toEqual(['acquire 0 2', 'acquire 1 2']);
    expect(await first.k.confirm(0)).toBe(false);
  });
});
