// The agent's Frida-side hooks, run against a stand-in Java (fake-java.test-util.ts): a
// collected-then-encrypted-then-staged-then-sent sequence must come out as telemetry v1 events
// the detector accepts, with the fingerprints, sizes and features computed on the "device".
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { normalizeEvent } from '../normalize/normalize-event.js';
import { installFridaGlobals, jbytes, makeFakeJava } from './fake-java.test-util.js';
import { need } from '../../test/need.js';

const world = vi.hoisted(() => ({ fake: undefined as unknown as ReturnType<typeof import('./fake-java.test-util.js').makeFakeJava> }));
// the agent imports the bridge from sensor/frida/node_modules: mock that file
vi.mock('../../sensor/frida/node_modules/frida-java-bridge/index.js', () => ({ default: new Proxy({}, { get: (_t, p) => (world.fake.Java as Record<string | symbol, unknown>)[p] }) }));

const sent: Array<{ [k: string]: any }> = [];
const firstActivity = {};
const events = (type?: string) => sent.filter((e) => !type || e.type === type);
const sha = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');

// frida-java-bridge comes with the sensor's own install (npm --prefix sensor/frida ci)
const bridgeInstalled = existsSync(fileURLToPath(new URL('../../sensor/frida/node_modules/frida-java-bridge/index.js', import.meta.url)));

describe.skipIf(!need('sensor/frida/node_modules (frida-java-bridge)', bridgeInstalled, 'npm --prefix sensor/frida ci; npm test runs it'))('agent hooks against a stand-in Java', () => {
  beforeAll(async () => {
    vi.useFakeTimers({ now: 1767600000000 });
    installFridaGlobals(sent);
    const f = makeFakeJava();
    world.fake = f;
    const { defineClass } = f;
    // key object: SecretKeySpec keeps its bytes and algorithm
    defineClass('javax.crypto.spec.SecretKeySpec', {
      $init: [
        [['[B', 'java.lang.String'], function (this: any, key: number[], alg: string) { this.key = key.slice(); this.alg = alg; }],
        [['[B', 'int', 'int', 'java.lang.String'], function (this: any, key: number[], off: number, len: number, alg: string) { this.key = key.slice(off, off + len); this.alg = alg; }],
      ],
    });
    defineClass('javax.crypto.SecretKey', {}, {}, (o) => Array.isArray(o?.key) || o?.keystore === true);
    defineClass('javax.crypto.Cipher', {
      init: [
        [['int', 'java.security.Key'], function (this: any, mode: number, key: unknown) { this.mode = mode; this.keyObj = key; }],
        [['int', 'java.security.Key', 'java.security.spec.AlgorithmParameterSpec'], function (this: any, mode: number, key: unknown, spec: any) { this.mode = mode; this.keyObj = key; this.iv = spec.iv; }],
        [['int', 'java.security.cert.Certificate'], function () { throw new Error('not used'); }],
      ],
      doFinal: [
        [['[B'], function (this: any, input: number[]) { return new Array(Math.floor(input.length / 16) * 16 + 16).fill(7); }],
        [['[B', 'int', 'int'], function (this: any, input: number[], off: number, len: number) { void input; void off; return new Array(Math.floor(len / 16) * 16 + 16).fill(7); }],
      ],
      update: [[['[B'], function (this: any, input: number[]) { return new Array(input.length).fill(1); }]],
    });
    for (const name of ['javax.crypto.KeyGenerator', 'javax.crypto.SecretKeyFactory', 'java.security.MessageDigest']) defineClass(name, {});
    defineClass('android.content.ContentResolver', {
      query: [[['android.net.Uri', '[Ljava.lang.String;', 'java.lang.String', '[Ljava.lang.String;', 'java.lang.String'], () => ({ getCount: () => 212 })]],
    });
    defineClass('java.io.FileOutputStream', {
      $init: [[['java.io.File', 'boolean'], function (this: any, file: any) { this.path = { value: file.getAbsolutePath() }; }]],
      write: [
        [['[B', 'int', 'int'], () => undefined],
        [['[B'], () => undefined],
        [['int'], () => undefined],
      ],
      close: [[[], () => undefined]],
    });
    defineClass('java.net.SocketOutputStream', { write: [[['[B', 'int', 'int'], () => undefined]] });
    defineClass('android.app.Activity', {
      onResume: [[[], () => undefined]],
      onPause: [[[], () => undefined]],
      dispatchTouchEvent: [[['android.view.MotionEvent'], () => true]],
    });

    await import('../../sensor/frida/src/agent.js');
    (globalThis as any).rpc.exports.init('early', { device: 'emu-5554', package: 'com.example.notes' });
  });

  afterAll(() => {
    vi.useRealTimers();
  });

  it('installs the hooks it can and records the classes that are absent', () => {
    const stats = (globalThis as any).rpc.exports.stats();
    expect(stats.hooks).toEqual(expect.arrayContaining(['javax.crypto.Cipher.init×2', 'javax.crypto.Cipher.doFinal×2', 'java.io.FileOutputStream.write×3']));
    expect(stats.missing).toEqual(expect.arrayContaining(['android.location.Location.getLatitude']));
  });

  it('collect -> encrypt -> stage -> send comes out as valid telemetry v1', async () => {
    const { call, setStack } = world.fake;
    call(firstActivity, 'android.app.Activity', 'onResume', []);

    // the app reads contacts
    call({}, 'android.content.ContentResolver', 'query', ['android.net.Uri', '[Ljava.lang.String;', 'java.lang.String', '[Ljava.lang.String;', 'java.lang.String'],
      { toString: () => 'content://com.android.contacts/data/phones' }, null, null, null, null);

    // a literal key (no KDF on the stack), AES/CBC with an IV
    setStack(['javax.crypto.spec.SecretKeySpec.<init>(SecretKeySpec.java:1)', 'com.flash.tools.C.k(C.java:3)']);
    const key = { getAlgorithm: () => 'AES', getEncoded() { return this.key; }, getClass: () => ({ getName: () => 'javax.crypto.spec.SecretKeySpec' }) } as any;
    call(key, 'javax.crypto.spec.SecretKeySpec', '$init', ['[B', 'java.lang.String'], jbytes('30212102dicudiab'), 'AES');
    const iv = jbytes(Uint8Array.from(randomBytes(16)));
    const cipher = { getAlgorithm: () => 'AES/CBC/PKCS5Padding', getIV() { return this.iv; } } as any;
    call(cipher, 'javax.crypto.Cipher', 'init', ['int', 'java.security.Key', 'java.security.spec.AlgorithmParameterSpec'], 1, key, { iv });
    const plain = jbytes('x'.repeat(1000));
    const ct = call(cipher, 'javax.crypto.Cipher', 'doFinal', ['[B'], plain);
    call(cipher, 'javax.crypto.Cipher', 'doFinal', ['[B', 'int', 'int'], plain, 0, 500);

    // ciphertext staged to a file in two writes, then closed
    const file = { exists: () => false, getAbsolutePath: () => '/data/user/0/com.example.notes/cache/q.bin' };
    const fos = {} as any;
    call(fos, 'java.io.FileOutputStream', '$init', ['java.io.File', 'boolean'], file, false);
    const random = jbytes(Uint8Array.from(randomBytes(6000)));
    call(fos, 'java.io.FileOutputStream', 'write', ['[B', 'int', 'int'], random, 0, 4000);
    call(fos, 'java.io.FileOutputStream', 'write', ['[B'], random.slice(4000));
    call(fos, 'java.io.FileOutputStream', 'close', []);

    // sent over plain HTTP in two socket writes (head, body)
    const body = JSON.stringify({ id: 'd1', blob: Buffer.from(randomBytes(900)).toString('base64') });
    const head = `POST /gate.php HTTP/1.1\r\nHost: 203.0.113.9:8080\r\nContent-Length: ${body.length}\r\n\r\n`;
    const socket = { getInetAddress: () => ({ toString: () => '/203.0.113.9', getHostAddress: () => '203.0.113.9' }), getPort: () => 8080 };
    const stream = { socket: { value: socket } };
    call(stream, 'java.net.SocketOutputStream', 'write', ['[B', 'int', 'int'], jbytes(head), 0, head.length);
    call(stream, 'java.net.SocketOutputStream', 'write', ['[B', 'int', 'int'], jbytes(body), 0, body.length);

    await vi.advanceTimersByTimeAsync(3000); // coalescers (data 1 s, sockets 0.3 s) and the ready delay

    // every event is accepted by the detector's normalizer, with the envelope filled in
    expect(sent.length).toBeGreaterThan(0);
    sent.forEach((e, i) => {
      const r = normalizeEvent(JSON.parse(JSON.stringify(e)), { file: 'agent', line: i + 1 });
      if (!r.ok) throw new Error(`${JSON.stringify(e)}: ${JSON.stringify(r.issue)}`);
      expect(e).toMatchObject({ device: 'emu-5554', src: 'frida', pid: 4242, proc: 'com.example.notes' });
    });
    expect(new Set(sent.map((e) => e.id)).size).toBe(sent.length);

    expect(events('app.state')).toEqual([expect.objectContaining({ app: 'com.example.notes', state: 'foreground' })]);
    expect(events('data.access')).toEqual([expect.objectContaining({ category: 'contacts', items: 212 })]);

    const fp = sha(Buffer.from('30212102dicudiab')).slice(0, 32);
    expect(events('crypto.key')).toEqual([expect.objectContaining({ key_fp: fp, alg: 'AES', bits: 128, origin: 'unknown' })]);
    const ivFp = sha(Buffer.from(iv.map((b) => b & 0xff))).slice(0, 32);
    expect(events('crypto.op')).toEqual([
      expect.objectContaining({ alg: 'AES', mode: 'CBC', dir: 'encrypt', key_fp: fp, iv_fp: ivFp, in_bytes: 1000, out_bytes: ct.length, api: 'javax.crypto.Cipher.doFinal' }),
      expect.objectContaining({ dir: 'encrypt', in_bytes: 500, out_bytes: 512 }),
    ]);

    const [fw] = events('file.write');
    expect(fw).toMatchObject({ path: '/data/user/0/com.example.notes/cache/q.bin', bytes: 6000, op: 'create' });
    expect(fw.entropy).toBeGreaterThan(7.9); // sample of the first 4 KB of random bytes

    const [ns] = events('net.send');
    expect(ns).toMatchObject({
      dst_ip: '203.0.113.9', dst_host: '203.0.113.9', dst_port: 8080, proto: 'http', tls: false, method: 'POST', path: '/gate.php',
      bytes_out: head.length + body.length, payload: { format: 'json', b64_fields: 1, size: body.length },
    });
    // nothing raw: no key bytes, no plaintext, no payload text in any event
    const all = JSON.stringify(sent);
    expect(all).not.toContain('30212102dicudiab');
    expect(all).not.toContain(body.slice(20, 60));
  });

  it('a key derived by a KDF on the stack is `derived`; asymmetric and HMAC keys are ignored', async () => {
    const { call, setStack } = world.fake;
    const before = sent.length;
    setStack(['javax.crypto.spec.SecretKeySpec.<init>(SecretKeySpec.java:1)', 'javax.crypto.SecretKeyFactory.generateSecret(SecretKeyFactory.java:9)']);
    call({}, 'javax.crypto.spec.SecretKeySpec', '$init', ['[B', 'int', 'int', 'java.lang.String'], jbytes('0123456789abcdefXXXX'), 0, 16, 'AES');
    call({}, 'javax.crypto.spec.SecretKeySpec', '$init', ['[B', 'java.lang.String'], jbytes('hmac-key-0123456'), 'HmacSHA256');
    const rsa = { mode: 0 } as any;
    call(rsa, 'javax.crypto.Cipher', 'init', ['int', 'java.security.Key'], 1, { notSecret: true });
    call(rsa, 'javax.crypto.Cipher', 'doFinal', ['[B'], jbytes('abc'));
    await vi.advanceTimersByTimeAsync(3000);
    const fresh = sent.slice(before);
    expect(fresh).toEqual([expect.objectContaining({ type: 'crypto.key', origin: 'derived', key_fp: sha(Buffer.from('0123456789abcdef')).slice(0, 32) })]);
  });

  it('decrypt bursts per key are merged; activity switches do not flap to background', async () => {
    const { call, setStack } = world.fake;
    const before = sent.length;
    setStack([]);
    const key = { getAlgorithm: () => 'AES', getEncoded() { return this.key; }, getClass: () => ({ getName: () => 'javax.crypto.spec.SecretKeySpec' }) } as any;
    call(key, 'javax.crypto.spec.SecretKeySpec', '$init', ['[B', 'java.lang.String'], jbytes('k'.repeat(16)), 'AES');
    for (let i = 0; i < 50; i++) {
      const c = { getAlgorithm: () => 'AES', getIV: () => null } as any;
      call(c, 'javax.crypto.Cipher', 'init', ['int', 'java.security.Key'], 2, key);
      call(c, 'javax.crypto.Cipher', 'doFinal', ['[B'], jbytes('y'.repeat(32)));
    }
    const b = {};
    call(firstActivity, 'android.app.Activity', 'onPause', []);
    call(b, 'android.app.Activity', 'onResume', []);
    await vi.advanceTimersByTimeAsync(3000);
    const ops = sent.slice(before).filter((e) => e.type === 'crypto.op');
    expect(ops).toEqual([expect.objectContaining({ dir: 'decrypt', mode: 'ECB', in_bytes: 50 * 32, out_bytes: 50 * 48 })]);
    expect(sent.slice(before).filter((e) => e.type === 'app.state')).toEqual([]);
    call(b, 'android.app.Activity', 'onPause', []);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.at(-1)).toMatchObject({ type: 'app.state', state: 'background' });
  });
});
