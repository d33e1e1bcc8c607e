// droidmon.threads_tree holds each thread's hooked calls in order, with no time. The calls are
// laid out on one synthesized clock: threads in numeric thread-id order (Linux assigns ids in
// creation order), interleaved round-robin one call at a time, one step per call from the base.
// Order across threads is therefore an assumption; order within a thread is the report's.
import type { JavaCall } from '../shared/java-call.js';
import { callOfDroidmonRecord } from '../shared/droidmon-record.js';
import { syntheticTs } from '../shared/synthetic-time.js';
import type { EventSink } from '../shared/event-sink.js';

export interface ThreadCalls { calls: JavaCall[]; threads: number; endTs: number }

function byThreadId(a: string, b: string): number {
  const x = Number(a), y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function interleaveThreads(tree: unknown, base: number, sink: EventSink): ThreadCalls {
  if (!tree || typeof tree !== 'object' || Array.isArray(tree)) {
    if (tree !== undefined) sink.issue('bad_section', 'droidmon.threads_tree is not an object: no hooked calls read', { field: 'droidmon.threads_tree' });
    return { calls: [], threads: 0, endTs: base };
  }
  const threads = Object.entries(tree as Record<string, unknown>)
    .filter(([tid, list]) => {
      if (Array.isArray(list)) return true;
      sink.issue('bad_section', `thread ${tid} is not a list of calls: skipped`, { field: `droidmon.threads_tree.${tid}` });
      return false;
    })
    .sort((a, b) => byThreadId(a[0], b[0])) as [string, unknown[]][];
  const calls: JavaCall[] = [];
  const longest = threads.reduce((m, [, l]) => Math.max(m, l.length), 0);
  let slot = 0;
  for (let round = 0; round < longest; round++) {
    for (const [tid, list] of threads) {
      if (round >= list.length) continue;
      const rec = list[round];
      const field = `droidmon.threads_tree.${tid}[${round}]`;
      const ts = syntheticTs(base, slot++);
      if (!rec || typeof rec !== 'object' || Array.isArray(rec)) { sink.issue('bad_record', 'hooked call is not an object: skipped', { field }); continue; }
      const call = callOfDroidmonRecord(rec as Record<string, unknown>, ts, { field }, tid);
      if (call) calls.push(call);
      else sink.issue('bad_record', 'hooked call without a method: skipped', { field });
    }
  }
  return { calls, threads: threads.length, endTs: syntheticTs(base, slot) };
}
