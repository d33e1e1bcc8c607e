import { describe, expect, it } from 'vitest';
import { acceptLine, LineEvent } from './accept-line.js';
import { parseLine } from './parse-line.js';

const env = { ts: 1732430000000, device: 'd-01', app: 'com.flash.tools', id: 'e1', src: 'frida' };
/** valid lines of several types (with and without id, app, RFC 3339 ts) and every kind of bad one */
const LINES: string[] = [
  JSON.stringify({ ...env, type: 'net.send', bytes_out: 5, dst_host: 'h', dst_port: 443, payload: { format: 'json', entropy: 5.9 } }),
  JSON.stringify({ ...env, type: 'crypto.op', alg: 'AES', dir: 'encrypt', key_fp: 'ab' }),
  JSON.stringify({ ...env, id: undefined, type: 'crypto.key', key_fp: 'ab', alg: 'AES' }),
  JSON.stringify({ ...env, app: undefined, type: 'device.state', screen: 'off' }),
  JSON.stringify({ ...env, app: undefined, type: 'user.interaction' }),
  JSON.stringify({ ...env, ts: '2024-11-24T06:33:20.100Z', type: 'app.state', state: 'service' }),
  JSON.stringify({ ...env, type: 'app.info', permissions: ['a', 'b'] }),
  JSON.stringify({ ...env, type: 'app.info', permissions: ['a', 1] }),
  JSON.stringify({ ...env, type: 'app.state' }),
  JSON.stringify({ ...env, app: '', type: 'app.state', state: 'service' }),
  JSON.stringify({ ...env, device: 7, type: 'app.state', state: 'service' }),
  JSON.stringify({ ...env, ts: 'yesterday', type: 'app.state', state: 'service' }),
  JSON.stringify({ ...env, type: 'no.such' }),
  JSON.stringify({ ...env, type: undefined }),
  JSON.stringify({ ...env, v: 2, type: 'app.state', state: 'service' }),
  '{"ts":1,', '', '   ', 'null', '7', '"x"', '[1,2]', '{}',
];

describe('acceptLine', () => {
  it('says what parseLine says, unwrapped, for valid, bad and blank lines', () => {
    LINES.forEach((text, i) => {
      const line = i + 1;
      const want = parseLine(text, { file: '/data/in.ndjson', line });
      const got = acceptLine(text, '/data/in.ndjson', line);
      if (want.ok === 'skip') expect(got).toBeUndefined();
      else if (want.ok === false) expect({ text, got }).toEqual({ text, got: want.issue });
      else {
        expect(got).toBeInstanceOf(LineEvent);
        const a = got as LineEvent;
        // the same fields as normalizeEvent's wrapper, source made on demand
        expect({ text, a: { event: a.event, ts: a.ts, ref: a.ref, source: a.source, kind: a.kind, device: a.device, app: a.app } })
          .toEqual({ text, a: want.accepted });
      }
    });
  });

  it('takes ts, device and app of the event it accepts, not of the one before', () => {
    const a = acceptLine(JSON.stringify({ ...env, device: 'first', type: 'crypto.op', alg: 'AES', dir: 'encrypt' }), 'f', 1) as LineEvent;
    const b = acceptLine(JSON.stringify({ ts: 9, device: 'second', type: 'user.interaction' }), 'f', 2) as LineEvent;
    expect([a.device, a.app, a.ts]).toEqual(['first', env.app, env.ts]);
    expect([b.device, b.app, b.ts, b.ref]).toEqual(['second', undefined, 9, 'f:2']);
  });
});
