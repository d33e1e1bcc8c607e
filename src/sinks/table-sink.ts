// Alerts for people: one row per alert, the facets in words, then the summary sentence.
import type { Writable } from 'node:stream';
import type { Alert, FacetName } from '../model/index.js';
import { FACETS } from '../model/index.js';
import type { Sink } from './sink.js';
import { StreamWriter } from './stream-writer.js';
import { facetWords } from '../analytics/index.js';
import { isoTime } from '../model/iso-time.js';

const pad = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s.padEnd(n));

export class TableSink implements Sink {
  private readonly w: StreamWriter;
  private rows = 0;
  constructor(out: Writable, private readonly closeStream = false) { this.w = new StreamWriter(out); }

  write(a: Alert): void {
    if (this.rows++ === 0) this.w.line(`${pad('SEVERITY', 9)} ${pad('SCORE', 5)} ${pad('CONF', 4)} ${pad('DEVICE', 18)} ${pad('APP', 28)} FACETS`);
    const seen = FACETS.filter((f) => a.facets[f as FacetName]);
    const time = isoTime(a.first_ts).replace('.000Z', 'Z');
    this.w.line(`${pad(a.severity.toUpperCase(), 9)} ${pad(String(a.score), 5)} ${pad(a.confidence.toFixed(2), 4)} ${pad(a.device, 18)} ${pad(a.app, 28)} ${facetWords(seen)}${a.inferred ? `, ${facetWords(FACETS.filter((f) => a.inferred![f as FacetName]))} (inferred)` : ''}${a.missing.length ? ` [not visible: ${a.missing.join(', ')}]` : ''}`);
    this.w.line(`          ${time}  ${a.id}  ${a.summary}`);
  }

  async close(): Promise<void> {
    if (this.rows === 0) this.w.line('no alerts');
    else this.w.line(`${this.rows} alert(s)`);
    await this.w.end(this.closeStream);
  }
}
