// The serve --nats journal on a real SQLite file: where the cursor starts, which batches a restart
// finds, what is forgotten once the cursor passes it, and a start without NATS.
import { describe, expect, test } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from './db.js';
import { EventsStore } from './events-store.js';
import { NatsOutboxStore } from './nats-outbox-store.js';
import type { Accepted, TelemetryEvent } from '../model/index.js';

const ev = (i: number): Accepted => {
  const event = { v: 1, type: 'net.send', ts: 1000 + i, device: `d${i % 3}`, app: 'a', id: `e${i}`, dst_host: 'x.example' } as unknown as TelemetryEvent;
  return { event, ts: event.ts, ref: `e${i}`, source: { file: 'f', line: i } } as Accepted;
};

describe('nats outbox store', () => {
  test('the cursor starts at the newest stored event; batches and events after it are what a restart sees', () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'ct-outbox-')), 'x.db'));
    const events = new EventsStore(db);
    const seqs: number[] = [];
    events.insertBatch([1, 2, 3].map(ev), 0, seqs);
    const o = new NatsOutboxStore(db);
    expect(o.cursor()).toBe(seqs[2]); // history before NATS mode is not the workers'
    const more: number[] = [];
    events.insertBatch([4, 5, 6, 7].map(ev), 0, more);
    expect([...o.eventsAfter(o.cursor(), 2)].map((e) => e.seq)).toEqual(more); // paged
    o.transaction(() => { o.recorded(1, more[0], more[1]); o.recorded(2, more[2], more[2]); });
    o.acked(1, more[0]);
    expect(o.batches().map((b) => [b.partition, b.acked])).toEqual([[1, 1], [2, 0]]);
    expect(o.eventsBetween(more[0], more[1]).map((e) => JSON.parse(e.json).id)).toEqual(['e4', 'e5']);
    // the cursor passes an acknowledged batch: forgotten; an unacknowledged one stays
    o.advance(more[2]);
    expect(o.cursor()).toBe(more[2]);
    expect(o.batches().map((b) => b.partition)).toEqual([2]);
    o.advance(more[0]); // never backwards
    expect(o.cursor()).toBe(more[2]);
    // a start without NATS: the next NATS start begins from the newest again
    o.forget();
    expect(o.batches()).toEqual([]);
    expect(o.cursor()).toBe(more[3]);
    db.close();
  });
});
