// Checkpoints in a JetStream object store: one object per partition (and one for the fleet
// stage) holding the engine state together with the stream sequence it reflects. Writing both in
// one object makes them change together: a replacement worker restores the state and resumes
// the stream right after that sequence, so no event is lost and none is applied twice.
import type { ObjectStore } from '@nats-io/obj';
import { serialize, deserialize } from 'node:v8';

export interface Checkpoint {
  seq: number; state: Uint8Array;
  /** the lease epoch it was written under (absent: a static owner) */
  epoch?: number;
  /** it stands right after an end-of-input marker */
  ended?: boolean;
  /** events the partition has applied up to `seq` (status counts on from it) */
  events?: number;
}

export class CheckpointStore {
  /** the stream sequence of each checkpoint as stored now (loaded or written by this process) */
  readonly stored = new Map<string, number>();
  constructor(private readonly obj: ObjectStore) {}

  /** retried for a minute like a save: a worker that takes a partition or the fleet stage over
   *  while its connection is busy (or dropped as a slow consumer) must not fail on a timeout */
  async load(name: string): Promise<Checkpoint | undefined> {
    let bytes: Uint8Array | null;
    for (let attempt = 0; ; attempt++) {
      try { bytes = await this.obj.getBlob(name); break; } catch (e) {
        if (attempt >= 60) throw new Error(`checkpoint ${name}: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    if (!bytes) return undefined;
    const c = deserialize(bytes) as Checkpoint;
    if (!Number.isInteger(c?.seq) || !(c.state instanceof Uint8Array)) throw new Error(`checkpoint ${name} is damaged`);
    this.stored.set(name, c.seq);
    return c;
  }

  /** retried for a minute (a server restart), then the error ends the worker: its replacement
   *  resumes from the previous checkpoint, which stays valid */
  async save(name: string, c: Checkpoint): Promise<void> {
    const bytes = serialize(c);
    for (let attempt = 0; ; attempt++) {
      // (the epoch also in the description: a watcher of the bucket sees who wrote what, unread)
      try { await this.obj.putBlob({ name, ...(c.epoch !== undefined ? { description: `epoch ${c.epoch}` } : {}) }, bytes); this.stored.set(name, c.seq); return; } catch (e) {
        if (attempt >= 60) throw new Error(`checkpoint ${name}: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** "p2 not checkpointed since stream sequence 40 (processed to 95)", or undefined if it is */
  lag(name: string, label: string, processed: number): string | undefined {
    const at = this.stored.get(name) ?? 0;
    return processed > at ? `${label} not checkpointed since stream sequence ${at} (processed to ${processed})` : undefined;
  }
}
