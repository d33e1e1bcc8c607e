// What a server reads of the engine that serves it: the embedded engine (server/live-engine.ts) and
// the NATS bridge that hands events to workers (nats/server-bridge.ts) both implement it.
import type { Accepted, Policy } from '../model/index.js';

export interface EngineHost {
  /** the policy in force */
  readonly policy: Policy;
  /** newest event time fed */
  readonly newestTs: number;
  /** alert versions stored so far */
  readonly alertUpdates: number;
  /** live (device, app) contexts (0 when the engine runs elsewhere) */
  readonly liveContexts: number;
  /** events held for reordering (0 when the engine runs elsewhere) */
  readonly buffered: number;
  /** new (already committed) events, with their sequence in the events store when it has one */
  feed(xs: Accepted[], seqs?: number[]): void;
  /** a new policy: the engine rebuilt from stored events (and its alerts re-scored when asked) */
  rebuild(policy: Policy, rescore?: boolean): { replayed: number; rescored: number; ms: number };
  /** after the last feed: resolves once everything fed is handed on (the NATS bridge publishes
   *  what it holds and waits for the acknowledgements); rejects saying what was not */
  close(): Promise<void>;
}
