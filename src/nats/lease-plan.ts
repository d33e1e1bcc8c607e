// What a worker should hold, decided from what it read in the KV bucket: the live members, the
// state of each lease, and this member's fair share. Pure: ages come from the server's own
// timestamps on the entries (the time of this member's latest heartbeat is "now"), so the
// workers' clocks never have to agree.

/** a lease as stored: `owner` null once released (the epoch stays, so the next one is higher) */
export interface LeaseValue { owner: string | null; instance: string; epoch: number }
/** a member's heartbeat: `fleet` when it may run the fleet stage */
export interface MemberValue { id: string; instance: string; fleet: boolean }

export interface Entry<T> { value: T; revision: number; createdMs: number }

export type LeaseView =
  | { kind: 'free'; epoch: number; revision: number | undefined }
  | { kind: 'held'; owner: string; instance: string; epoch: number; revision: number; ageMs: number };

/** free when absent, released, expired (no renewal for a TTL), or held by an earlier run of this
 *  member (same id, other instance: a restarted worker takes its partitions back at once) */
export function viewOf(e: Entry<LeaseValue> | undefined, nowMs: number, ttlMs: number, me: { id: string; instance: string }): LeaseView {
  if (!e) return { kind: 'free', epoch: 0, revision: undefined };
  const v = e.value;
  const ageMs = Math.max(0, nowMs - e.createdMs);
  if (v.owner === null || ageMs > ttlMs || (v.owner === me.id && v.instance !== me.instance)) return { kind: 'free', epoch: v.epoch, revision: e.revision };
  return { kind: 'held', owner: v.owner, instance: v.instance, epoch: v.epoch, revision: e.revision, ageMs };
}

/** member ids whose heartbeat is younger than a TTL, sorted (every member sorts them alike) */
export function liveMembers(members: Entry<MemberValue>[], nowMs: number, ttlMs: number): string[] {
  const ids = new Set<string>();
  for (const m of members) if (nowMs - m.createdMs <= ttlMs) ids.add(m.value.id);
  return [...ids].sort();
}

/** partitions this member may hold: an equal share, the first `P mod n` members one more */
export function quotaOf(me: string, live: string[], partitions: number): number {
  const members = live.includes(me) ? live : [...live, me].sort();
  const i = members.indexOf(me);
  const base = Math.floor(partitions / members.length);
  return base + (i < partitions % members.length ? 1 : 0);
}

export interface Plan { acquire: number[]; release: number[] }

/** sticky: keep what is held up to the quota, release the highest extras, take free partitions
 *  (lowest first) up to the quota. Applied by every member, it converges to the fair split
 *  without a coordinator; a partition some member holds over its quota is released by it. */
export function planPartitions(quota: number, mine: number[], views: LeaseView[]): Plan {
  const held = [...mine].sort((a, b) => a - b);
  if (held.length > quota) return { acquire: [], release: held.slice(quota).reverse() };
  const acquire: number[] = [];
  for (let p = 0; p < views.length && held.length + acquire.length < quota; p++) {
    if (views[p].kind === 'free' && !held.includes(p)) acquire.push(p);
  }
  return { acquire, release: [] };
}

/** KV keys allow [-/_=.a-zA-Z0-9]: a worker id such as "host:1234" is escaped (= and hex) */
export function keySafe(id: string): string {
  return id.replace(/[^-/_.a-zA-Z0-9]/g, (c) => '=' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}
