import { describe, expect, it } from 'vitest';
import { parseLine } from './parse-line.js';

const src = { file: 'events.ndjson', line: 3 };

describe('parseLine', () => {
  it.each(['', '   ', '\t', ' \u00a0 '])('skips blank line %j', (text) => {
    expect(parseLine(text, src)).toEqual({ ok: 'skip' });
  });

  it('rejects invalid JSON with the parser message', () => {
    const r = parseLine('{"ts":1,', src);
    if (r.ok !== false) throw new Error('not rejected');
    expect(r.issue).toMatchObject({ code: 'not_json', file: 'events.ndjson', line: 3 });
    expect(r.issue.field).toBeUndefined();
    expect(r.issue.message).toMatch(/^not valid JSON: .+/);
  });

  it('rejects JSON that is not an object', () => {
    const r = parseLine('[1,2]', src);
    expect(r.ok === false && r.issue.code).toBe('not_object');
  });

  it('accepts a valid event', () => {
    const r = parseLine('{"ts":5,"device":"d","type":"user.interaction"}', src);
    expect(r).toMatchObject({ ok: true, accepted: { ref: 'events.ndjson:3', event: { ts: 5 } } });
  });
});
