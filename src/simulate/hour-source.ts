// Where the fleet writer gets each slice's hours from: the same thread (always available), or a
// worker thread running fleet-worker.js (only when running compiled JavaScript). Both produce the
// same bytes; workers let generation use more cores while the main thread merges and writes.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FleetSlice, type PackedHour, type SliceSpec } from './fleet-slice.js';

export interface HourSource {
  hour(h: number): Promise<PackedHour>;
  close(): Promise<void>;
}

export class LocalSource implements HourSource {
  private readonly slice: FleetSlice;
  constructor(spec: SliceSpec) { this.slice = new FleetSlice(spec); }
  hour(h: number): Promise<PackedHour> { return Promise.resolve(this.slice.hour(h)); }
  async close(): Promise<void> {}
}

/** a worker computing hours ahead of the writer (up to `ahead` requested at once) */
export class WorkerSource implements HourSource {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (p: PackedHour) => void; reject: (e: Error) => void }>();
  private readonly done = new Map<number, PackedHour>();
  private requested = 0;
  private failure: Error | undefined;

  constructor(script: URL, spec: SliceSpec, private readonly hours: number, private readonly ahead = 2) {
    this.worker = new Worker(script, { workerData: spec });
    this.worker.on('message', (m: PackedHour & { h: number }) => {
      const w = this.waiting.get(m.h);
      const p: PackedHour = { texts: m.texts, counts: m.counts, lens: m.lens, keys: m.keys };
      if (w) { this.waiting.delete(m.h); w.resolve(p); } else this.done.set(m.h, p);
    });
    const fail = (e: Error) => {
      this.failure ??= e;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => { if (code !== 0) fail(new Error(`fleet worker exited with code ${code}`)); });
    this.top(0);
  }

  private top(h: number): void {
    while (this.requested < Math.min(this.hours, h + this.ahead)) this.worker.postMessage(this.requested++);
  }

  hour(h: number): Promise<PackedHour> {
    if (this.failure) return Promise.reject(this.failure);
    this.top(h + 1);
    const ready = this.done.get(h);
    if (ready) { this.done.delete(h); return Promise.resolve(ready); }
    return new Promise((resolve, reject) => this.waiting.set(h, { resolve, reject }));
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

/** the compiled worker script beside this module, or undefined when running from TypeScript sources */
export function workerScript(): URL | undefined {
  const url = new URL('./fleet-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.js')) return undefined;
  try {
    return existsSync(fileURLToPath(url)) ? url : undefined;
  } catch {
    return undefined;
  }
}
