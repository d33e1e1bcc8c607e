// Collects one file's telemetry v1 events, issues and notes. Stamps the envelope (device, app,
// src) and, once the events are in time order, ids `<src>-<n>` so evidence references are stable.
import type { Issue } from '../../model/index.js';

export type Body = Record<string, unknown>;

/** issues kept per file; past it, one summary issue counts the rest */
export const ISSUE_CAP = 200;

const DEVICE_SCOPED = new Set(['device.state', 'user.interaction']);

export class EventSink {
  private readonly pending: { ts: number; seq: number; type: string; body: Body }[] = [];
  readonly issues: Issue[] = [];
  readonly notes: string[] = [];
  private droppedIssues = 0;
  /** what the events emitted from now on were derived from, when it is another file of the same
   *  sandbox run (`pcap`: a report's network section; `droidmon`: a report's copy of droidmon.log):
   *  the run merge drops them when that file is read too (ingest/merge-runs.ts) */
  via: string | undefined;

  constructor(readonly src: string, readonly file: string, readonly device: string, readonly app: string) {}

  emit(ts: number, type: string, body: Body = {}): void {
    this.pending.push({ ts: Math.round(ts), seq: this.pending.length, type, body: this.via ? { ...body, via: this.via } : body });
  }

  get count(): number { return this.pending.length; }

  issue(code: string, message: string, at: { line?: number; field?: string } = {}): void {
    if (this.issues.length >= ISSUE_CAP) { this.droppedIssues++; return; }
    const i: Issue = { code, message, file: this.file };
    if (at.line !== undefined) i.line = at.line;
    if (at.field !== undefined) i.field = at.field;
    this.issues.push(i);
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** events in time order (stable), with ids; issues with the overflow count */
  finish(): { events: Body[]; issues: Issue[]; notes: string[] } {
    const sorted = [...this.pending].sort((a, b) => a.ts - b.ts || a.seq - b.seq);
    const events = sorted.map((p, i) => ({
      ts: p.ts, device: this.device, ...(DEVICE_SCOPED.has(p.type) ? {} : { app: this.app }), type: p.type,
      ...p.body, src: this.src, id: `${this.src}-${i + 1}`,
    }));
    const issues = [...this.issues];
    if (this.droppedIssues > 0) issues.push({ code: 'too_many_issues', message: `${this.droppedIssues} more issue(s) not listed`, file: this.file });
    return { events, issues, notes: [...this.notes] };
  }
}
