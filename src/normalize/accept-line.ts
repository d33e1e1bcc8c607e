// parseLine for the ingest hot path: the same parsing, validation and issues, with ONE object per
// accepted line (besides what JSON.parse makes). parseLine's result wrapper and SourceRef were two
// more short-lived objects per event; every megabyte allocated brings the next scavenge closer,
// and each scavenge copies the engine's whole young window of records again.
import { TYPE_CODES, type Accepted, type SourceRef, type TelemetryEvent } from '../model/event.js';
import type { Issue } from '../model/issue.js';
import { issueAt, lineRef, validateEvent } from './normalize-event.js';
import { notJson } from './parse-line.js';
import { mayFailScreen, screenEvent } from './screen-event.js';
import { lastValid, validFast } from './valid-fast.js';

/** An accepted event of line `line` of `file`; its `source` is made when asked for (rarely:
 *  reports and dead letters use it, the engine does not). */
export class LineEvent implements Accepted {
  constructor(
    readonly event: TelemetryEvent,
    readonly ts: number,
    readonly ref: string,
    readonly kind: number,
    readonly device: string,
    readonly app: string | undefined,
    readonly file: string,
    readonly line: number,
  ) {}

  get source(): SourceRef {
    return { file: this.file, line: this.line };
  }
}

/** The accepted event, the issue of a rejected line, or undefined for a blank line: what
 *  parseLine(text, { file, line }) says, unwrapped. */
export function acceptLine(text: string, file: string, line: number): LineEvent | Issue | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // Blank lines also land here (JSON.parse('') throws), so valid lines pay nothing for the check.
    return text.trim().length === 0 ? undefined : notJson(err, file, line, text);
  }
  if (value !== null && typeof value === 'object') {
    // too deep or a forbidden field: rejected before anything else reads the event
    if (mayFailScreen(text)) {
      const s = screenEvent(value);
      if (s !== undefined) return issueAt(s, file, line);
    }
    // the common case as validateEvent does it (type and id are the only megamorphic loads), with
    // ts, device and app as the per-type check loaded them
    const o = value as Record<string, unknown>;
    const type = o.type;
    const id = o.id;
    const kind = typeof type === 'string' ? TYPE_CODES.get(type) : undefined;
    if (kind !== undefined && validFast(o, kind, id)) {
      const v = lastValid;
      return new LineEvent(value as TelemetryEvent, v.ts, id ? (id as string) : lineRef(file, line), kind, v.device, v.app, file, line);
    }
  }
  // everything else: the full checks word the problem (or accept, e.g. an RFC 3339 ts)
  const kind = validateEvent(value, true);
  if (typeof kind !== 'number') return issueAt(kind, file, line);
  const e = value as TelemetryEvent;
  const id = e.id;
  return new LineEvent(e, e.ts, id ? id : lineRef(file, line), kind, e.device, e.app, file, line);
}
