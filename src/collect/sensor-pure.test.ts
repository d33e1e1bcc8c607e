// The Frida agent's pure pieces (sensor/frida/src, no Frida globals), tested under Node.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toHex, utf8Decode, utf8Encode, utf8Length } from '../../sensor/frida/src/bytes.js';
import { categoryForUri } from '../../sensor/frida/src/categories.js';
import { isSymmetricAlg, parseOpenSslCipherName, parseTransformation } from '../../sensor/frida/src/cipher-names.js';
import { Coalescer, type Scheduler } from '../../sensor/frida/src/coalescer.js';
import { ByteSample, shannonEntropy } from '../../sensor/frida/src/entropy.js';
import {
  EventError, IdSequence, buildAppInfo, buildAppState, buildCryptoKey, buildCryptoOp, buildDataAccess,
  buildDeviceState, buildFileWrite, buildNetSend, buildUserInteraction, stampEvent, type EventBody,
} from '../../sensor/frida/src/events.js';
import { fingerprint, labelFingerprint, pureSha256, sha256 } from '../../sensor/frida/src/fingerprint.js';
import { ProvenanceBook, decideOrigin, originFromStack } from '../../sensor/frida/src/key-origin.js';
import { isBase64Field, looksLikeProtobuf, parseHttpRequestHead, sniffPayload } from '../../sensor/frida/src/payload.js';
import { classifyTransmission, http2Data, isTlsRecord, webSocketPayload } from '../../sensor/frida/src/stream-sniff.js';
import { normalizeEvent } from '../normalize/normalize-event.js';

const nodeSha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const ascii = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf8'));

describe('SHA-256 (pure) and fingerprints', () => {
  it('matches node:crypto on the empty input and around block boundaries', () => {
    for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
      const b = new Uint8Array(n).fill(0x61);
      expect(toHex(sha256(b)), `length ${n}`).toBe(nodeSha(b));
    }
    expect(pureSha256.hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('matches node:crypto on random inputs', () => {
    for (let i = 0; i < 200; i++) {
      const b = Uint8Array.from(randomBytes(Math.floor(Math.random() * 3000)));
      expect(pureSha256.hex(b)).toBe(nodeSha(b));
    }
  });

  it('takes signed Java bytes (-128..127)', () => {
    const signed = [-1, -128, 0, 127, 5];
    expect(toHex(sha256(signed))).toBe(nodeSha(Uint8Array.from([255, 128, 0, 127, 5])));
  });

  it('key_fp of "30212102dicudiab" is the first 16 bytes of SHA-256, lowercase hex', () => {
    const key = ascii('30212102dicudiab');
    expect(fingerprint(key)).toBe(nodeSha(key).slice(0, 32));
    expect(fingerprint(key)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('Keystore pseudo-fingerprints are stable per alias and differ from raw-key ones', () => {
    expect(labelFingerprint('keystore:bank')).toBe(nodeSha(ascii('keystore:bank')).slice(0, 32));
    expect(labelFingerprint('keystore:bank')).not.toBe(labelFingerprint('keystore:other'));
  });
});

describe('UTF-8', () => {
  it('encodes and decodes like Node, including astral characters', () => {
    for (const s of ['', 'abc', 'ünï', '€ 10', 'emoji 😀 ok', 'mixed\u0000nul']) {
      expect(Buffer.from(utf8Encode(s)).toString('utf8')).toBe(s);
      expect(utf8Length(s)).toBe(Buffer.byteLength(s));
      expect(utf8Decode(Buffer.from(s))).toBe(s);
    }
  });

  it('cuts on whole characters and drops a sequence cut by the sample end', () => {
    expect(Array.from(utf8Encode('aé', 2))).toEqual([0x61]);
    expect(utf8Decode([0x61, 0xc3])).toBe('a');
  });
});

describe('entropy', () => {
  it('constant, two symbols, random, English text', () => {
    expect(shannonEntropy(new Uint8Array(1000).fill(7))).toBe(0);
    expect(shannonEntropy([])).toBe(0);
    expect(shannonEntropy(Uint8Array.from({ length: 1000 }, (_, i) => i % 2))).toBeCloseTo(1, 6);
    expect(shannonEntropy(Uint8Array.from({ length: 256 * 16 }, (_, i) => i % 256))).toBeCloseTo(8, 6);
    expect(shannonEntropy(Uint8Array.from(randomBytes(65536)))).toBeGreaterThan(7.99);
    const text = ascii('The quick brown fox jumps over the lazy dog. '.repeat(40));
    const h = shannonEntropy(text);
    expect(h).toBeGreaterThan(3.5);
    expect(h).toBeLessThan(5);
  });

  it('ByteSample keeps the first bytes and counts them all', () => {
    const s = new ByteSample(8);
    s.add(5, (max) => [1, 2, 3, 4, 5].slice(0, max));
    s.add(10, (max) => Array.from({ length: 10 }, () => 9).slice(0, max));
    expect(s.total).toBe(15);
    expect(Array.from(s.sample)).toEqual([1, 2, 3, 4, 5, 9, 9, 9]);
    s.add(3, () => {
      throw new Error('a full sample reads nothing more');
    });
    expect(s.total).toBe(18);
  });
});

describe('payload sniffing', () => {
  const b64 = Buffer.from(randomBytes(48)).toString('base64');
  const table: Array<[string, string | Uint8Array, Partial<ReturnType<typeof sniffPayload>>]> = [
    ['json with a base64 field', JSON.stringify({ id: 'device-01', data: b64, n: 3 }), { format: 'json', b64_fields: 1 }],
    ['json with nested base64 fields', JSON.stringify({ a: [b64, { b: b64 }], word: 'helloWorldExample' }), { format: 'json', b64_fields: 2 }],
    ['json array', '[1,2,3]', { format: 'json', b64_fields: 0 }],
    ['bare base64 body', b64, { format: 'base64', b64_fields: 1 }],
    ['url-safe base64 without padding', Buffer.from(randomBytes(40)).toString('base64url'), { format: 'base64', b64_fields: 1 }],
    ['form', `user=bob&payload=${encodeURIComponent(b64)}&v=2`, { format: 'form', b64_fields: 1 }],
    ['xml', `<?xml version="1.0"?><r><d>${b64}</d></r>`, { format: 'xml', b64_fields: 1 }],
    ['multipart', '--XyZ\r\nContent-Disposition: form-data; name="f"\r\n\r\nhello\r\n--XyZ--\r\n', { format: 'multipart' }],
    ['text', 'hello there, this is a plain sentence.', { format: 'text', b64_fields: 0 }],
    ['hex digest is not base64', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', { format: 'text', b64_fields: 0 }],
    ['random bytes', Uint8Array.from(randomBytes(4096)), { format: 'binary', b64_fields: 0 }],
    ['protobuf', Uint8Array.from([0x08, 0x96, 0x01, 0x12, 0x07, ...Buffer.from('testing'), 0x1a, 0x03, 1, 2, 3]), { format: 'protobuf' }],
  ];
  for (const [name, input, want] of table) {
    it(name, () => {
      const bytes = typeof input === 'string' ? ascii(input) : input;
      const f = sniffPayload(bytes, bytes.length);
      expect(f).toMatchObject({ ...want, size: bytes.length });
      expect(f.entropy).toBeGreaterThanOrEqual(0);
      expect(f.entropy).toBeLessThanOrEqual(8);
    });
  }

  it('random bytes read as high entropy, text as low', () => {
    expect(sniffPayload(Uint8Array.from(randomBytes(4096))).entropy).toBeGreaterThan(7.9);
    expect(sniffPayload(ascii('aaaa bbbb aaaa bbbb')).entropy).toBeLessThan(2.5);
  });

  it('a JSON document cut by the sample is still json, its base64 values counted', () => {
    const doc = JSON.stringify({ k: b64, more: 'x'.repeat(5000) });
    const f = sniffPayload(ascii(doc).subarray(0, 4096), doc.length);
    expect(f).toMatchObject({ format: 'json', b64_fields: 1, size: doc.length });
  });

  it('empty payload has only its size', () => {
    expect(sniffPayload(new Uint8Array(0), 0)).toEqual({ size: 0 });
  });

  it('isBase64Field rejects words, ids and impossible lengths', () => {
    expect(isBase64Field('aGVsbG8gd29ybGQhIQ==')).toBe(true);
    expect(isBase64Field('helloworldhelloworld')).toBe(false); // no upper case / digit
    expect(isBase64Field('com.example.notes.Main')).toBe(false);
    expect(isBase64Field('aGVsbG8gd29ybGQhIQ=')).toBe(false); // padded to a wrong length
    expect(isBase64Field('Ab1')).toBe(false);
  });

  it('protobuf detection is conservative on random data', () => {
    let hits = 0;
    for (let i = 0; i < 200; i++) if (looksLikeProtobuf(Uint8Array.from(randomBytes(512)), false)) hits++;
    expect(hits).toBeLessThan(5);
  });

  it('parses an HTTP/1.1 request head', () => {
    const req = ascii('POST /api/v2/sync?x=1 HTTP/1.1\r\nHost: upd.example.net:8443\r\nContent-Length: 4\r\n\r\nabcd');
    expect(parseHttpRequestHead(req)).toEqual({ method: 'POST', path: '/api/v2/sync', host: 'upd.example.net', headBytes: req.length - 4 });
    expect(parseHttpRequestHead(ascii('hello'))).toBeUndefined();
  });
});

describe('stream classification', () => {
  it('HTTP/1.1: method, path, Host and the body features', () => {
    const body = JSON.stringify({ d: Buffer.from(randomBytes(64)).toString('base64') });
    const req = ascii(`POST /gate.php HTTP/1.1\r\nHost: 203.0.113.9\r\nContent-Type: application/json\r\n\r\n${body}`);
    const t = classifyTransmission(req, req.length, { tls: false });
    expect(t).toMatchObject({ proto: 'http', method: 'POST', path: '/gate.php', host: '203.0.113.9', payload: { format: 'json', b64_fields: 1, size: body.length } });
  });

  it('WebSocket: the upgrade request, then masked frames are unmasked before sniffing', () => {
    const up = ascii('GET /ws HTTP/1.1\r\nHost: c2.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    expect(classifyTransmission(up, up.length, { tls: true })).toMatchObject({ proto: 'https', upgradesToWebSocket: true });
    const text = ascii('{"cmd":"hello","n":1}');
    const mask = [0x11, 0x22, 0x33, 0x44];
    const frame = Uint8Array.from([0x81, 0x80 | text.length, ...mask, ...Array.from(text, (b, i) => b ^ mask[i % 4])]);
    expect(webSocketPayload(frame)).toEqual(Array.from(text));
    expect(classifyTransmission(frame, frame.length, { tls: true, websocket: true })).toMatchObject({ proto: 'wss', payload: { format: 'json' } });
  });

  it('HTTP/2: DATA frame payloads after the preface', () => {
    const data = ascii('{"a":1}');
    const frame = (type: number, payload: Uint8Array): number[] => [0, 0, payload.length, type, 0, 0, 0, 0, 1, ...payload];
    const bytes = Uint8Array.from([...ascii('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), ...frame(4, new Uint8Array(0)), ...frame(1, Uint8Array.from([0x82, 0x86])), ...frame(0, data)]);
    expect(http2Data(bytes)).toMatchObject({ ok: true, data: Array.from(data), frames: 3 });
    expect(classifyTransmission(bytes, bytes.length, { tls: true })).toMatchObject({ proto: 'https', payload: { format: 'json', size: bytes.length } });
  });

  it('TLS records are recognised; raw bytes are tcp', () => {
    expect(isTlsRecord([0x16, 0x03, 0x01, 0x02, 0x00])).toBe(true);
    expect(isTlsRecord([0x17, 0x03, 0x03, 0x00, 0x20])).toBe(true);
    expect(isTlsRecord(ascii('GET / HTTP/1.1'))).toBe(false);
    const raw = Uint8Array.from(randomBytes(300));
    raw[0] = 0x01;
    expect(classifyTransmission(raw, 300, { tls: false })).toMatchObject({ proto: 'tcp', payload: { format: 'binary', size: 300 } });
  });
});

describe('content URI categories', () => {
  const table: Array<[string, string | undefined]> = [
    ['content://com.android.contacts/data/phones', 'contacts'],
    ['content://com.android.contacts/contacts?limit=10', 'contacts'],
    ['content://icc/adn', 'contacts'],
    ['content://sms/inbox', 'sms'],
    ['content://mms-sms/conversations', 'sms'],
    ['content://call_log/calls', 'call_log'],
    ['content://com.android.calendar/events', 'calendar'],
    ['content://media/external/images/media', 'photos'],
    ['content://10@media/external/images/media/12', 'photos'],
    ['content://media/external/video/media', 'media'],
    ['content://media/external/audio/media', 'media'],
    ['content://media/external/file', 'files'],
    ['content://com.android.providers.media.documents/document/image%3A1234', 'photos'],
    ['content://com.android.externalstorage.documents/tree/primary%3ADownload', 'files'],
    ['content://browser/bookmarks', 'browser'],
    ['content://settings/secure', undefined],
    ['content://com.example.notes.provider/notes', undefined],
    ['https://example.com/', undefined],
  ];
  for (const [uri, want] of table) it(`${uri} -> ${want}`, () => expect(categoryForUri(uri)).toBe(want));
});

describe('cipher names', () => {
  const table: Array<[string, { alg: string; mode?: string }]> = [
    ['AES/CBC/PKCS5Padding', { alg: 'AES', mode: 'CBC' }],
    ['AES', { alg: 'AES', mode: 'ECB' }],
    ['AES/GCM/NoPadding', { alg: 'AES', mode: 'GCM' }],
    ['AES_256/GCM/NoPadding', { alg: 'AES', mode: 'GCM' }],
    ['ARCFOUR', { alg: 'RC4', mode: 'stream' }],
    ['RC4', { alg: 'RC4', mode: 'stream' }],
    ['DESede/CBC/PKCS5Padding', { alg: 'DESede', mode: 'CBC' }],
    ['Blowfish/CFB8/NoPadding', { alg: 'Blowfish', mode: 'CFB' }],
    ['ChaCha20-Poly1305', { alg: 'ChaCha20', mode: 'AEAD' }],
    ['ChaCha20', { alg: 'ChaCha20', mode: 'stream' }],
  ];
  for (const [t, want] of table) it(t, () => expect(parseTransformation(t)).toEqual(want));

  it('OpenSSL short names', () => {
    expect(parseOpenSslCipherName('AES-128-CBC')).toEqual({ alg: 'AES', mode: 'CBC' });
    expect(parseOpenSslCipherName('id-aes256-GCM')).toEqual({ alg: 'AES', mode: 'GCM' });
    expect(parseOpenSslCipherName('aes-256-ecb')).toEqual({ alg: 'AES', mode: 'ECB' });
    expect(parseOpenSslCipherName('RC4')).toEqual({ alg: 'RC4', mode: 'stream' });
    expect(parseOpenSslCipherName('DES-EDE3-CBC')).toEqual({ alg: 'DESede', mode: 'CBC' });
    expect(parseOpenSslCipherName('BF-CBC')).toEqual({ alg: 'Blowfish', mode: 'CBC' });
    expect(parseOpenSslCipherName('ChaCha20-Poly1305')).toEqual({ alg: 'ChaCha20', mode: 'AEAD' });
  });

  it('symmetric vs not', () => {
    expect(isSymmetricAlg('AES')).toBe(true);
    expect(isSymmetricAlg('HmacSHA256')).toBe(false);
    expect(isSymmetricAlg('RSA/ECB/PKCS1Padding')).toBe(false);
  });
});

describe('key origin', () => {
  it('from the stack', () => {
    expect(originFromStack(['javax.crypto.spec.SecretKeySpec.<init>(SecretKeySpec.java:1)', 'com.x.Crypto.key(Crypto.java:9)'])).toEqual({ origin: 'unknown' });
    expect(originFromStack(['com.android.org.bouncycastle.jcajce.provider.symmetric.util.BaseSecretKeyFactory.engineGenerateSecret', 'javax.crypto.SecretKeyFactory.generateSecret(SecretKeyFactory.java:1)'])).toMatchObject({ origin: 'derived' });
    expect(originFromStack(['android.app.SharedPreferencesImpl.getString(SharedPreferencesImpl.java:1)'])).toEqual({ origin: 'stored' });
  });

  it('the provenance book wins over the stack and is bounded', () => {
    const book = new ProvenanceBook(2);
    book.remember('a', { origin: 'derived', kdf: 'PBKDF2WithHmacSHA1' });
    expect(decideOrigin(book.lookup('a'), ['SharedPreferences'])).toEqual({ origin: 'derived', kdf: 'PBKDF2WithHmacSHA1' });
    book.remember('b', { origin: 'stored' });
    book.remember('c', { origin: 'stored' });
    expect(book.lookup('a')).toBeUndefined();
    expect(book.size).toBe(2);
  });
});

describe('coalescer', () => {
  function fakeScheduler() {
    let now = 0;
    const timers = new Map<number, { at: number; fn: () => void }>();
    let next = 1;
    const sched: Scheduler = {
      now: () => now,
      setTimeout: (fn, ms) => {
        timers.set(next, { at: now + ms, fn });
        return next++;
      },
      clearTimeout: (h) => void timers.delete(h as number),
    };
    const advance = (ms: number): void => {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now && timers.has(id)) {
          timers.delete(id);
          t.fn();
        }
      }
    };
    return { sched, advance };
  }

  it('flushes after idle, after max age, and explicitly', () => {
    const { sched, advance } = fakeScheduler();
    const out: Array<[string, number]> = [];
    const c = new Coalescer<string, { n: number }>(sched, { idleMs: 100, maxMs: 250 }, (k, a) => out.push([k, a.n]));
    const add = (k: string): void => c.add(k, () => ({ n: 0 }), (a) => void a.n++);
    add('a');
    advance(50);
    add('a');
    advance(99);
    expect(out).toEqual([]);
    advance(2);
    expect(out).toEqual([['a', 2]]);
    for (let i = 0; i < 5; i++) {
      add('b');
      advance(60);
    }
    expect(out).toEqual([['a', 2], ['b', 5]]); // max age 250 reached before idle
    add('c');
    c.flush('c');
    expect(out.at(-1)).toEqual(['c', 1]);
    expect(c.size).toBe(0);
  });
});

describe('event builders produce telemetry v1 accepted by normalizeEvent', () => {
  const env = { ts: 1767600000000, device: 'emu-5554', app: 'com.example.notes', proc: 'com.example.notes:sync', pid: 4242, id: 'fr1-1' };
  const bodies: EventBody[] = [
    buildCryptoKey({ key_fp: fingerprint(ascii('30212102dicudiab')), alg: 'AES', bits: 128, origin: 'unknown' }),
    buildCryptoKey({ key_fp: labelFingerprint('keystore:k'), alg: 'AES', origin: 'keystore', hw_backed: true, bits: 256 }),
    buildCryptoOp({ alg: 'AES', dir: 'encrypt', key_fp: fingerprint([1]), mode: 'CBC', in_bytes: 100, out_bytes: 112, iv_fp: fingerprint([2]), api: 'javax.crypto.Cipher.doFinal' }),
    buildCryptoOp({ alg: 'RC4', dir: 'decrypt', mode: 'stream', in_bytes: 10.4, out_bytes: -3 }),
    buildDataAccess({ category: 'contacts', items: 212 }),
    buildFileWrite({ path: '/data/user/0/x/files/q.bin', bytes: 18352, entropy: 7.98765, op: 'create' }),
    buildFileWrite({ path: '/x', bytes: 1, entropy: 9 }),
    buildAppState('service'),
    buildDeviceState({ screen: 'off', locked: true }),
    buildUserInteraction(),
    buildNetSend({ bytes_out: 24690, dst_host: 'upd.example.net', dst_port: 443, proto: 'https', tls: true, method: 'POST', path: '/api', payload: sniffPayload(ascii('{"a":"b"}')), conn: 's1' }),
    buildNetSend({ bytes_out: 10, dst_ip: '203.0.113.7', dst_port: 70000, proto: 'udp' }),
    buildAppInfo({ version: '1.0', installer: 'sideload', signer: 'ab'.repeat(32), permissions: ['android.permission.INTERNET'] }),
  ];
  for (const body of bodies) {
    it(`${body.type} ${JSON.stringify(body).slice(0, 60)}`, () => {
      const e = stampEvent(body, env);
      const line = JSON.parse(JSON.stringify(e));
      const r = normalizeEvent(line, { file: 'agent', line: 1 });
      if (!r.ok) throw new Error(JSON.stringify(r.issue));
      expect(line).toMatchObject({ ts: env.ts, device: env.device, src: 'frida', id: env.id, pid: 4242, type: body.type });
      if (body.type === 'device.state') expect(line.app).toBeUndefined();
      else expect(line.app).toBe(env.app);
    });
  }

  it('cleans values: counts rounded and clamped, entropy in 0..8, bad port dropped', () => {
    expect(buildCryptoOp({ alg: 'RC4', dir: 'decrypt', in_bytes: 10.4, out_bytes: -3 })).toMatchObject({ in_bytes: 10, out_bytes: 0 });
    expect(buildFileWrite({ path: '/x', bytes: 1, entropy: 9 }).entropy).toBe(8);
    expect(buildNetSend({ bytes_out: 1, dst_ip: '1.2.3.4', dst_port: 70000 }).dst_port).toBeUndefined();
  });

  it('refuses what telemetry v1 requires', () => {
    expect(() => buildCryptoKey({ key_fp: 'not-a-fp', alg: 'AES' })).toThrow(EventError);
    expect(() => buildCryptoOp({ alg: 'AES', dir: 'both' as 'encrypt' })).toThrow(/dir/);
    expect(() => buildNetSend({ bytes_out: 1 })).toThrow(/dst_host or dst_ip/);
    expect(() => buildFileWrite({ path: '', bytes: 1 })).toThrow(/path/);
    expect(() => stampEvent(buildAppState('foreground'), { ...env, app: undefined })).toThrow(/app/);
    expect(() => stampEvent(buildAppState('foreground'), { ...env, device: '' })).toThrow(/device/);
    expect(() => stampEvent(buildDeviceState({}), { ...env, app: undefined })).not.toThrow();
  });

  it('ids are unique per agent run', () => {
    const ids = new IdSequence(IdSequence.prefixFor(4242, 1767600000000));
    const seen = new Set(Array.from({ length: 1000 }, () => ids.next()));
    expect(seen.size).toBe(1000);
    expect(IdSequence.prefixFor(4242, 1)).not.toBe(IdSequence.prefixFor(4242, 2));
  });
});

describe('pure files stay pure', () => {
  const dir = fileURLToPath(new URL('../../sensor/frida/src/', import.meta.url));
  const sharedDir = fileURLToPath(new URL('../payload/', import.meta.url));
  const PURE = ['bytes.ts', 'categories.ts', 'cipher-names.ts', 'coalescer.ts', 'entropy.ts', 'events.ts', 'fingerprint.ts', 'key-origin.ts', 'payload.ts', 'stream-sniff.ts', 'cipher-shape.ts'];
  // the decode-aware payload features the agent shares with the host adapters (bundled by esbuild)
  const SHARED = ['encoded.ts', 'entropy.ts', 'features.ts', 'protobuf.ts', 'url-path.ts', 'utf8.ts'];
  const code = (path: string) => readFileSync(path, 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
  const FRIDA_OR_NODE = /\b(Java|Interceptor|Memory|Process|Module|NativeFunction|Checksum|send|recv|rpc|Buffer|require)\s*[.(]/;
  it('every pure file exists', () => {
    const files = readdirSync(dir);
    for (const f of PURE) expect(files).toContain(f);
    for (const f of SHARED) expect(readdirSync(sharedDir)).toContain(f);
  });
  for (const f of PURE) {
    it(`${f} uses no Frida or Node API`, () => {
      const src = code(dir + f);
      for (const m of src.matchAll(/from '([^']+)'/g)) expect(m[1], `${f} imports ${m[1]}`).toMatch(/^(\.\/[a-z0-9-]+|\.\.\/\.\.\/\.\.\/src\/payload\/[a-z0-9-]+)\.js$/);
      for (const m of src.matchAll(/from '\.\/([a-z0-9-]+)\.js'/g)) expect(PURE, `${f} imports ${m[1]}`).toContain(`${m[1]}.ts`);
      for (const m of src.matchAll(/from '\.\.\/\.\.\/\.\.\/src\/payload\/([a-z0-9-]+)\.js'/g)) expect(SHARED, `${f} imports ${m[1]}`).toContain(`${m[1]}.ts`);
      expect(src).not.toMatch(FRIDA_OR_NODE);
    });
  }
  for (const f of SHARED) {
    it(`src/payload/${f} uses no Frida or Node API and imports only its own folder`, () => {
      const src = code(sharedDir + f);
      for (const m of src.matchAll(/from '([^']+)'/g)) expect(m[1], `${f} imports ${m[1]}`).toMatch(/^\.\/[a-z0-9-]+\.js$/);
      expect(src).not.toMatch(FRIDA_OR_NODE);
    });
  }
});

describe('payload features on the device are the shared decode-aware ones', () => {
  it('a form value with Base64.DEFAULT line breaks is a form with a base64 field (was: text)', () => {
    const b64 = `${Buffer.from(randomBytes(300)).toString('base64').match(/.{1,76}/g)!.join('\n')}\n`;
    expect(sniffPayload(ascii(`q=${b64}`))).toMatchObject({ format: 'form', b64_fields: 1, enc_bytes: 300 });
  });
});
