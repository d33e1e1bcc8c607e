import { describe, expect, it } from 'vitest';
import { acceptLine, LineEvent } from './accept-line.js';
import { MAX_DEPTH } from './input-limits.js';
import { normalizeEvent } from './normalize-event.js';
import { isForbiddenName, mayFailScreen, screenEvent } from './screen-event.js';

const env = { ts: 1732430000000, device: 'd-01', app: 'com.flash.tools' };
const send = { ...env, type: 'net.send', bytes_out: 5, dst_host: 'h', payload: { format: 'json', entropy: 5.9 } };

/** `{"x":{"x":...}}` with `depth` objects */
function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { x: v };
  return v;
}

describe('screenEvent: depth', () => {
  it('accepts an event nested exactly MAX_DEPTH deep', () => {
    expect(screenEvent({ ...send, extra: nested(MAX_DEPTH - 1) })).toBeUndefined();
  });

  it('rejects one level more, naming the path', () => {
    const p = screenEvent({ ...send, extra: nested(MAX_DEPTH) });
    expect(p).toMatchObject({ code: 'too_deep', message: expect.stringContaining(`deeper than ${MAX_DEPTH}`) });
    expect(p!.field).toBe('extra' + '.x'.repeat(MAX_DEPTH - 1));
  });

  it('counts arrays as levels and names their indexes', () => {
    let v: unknown = [];
    for (let i = 0; i < MAX_DEPTH; i++) v = [0, v];
    expect(screenEvent({ ...send, extra: v })).toMatchObject({ code: 'too_deep', field: 'extra' + '[1]'.repeat(MAX_DEPTH - 1) });
  });

  it('D2: a line nested 100,000 deep is one rejected line, never a stack overflow', () => {
    const line = JSON.stringify(send).slice(0, -1) + ',"extra":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const r = acceptLine(line, 'f.ndjson', 3);
    expect(r).toMatchObject({ code: 'too_deep', file: 'f.ndjson', line: 3 });
    expect(normalizeEvent(JSON.parse(line), { file: 'f', line: 1 })).toMatchObject({ ok: false, issue: { code: 'too_deep' } });
  });
});

describe('screenEvent: forbidden fields', () => {
  it.each([
    ['key', { ...env, type: 'crypto.key', key_fp: 'ab', alg: 'AES', key: '00112233' }, 'key'],
    ['key_hex', { ...env, type: 'crypto.key', key_fp: 'ab', alg: 'AES', key_hex: '00112233' }, 'key_hex'],
    ['raw_key_b64', { ...env, type: 'crypto.key', key_fp: 'ab', alg: 'AES', raw_key_b64: 'AAEC' }, 'raw_key_b64'],
    ['plaintext', { ...env, type: 'crypto.op', alg: 'AES', dir: 'encrypt', plaintext: 'hello' }, 'plaintext'],
    ['iv', { ...env, type: 'crypto.op', alg: 'AES', dir: 'encrypt', iv: '0011' }, 'iv'],
    ['body', { ...send, body: 'contacts=...' }, 'body'],
    ['payload.sample', { ...send, payload: { format: 'json', sample: '{"sms":"..."}' } }, 'payload.sample'],
    ['any case, any depth', { ...send, extra: [{ deep: { PlainText: 'x' } }] }, 'extra[0].deep.PlainText'],
  ])('%s', (_name, value, field) => {
    const p = screenEvent(value);
    expect(p).toMatchObject({ code: 'forbidden_field', field });
    // the reason never quotes the value
    expect(JSON.stringify(p)).not.toMatch(/00112233|AAEC|hello|contacts=|sms/);
    const line = JSON.stringify(value);
    expect(mayFailScreen(line)).toBe(true);
    expect(acceptLine(line, 'f.ndjson', 9)).toMatchObject({ code: 'forbidden_field', field, line: 9 });
  });

  it('a line that is not JSON but names a forbidden field is not quoted back', () => {
    const r = acceptLine('{"device":"d","iv": 00ff11, "key" : 0xDEADBEEF}', 'f', 4);
    expect(r).toMatchObject({ code: 'forbidden_field', line: 4 });
    expect(JSON.stringify(r)).not.toContain('DEADBEEF');
    expect(acceptLine('{"ts": oops}', 'f', 5)).toMatchObject({ code: 'not_json' });
  });

  it('a name spelled with \\u escapes is still found', () => {
    const line = JSON.stringify({ ...env, type: 'crypto.op', alg: 'AES', dir: 'encrypt' }).slice(0, -1) + ',"\\u006bey":"0011"}';
    expect(acceptLine(line, 'f', 1)).toMatchObject({ code: 'forbidden_field', field: 'key' });
  });

  it('fingerprints and the contract fields pass; a forbidden word inside a value does not matter', () => {
    expect(isForbiddenName('key_fp')).toBe(false);
    expect(isForbiddenName('iv_fp')).toBe(false);
    expect(isForbiddenName('RAW_KEY_anything')).toBe(true);
    const line = JSON.stringify({ ...env, type: 'crypto.op', alg: 'AES', dir: 'encrypt', key_fp: 'ab', iv_fp: 'cd', api: 'says "key": no' });
    expect(acceptLine(line, 'f', 1)).toBeInstanceOf(LineEvent);
  });
});
