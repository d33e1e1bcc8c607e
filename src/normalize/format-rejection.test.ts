import { describe, expect, it } from 'vitest';
import { formatRejection } from './format-rejection.js';
import { normalizeEvent } from './normalize-event.js';
import { parseLine } from './parse-line.js';

describe('formatRejection', () => {
  it('prints file:line: code [field]: message', () => {
    const r = normalizeEvent({ ts: 1, device: 'd', app: 'a', type: 'net.send', dst_host: 'h', bytes_out: '12' }, { file: 'events.ndjson', line: 17 });
    if (r.ok !== false) throw new Error('not rejected');
    expect(formatRejection(r.issue)).toBe('events.ndjson:17: wrong_type [bytes_out]: want a non-negative integer, got "12"');
  });

  it('escapes control characters quoted from the input', () => {
    const r = parseLine('\u001b[31mred\rx', { file: 'f', line: 1 });
    if (r.ok !== false) throw new Error('not rejected');
    const line = formatRejection(r.issue);
    expect(line).toMatch(/^f:1: not_json: /);
    expect(line).not.toMatch(/[\u0000-\u001f]/);
  });
});
