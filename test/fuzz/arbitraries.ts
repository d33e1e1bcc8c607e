// fast-check generators for telemetry v1 lines (docs/spec/telemetry-v1.md): valid events,
// mutated valid events (may or may not stay valid), and hostile lines that are always rejected.
import fc from 'fast-check';

/** runs per property: a small CI budget, or FUZZ_RUNS (scaled by `weight`) when set */
export function runs(ci: number, weight = 1): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isFinite(n) && n > 0 ? Math.max(1, Math.round(n * weight)) : ci;
}

/** fast-check parameters: FUZZ_SEED replays a run (with the path printed on failure) */
export function params(numRuns: number): fc.Parameters<unknown> {
  const seed = Number(process.env.FUZZ_SEED);
  const path = process.env.FUZZ_PATH;
  return {
    numRuns,
    verbose: 1,
    ...(Number.isFinite(seed) && process.env.FUZZ_SEED !== '' ? { seed } : {}),
    ...(path ? { path } : {}),
  };
}

const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const T0 = Date.UTC(2026, 0, 5, 8);
const ts = fc.oneof(
  fc.integer({ min: T0, max: T0 + 86_400_000 }),
  fc.integer({ min: T0, max: T0 + 86_400_000 }).map((t) => new Date(t).toISOString()),
);
const pkg = fc.constantFrom('com.flash.tools', 'com.example.notes', 'com.whatsapp', 'org.fuzz.app');
const alg = fc.constantFrom('AES', 'RC4', 'ARC4', 'DES', 'DESede', 'Blowfish', 'ChaCha20', 'XOR', 'Twofish');
const nat = fc.integer({ min: 0, max: 1 << 30 });

const envelope = fc.record({
  ts, device: fc.constantFrom('d-01', 'd-02', 'fz-1'),
}, { requiredKeys: ['ts', 'device'] });

const appScoped: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  'crypto.key': fc.record({
    key_fp: hex(32), alg, bits: fc.constantFrom(40, 56, 64, 128, 192, 256),
    origin: fc.constantFrom('literal', 'derived', 'stored', 'generated', 'keystore', 'remote', 'unknown'),
    hw_backed: fc.boolean(), kdf: fc.constantFrom('PBKDF2WithHmacSHA1', 'SHA-256(android_id)'),
  }, { requiredKeys: ['key_fp', 'alg'] }),
  'crypto.op': fc.record({
    alg, dir: fc.constantFrom('encrypt', 'decrypt'), key_fp: hex(32),
    mode: fc.constantFrom('ECB', 'CBC', 'CTR', 'GCM', 'CFB', 'OFB', 'stream'),
    in_bytes: nat, out_bytes: nat, iv_fp: hex(32), api: fc.constantFrom('javax.crypto.Cipher.doFinal', 'EVP_EncryptUpdate'),
  }, { requiredKeys: ['alg', 'dir'] }),
  'data.access': fc.record({
    category: fc.constantFrom('contacts', 'sms', 'call_log', 'location', 'accounts', 'calendar', 'photos', 'media', 'files',
      'clipboard', 'notifications', 'keystrokes', 'device_info', 'app_list', 'browser', 'credentials', 'other'),
    items: nat, bytes: nat,
  }, { requiredKeys: ['category'] }),
  'file.write': fc.record({
    path: fc.constantFrom('/sdcard/x.bin', '/data/user/0/com.flash.tools/cache/q.bin'), bytes: nat,
    entropy: fc.double({ min: 0, max: 8, noNaN: true }), op: fc.constantFrom('create', 'append', 'overwrite'),
  }, { requiredKeys: ['path', 'bytes'] }),
  'file.delete': fc.record({ path: fc.constant('/sdcard/x.bin') }),
  'app.state': fc.record({ state: fc.constantFrom('foreground', 'background', 'service', 'job', 'alarm', 'receiver', 'cached', 'stopped') }),
  'user.interaction': fc.constant({}),
  'net.send': fc.record({
    bytes_out: nat, dst_host: fc.constantFrom('upd.example.net', 'api.example.com'), dst_ip: fc.constantFrom('185.22.1.9', '2001:db8::1'),
    dst_port: fc.integer({ min: 1, max: 65535 }), proto: fc.constantFrom('tcp', 'udp', 'http', 'https', 'ws', 'wss', 'quic', 'dns', 'other'),
    bytes_in: nat, tls: fc.boolean(), method: fc.constantFrom('POST', 'GET'), path: fc.constant('/api/v2/sync'),
    payload: fc.record({
      format: fc.constantFrom('json', 'form', 'base64', 'protobuf', 'multipart', 'xml', 'text', 'binary'),
      entropy: fc.double({ min: 0, max: 8, noNaN: true }), b64_fields: nat, size: nat,
    }, { requiredKeys: [] }),
  }, { requiredKeys: ['bytes_out', 'dst_host'] }),
  'app.info': fc.record({
    version: fc.constant('1.0'), installer: fc.constantFrom('com.android.vending', 'sideload'), signer: hex(64),
    permissions: fc.array(fc.constantFrom('android.permission.READ_SMS', 'android.permission.INTERNET'), { maxLength: 3 }),
    approved: fc.boolean(), label: fc.constantFrom('messaging', 'backup', 'vpn', 'banking'),
  }, { requiredKeys: [] }),
};

/** a valid contract-v1 event (object) */
export const validEvent: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  ...Object.entries(appScoped).map(([type, body]) =>
    fc.tuple(envelope, pkg, body).map(([e, app, b]) => ({ ...e, app, type, ...b }))),
  fc.tuple(envelope, fc.record({ screen: fc.constantFrom('on', 'off'), locked: fc.boolean() }, { requiredKeys: [] }))
    .map(([e, b]) => ({ ...e, type: 'device.state', ...b })),
);

/** values that are extreme or of the wrong type */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e308', '-0', '', ' ', '0x10', 'null', 'true', '\u0000', '\uD800'),
  fc.constantFrom(1e308, -1e308, -0, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER, 8.64e15 + 1, -8.64e15, 5e-324, 0.5, -1),
  fc.constantFrom(null, true, false, [], {}, [1, 2], { a: 1 }),
  fc.integer(), fc.double(), fc.string({ maxLength: 20 }),
);

/** a valid event with one change: a field removed, re-typed or made extreme; the result may stay valid */
export const mutatedEvent: fc.Arbitrary<Record<string, unknown>> = fc.tuple(validEvent, fc.nat(), fc.nat({ max: 2 }), oddValue)
  .map(([e, i, how, v]) => {
    const keys = Object.keys(e);
    const k = keys[i % keys.length];
    const out = { ...e };
    if (how === 0) delete out[k];
    else out[k] = v;
    if (how === 2) out.ts = v; // extreme timestamps
    return out;
  });

/** JSON text of an object nested `depth` levels deep under `extra` (built as text: no recursion) */
const deepJson = (depth: number, arr: boolean) =>
  `{"ts":${T0},"device":"d-01","app":"com.x","type":"app.state","state":"service","extra":` +
  (arr ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) + '}';

const forbidden = fc.constantFrom('key', 'key_hex', 'key_b64', 'raw_key', 'raw_key_bytes', 'secret', 'password', 'plaintext',
  'cleartext', 'iv', 'nonce', 'body', 'data', 'sample', 'content');

/** a forbidden field name as JSON text (quotes included): random case, some letters as \\u escapes */
export const forbiddenSpelled: fc.Arbitrary<string> = fc.tuple(forbidden, fc.array(fc.nat({ max: 3 }), { minLength: 40, maxLength: 40 }))
  .map(([name, how]) => '"' + [...name].map((c, i) => {
    const h = how[i % how.length];
    if (h === 1) return c.toUpperCase();
    if (h === 2) return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
    if (h === 3) return '\\u' + c.toUpperCase().charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return c;
  }).join('') + '"');

/** any string, lone surrogates and control characters included, that is not blank and has no line break */
const junkText = (maxLength: number) => fc.oneof(
  fc.string({ unit: 'binary', maxLength }),
  fc.string({ unit: fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))), maxLength }),
  fc.uint8Array({ maxLength }).map((b) => String.fromCharCode(...b)),
).map((s) => s.replace(/[\r\n]/g, ' ')).filter((s) => s.trim().length > 0);

/** a line that is never a valid event: invalid JSON, not an object, missing/ill-typed required
 *  field, forbidden field, nesting past the depth limit, junk. No line break inside, never blank. */
export const hostileLine: fc.Arbitrary<string> = fc.oneof(
  // not JSON
  junkText(200).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }),
  fc.constantFrom('{', '{"ts":', '{"ts":1,}', "{'a':1}", 'NaN', '{"ts":NaN,"device":"d","type":"app.state"}', '\u0000', '\uD800{}', '[}'),
  // JSON, but not an object
  fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }))
    .map((v) => JSON.stringify(v)),
  // a required envelope field missing or of an impossible type
  fc.tuple(validEvent, fc.constantFrom('ts', 'device', 'type'), fc.boolean()).map(([e, k, drop]) => {
    const o = { ...e };
    if (drop) delete o[k]; else o[k] = k === 'ts' ? { t: 1 } : [1];
    return JSON.stringify(o);
  }),
  // an unknown type
  validEvent.map((e) => JSON.stringify({ ...e, type: 'no.such.type' })),
  // a forbidden field, at the top or nested
  fc.tuple(validEvent, forbidden, fc.boolean(), fc.string({ maxLength: 20 })).map(([e, f, nested, v]) =>
    JSON.stringify(nested ? { ...e, meta: { x: [{ [f]: v }] } } : { ...e, [f]: v })),
  // a forbidden name spelled with random case and JSON \u escapes, at the top or nested
  fc.tuple(validEvent, forbiddenSpelled, fc.boolean(), fc.string({ maxLength: 20 })).map(([e, f, nested, v]) => {
    const ins = `${f}:${JSON.stringify(v)}`;
    const text = JSON.stringify(nested ? { ...e, meta: { x: [{ marker: 1 }] } } : e);
    return nested ? text.replace('"marker":1', ins) : text.slice(0, -1) + ',' + ins + '}';
  }),
  // __proto__ / constructor keys (as JSON text, so JSON.parse makes them own properties)
  fc.tuple(validEvent, fc.constantFrom('__proto__', 'constructor', 'prototype'), forbidden).map(([e, k, f]) =>
    JSON.stringify(e).slice(0, -1) + `,${JSON.stringify(k)}:{"${f}":"x","polluted":true}}`),
  // nesting past the limit (up to a few thousand levels)
  fc.tuple(fc.integer({ min: 65, max: 5000 }), fc.boolean()).map(([d, arr]) => deepJson(d, arr)),
);

/** anything a sensor might send, good or bad: the stress mix (no line breaks, may be blank) */
export const anyLine: fc.Arbitrary<string> = fc.oneof(
  validEvent.map((e) => JSON.stringify(e)),
  mutatedEvent.map((e) => JSON.stringify(e)),
  hostileLine,
  // a long string value, an odd-unicode value (surrogates become U+FFFD when written as UTF-8)
  fc.tuple(validEvent, fc.integer({ min: 1000, max: 200_000 })).map(([e, n]) => JSON.stringify({ ...e, note: 'x'.repeat(n) })),
  fc.tuple(validEvent, fc.string({ unit: 'binary', maxLength: 50 })).map(([e, s]) => JSON.stringify({ ...e, app: s })),
  fc.constantFrom('', '   ', '\t'),
);

/** a line with a forbidden field carrying `secret` (also as not-JSON), to check the value never leaks */
export const leakyLine = (secret: string): fc.Arbitrary<string> =>
  fc.tuple(validEvent, forbiddenSpelled, fc.nat({ max: 4 }))
    .map(([e, f, how]) => {
      const text = JSON.stringify(e).slice(0, -1) + `,${f}:${JSON.stringify(secret)}`;
      if (how === 0) return text + '}';
      if (how === 1) return text + ',}'; // not JSON
      if (how === 2) return text; // truncated
      if (how === 4) return JSON.stringify(e).slice(0, -1) + `,${f}:${secret}}`; // unquoted value: V8 quotes the text in its message
      return JSON.stringify({ ...e, meta: [{ deep: { [JSON.parse(f)]: secret } }] });
    });

// ---- adapter inputs shaped enough to pass each adapter's sniff and reach its parser ----

const jv = fc.jsonValue({ maxDepth: 3 });
const u32 = (n: number, le = true) => { const b = Buffer.alloc(4); if (le) b.writeUInt32LE(n >>> 0); else b.writeUInt32BE(n >>> 0); return b; };
const u16 = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16LE(n & 0xffff); return b; };

/** a JSON object holding `keys` (random values, or the given realistic ones), and random extras */
const shaped = (keys: Record<string, fc.Arbitrary<unknown>>) =>
  fc.tuple(fc.record(Object.fromEntries(Object.entries(keys).map(([k, a]) => [k, fc.oneof(a, jv)])), { requiredKeys: [] }),
    fc.dictionary(fc.string({ maxLength: 8 }), jv, { maxKeys: 3 }))
    .map(([o, extra]) => ({ ...extra, ...o }));

const call = shaped({
  class: fc.constantFrom('javax.crypto.Cipher', 'javax.crypto.spec.SecretKeySpec', 'java.net.URL', 'android.telephony.TelephonyManager'),
  method: fc.constantFrom('doFinal', 'init', '<init>', 'openConnection', 'getDeviceId'),
  timestamp: fc.integer({ min: 0, max: 2e12 }), args: fc.array(jv, { maxLength: 3 }), arguments: fc.array(jv, { maxLength: 3 }),
  result: jv, return: jv, calledFrom: fc.string({ maxLength: 20 }), name: fc.constantFrom('Crypto', 'Network'),
  type: fc.constantFrom('content', 'hook'), hooked_class: fc.string({ maxLength: 10 }),
});

/** pcap (classic) / pcapng headers followed by records of random content and (mostly) consistent lengths */
const pcapBytes = fc.tuple(
  fc.constantFrom(0xa1b2c3d4, 0xa1b23c4d), fc.boolean(), fc.constantFrom(0, 1, 101, 113, 228, 229, 276, 65535),
  fc.array(fc.tuple(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: -4, max: 4 })), { maxLength: 12 }),
).map(([magic, le, link, recs]) => Buffer.concat([
  u32(magic, le), le ? u16(2) : Buffer.from([0, 2]), le ? u16(4) : Buffer.from([0, 4]), u32(0), u32(0), u32(65535, le), u32(link, le),
  ...recs.flatMap(([data, skew]) => [u32(1767600000, le), u32(0, le), u32(Math.max(0, data.length + skew), le), u32(data.length, le), Buffer.from(data)]),
]));
const pcapngBytes = fc.tuple(
  fc.constantFrom(1, 101, 228), fc.array(fc.tuple(fc.constantFrom(1, 3, 5, 6, 0x80000001), fc.uint8Array({ maxLength: 160 }), fc.integer({ min: -8, max: 8 })), { maxLength: 10 }),
).map(([link, blocks]) => {
  const block = (type: number, body: Buffer, skew = 0) => {
    const pad = Buffer.alloc((4 - (body.length % 4)) % 4);
    const len = 12 + body.length + pad.length;
    return Buffer.concat([u32(type), u32(len + skew), body, pad, u32(len)]);
  };
  return Buffer.concat([
    block(0x0a0d0d0a, Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)])),
    block(1, Buffer.concat([u16(link), u16(0), u32(65535)])),
    ...blocks.map(([t, data, skew]) => block(t, t === 6 ? Buffer.concat([u32(0), u32(0), u32(0), u32(data.length), u32(data.length), Buffer.from(data)]) : Buffer.from(data), skew)),
  ]);
});

const csvField = fc.oneof(fc.constantFrom('', '0', '1.5', '-1', '1e308', 'NaN', '10.0.0.2', '185.22.1.9', '2001:db8::1', 'TCP', 'TLSv1.2', '"a,b"', '"', '443'),
  fc.string({ maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, ' ')));
const csvBytes = fc.tuple(
  fc.shuffledSubarray(['No.', 'Time', 'Source', 'Destination', 'Protocol', 'Length', 'Info', 'Source Port', 'Destination Port', 'Server Name'], { minLength: 3 }),
  fc.array(fc.array(csvField, { maxLength: 12 }), { maxLength: 20 }), fc.boolean(),
).map(([cols, rows, quote]) => {
  const head = [...new Set(['Source', 'Destination', 'Length', ...cols])].map((c) => (quote ? `"${c}"` : c)).join(',');
  return Buffer.from([head, ...rows.map((r) => r.join(','))].join('\n'));
});

/** per adapter name: inputs that pass (or nearly pass) its sniff */
export const adapterShaped: Record<string, fc.Arbitrary<Buffer>> = {
  cuckoodroid: shaped({
    info: shaped({ started: fc.string(), duration: fc.integer() }), target: shaped({ file: shaped({ name: fc.string() }) }),
    droidmon: shaped({ crypto_keys: fc.array(jv), encoded_data: fc.array(jv), sendnet: fc.array(jv), fingerprint: fc.array(jv), error: fc.array(jv) }),
    apkinfo: shaped({ manifest: shaped({ package: fc.constantFrom('com.flash.tools', ''), permissions: fc.array(jv) }) }),
    network: shaped({ http: fc.array(shaped({ host: fc.string(), uri: fc.string(), body: fc.string() }), { maxLength: 3 }), dns: fc.array(jv) }),
    behavior: shaped({ processes: fc.array(shaped({ calls: fc.array(call, { maxLength: 4 }) }), { maxLength: 2 }) }),
  }).map((o) => Buffer.from(JSON.stringify({ info: {}, target: {}, droidmon: {}, ...o }))),
  droidbox: shaped({
    apkName: fc.string(), cryptousage: fc.dictionary(fc.string({ maxLength: 6 }), shaped({ algorithm: fc.constantFrom('AES', 'DES'), key: fc.string(), operation: fc.constantFrom('keyalgo', 'encryption', 'decryption'), data: fc.string() })),
    sendnet: fc.dictionary(fc.string({ maxLength: 6 }), shaped({ desthost: fc.string(), destport: fc.string(), data: fc.string(), fd: fc.string() })),
    opennet: fc.dictionary(fc.string({ maxLength: 6 }), jv), fdaccess: fc.dictionary(fc.string({ maxLength: 6 }), jv),
    dataleaks: fc.dictionary(fc.string({ maxLength: 6 }), jv), accessedfiles: jv, enfperm: jv,
  }).map((o) => Buffer.from(JSON.stringify({ apkName: 'x.apk', cryptousage: {}, sendnet: {}, ...o }))),
  droidmon: fc.array(fc.tuple(fc.constantFrom('', '01-29 05:05:47.721 I/Xposed  ( 3148): ', 'I/Droidmon-apimonitor-com.example.app( 1234): '), call), { maxLength: 12 })
    .map((ls) => Buffer.from(ls.map(([p, o]) => p + JSON.stringify({ timestamp: 1, class: 'c', method: 'm', ...o })).join('\n'))),
  mobsf: fc.array(fc.tuple(fc.constantFrom('MobSF-API-Monitor: ', ''), call), { maxLength: 12 })
    .map((ls) => Buffer.from(ls.map(([p, o]) => p + JSON.stringify({ name: 'Crypto', class: 'c', method: 'm', arguments: [], calledFrom: 'x', ...o })).join('\n'))),
  ocsf: fc.array(shaped({
    class_uid: fc.constantFrom(4001, 4002, 4003, 4006, 1001, 1007, 2004, 0, -1, 1e308), time: fc.oneof(fc.integer(), fc.string()),
    device: shaped({ uid: fc.string(), hostname: fc.string() }), src_endpoint: shaped({ ip: fc.string() }),
    dst_endpoint: shaped({ ip: fc.constantFrom('185.22.1.9', 'x'), hostname: fc.string(), port: fc.integer() }),
    traffic: shaped({ bytes_out: fc.integer(), bytes_in: fc.integer() }), actor: shaped({ process: shaped({ name: fc.string() }), app_name: fc.string() }),
    metadata: shaped({ product: shaped({ name: fc.string() }), uid: fc.string() }), activity_id: fc.integer({ min: -1, max: 10 }),
  }), { minLength: 1, maxLength: 8 }).chain((recs) => fc.boolean().map((asArray) =>
    Buffer.from(asArray ? JSON.stringify(recs.map((r) => ({ class_uid: 4001, ...r }))) : recs.map((r) => JSON.stringify({ class_uid: 4001, ...r })).join('\n')))),
  pcap: fc.oneof(pcapBytes, pcapngBytes),
  'packet-csv': csvBytes,
};
