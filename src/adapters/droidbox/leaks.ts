// dataleaks (TaintDroid) -> data.access: each tag on a leak (TAINT_IMEI, TAINT_LOCATION_GPS...)
// says which collected data reached the sink. servicestart -> app.state service.
import type { EventSink } from '../shared/event-sink.js';
import { categoryOfTaintTag } from '../shared/data-categories.js';
import { entriesOf, str } from './sections.js';

export function emitLeaks(doc: Record<string, unknown>, sink: EventSink): number {
  let n = 0;
  for (const { ts, value: v, field } of entriesOf(doc, 'dataleaks', sink)) {
    const raw = v.tag;
    const tags = Array.isArray(raw) ? raw.filter((t): t is string => typeof t === 'string') : typeof raw === 'string' ? raw.split(/[|,\s]+/) : [];
    const categories = new Set<string>();
    for (const t of tags) {
      const c = categoryOfTaintTag(t);
      if (c) categories.add(c);
      else if (t) sink.issue('unknown_tag', `taint tag ${JSON.stringify(t)} has no data category: counted as other`, { field: `${field}.tag` });
    }
    if (categories.size === 0 && tags.length) categories.add('other');
    for (const category of categories) { n++; sink.emit(ts, 'data.access', { category, items: 1 }); }
  }
  return n;
}

export function emitServices(doc: Record<string, unknown>, sink: EventSink): number {
  const starts = entriesOf(doc, 'servicestart', sink).filter((e) => str(e.value.name) !== undefined || e.value.type === 'service');
  // the state holds until the next app.state: one `service` per start is enough, repeats say nothing new
  let last = -Infinity;
  for (const s of starts) if (s.ts !== last) { sink.emit(s.ts, 'app.state', { state: 'service' }); last = s.ts; }
  return starts.length;
}
