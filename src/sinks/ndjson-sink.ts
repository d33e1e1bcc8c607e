// Alerts v1 as NDJSON, one object per line (../shared/spec/alerts-v1.md).
import type { Writable } from 'node:stream';
import type { Alert } from '../model/index.js';
import type { Sink } from './sink.js';
import { StreamWriter } from './stream-writer.js';

export class NdjsonSink implements Sink {
  private readonly w: StreamWriter;
  constructor(out: Writable, private readonly closeStream = false) { this.w = new StreamWriter(out); }
  write(alert: Alert): void { this.w.line(JSON.stringify(alert)); }
  close(): Promise<void> { return this.w.end(this.closeStream); }
}
