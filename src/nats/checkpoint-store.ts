// Checkpoints in a JetStream object store: one object per partition (and one for the fleet
// stage) holding the engine state together with the stream sequence it reflects. Writing both in
// one object makes them change together: a replacement worker restores the state and resumes
// the stream right after that sequence, so no event is lost and none is applied twice.
import type { ObjectStore } from '@nats-io/obj';
import { serialize, deserialize } from 'node:v8';

export interface Checkpoint { seq: number; state: Uint8Array }

export class CheckpointStore {
  constructor(private readonly obj: ObjectStore) {}

  async load(name: string): Promise<Checkpoint | undefined> {
    const bytes = await this.obj.getBlob(name);
    if (!bytes) return undefined;
    const c = deserialize(bytes) as Checkpoint;
    if (!Number.isInteger(c?.seq) || !(c.state instanceof Uint8Array)) throw new Error(`checkpoint ${name} is damaged`);
    return c;
  }

  async save(name: string, c: Checkpoint): Promise<void> {
    await this.obj.putBlob({ name }, serialize(c));
  }
}
