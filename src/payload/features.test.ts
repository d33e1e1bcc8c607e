// Decode-aware payload features: the rules every sensor shares (src/payload is bundled into the
// Frida agent too). Encoded ciphertext must read as encoded high-entropy fields; ordinary forms,
// images, JWTs and protobuf must not.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64, isBase64Field, isHexField, isJwt, unwrapValue } from './encoded.js';
import { sniffPayload } from './features.js';
import { reducePath } from './url-path.js';
import { base64Default, cerberusCheckin, rc4 } from './rc4.test-util.js';

const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'utf8'));
const aes = (plain: Buffer) => {
  const c = createCipheriv('aes-128-cbc', randomBytes(16), randomBytes(16));
  return Buffer.concat([c.update(plain), c.final()]);
};
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(600)]);

describe('decode-aware payload features', () => {
  it('Cerberus check-in: RC4 -> hex -> Base64.DEFAULT (line breaks) -> q= is a form with one encoded high-entropy field', () => {
    for (const urlEncode of [false, true]) {
      const f = sniffPayload(bytes(cerberusCheckin('dnolwplngqnu', urlEncode)));
      expect(f, `urlEncode=${urlEncode}`).toMatchObject({ format: 'form', b64_fields: 1, hex_fields: 1 });
      expect(f.enc_bytes).toBeGreaterThan(150);
      expect(f.enc_entropy!).toBeGreaterThan(6.5); // ~170 bytes: a small sample reads below 8
      expect(f.entropy!).toBeLessThan(6.2); // the body itself reads like text: why decoding matters
    }
  });

  it('an ordinary form post stays plain', () => {
    const f = sniffPayload(bytes('user=alice&password=correct+horse&remember=1&lang=en_US&next=%2Fhome%2Finbox'));
    expect(f).toMatchObject({ format: 'form', b64_fields: 0, hex_fields: 0, enc_bytes: 0 });
    expect(f.enc_entropy).toBeUndefined();
  });

  it('JSON with AES ciphertext in base64 and in hex; nested once inside a form value', () => {
    const j = JSON.stringify({ id: 'd1', blob: aes(randomBytes(900)).toString('base64'), sig: aes(randomBytes(60)).toString('hex') });
    const f = sniffPayload(bytes(j));
    expect(f).toMatchObject({ format: 'json', b64_fields: 1, hex_fields: 1 });
    expect(f.enc_bytes).toBe(912 + 64);
    expect(f.enc_entropy!).toBeGreaterThan(7.5);
    const form = sniffPayload(bytes(`data=${encodeURIComponent(j)}&v=2`));
    expect(form).toMatchObject({ format: 'form', b64_fields: 1, hex_fields: 1, enc_bytes: 976 });
  });

  it('a JSON document cut by the sample still counts its complete values', () => {
    const j = JSON.stringify({ a: aes(randomBytes(300)).toString('base64'), b: 'x'.repeat(5000) });
    const f = sniffPayload(bytes(j).subarray(0, 1000), j.length);
    expect(f).toMatchObject({ format: 'json', b64_fields: 1 });
    expect(f.enc_entropy!).toBeGreaterThan(7);
  });

  it('benign encodings: images (magic bytes), JWTs, protobuf, base64 of text count as fields, not as encoded high-entropy bytes', () => {
    const head = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
    const jwt = `${head}.${Buffer.from('{"sub":"1234567890","name":"A"}').toString('base64url')}.${randomBytes(32).toString('base64url')}`;
    expect(isJwt(jwt)).toBe(true);
    const proto = Buffer.from([0x08, 0x96, 0x01, 0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67, 0x18, 0x01, 0x22, 0x03, 0x61, 0x62, 0x63]);
    const f = sniffPayload(bytes(JSON.stringify({ avatar: PNG.toString('base64'), token: jwt, msg: proto.toString('base64'), note: Buffer.from('hello there, general kenobi').toString('base64') })));
    expect(f).toMatchObject({ format: 'json', b64_fields: 4, enc_bytes: 0 });
    expect(f.enc_entropy).toBeUndefined();
  });

  it('multipart text parts and a base64 body are unwrapped', () => {
    const ct = aes(randomBytes(400)).toString('base64');
    const mp = `--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello\r\n--XyZ\r\nContent-Disposition: form-data; name="b"\r\n\r\n${ct}\r\n--XyZ--\r\n`;
    expect(sniffPayload(bytes(mp))).toMatchObject({ format: 'multipart', b64_fields: 1, enc_bytes: 416 });
    const body = sniffPayload(bytes(base64Default(aes(randomBytes(400)))));
    expect(body).toMatchObject({ format: 'base64', b64_fields: 1, enc_bytes: 416 });
  });

  it('binary and text payloads have no encoded fields', () => {
    expect(sniffPayload(randomBytes(2000))).toMatchObject({ format: 'binary', b64_fields: 0, hex_fields: 0, enc_bytes: 0 });
    expect(sniffPayload(bytes('just some words typed by a person, nothing encoded here'))).toMatchObject({ format: 'text', b64_fields: 0 });
  });

  it('value recognisers: hex digests, words, wrapped base64', () => {
    expect(isHexField(createHash('sha256').update('x').digest('hex'))).toBe(true);
    expect(isHexField('deadbeef')).toBe(false); // 4 bytes
    expect(isHexField('DeadBeef'.repeat(4))).toBe(false); // mixed case: not hex output
    expect(isBase64Field('internationalization')).toBe(false);
    const wrapped = base64Default(randomBytes(200));
    expect(unwrapValue(wrapped.trim())).toMatchObject({ b64: true, hex: false });
    expect(unwrapValue(wrapped.trim())!.bytes.length).toBe(200);
    const key = Buffer.from('k3y');
    expect(Buffer.from(decodeBase64(Buffer.from(rc4(key, Buffer.from('abc'))).toString('base64')))).toEqual(Buffer.from(rc4(key, Buffer.from('abc'))));
  });

  it('URL paths keep their first two segments unless configured', () => {
    expect(reducePath('/api/v2/users/4711/photos?x=1')).toBe('/api/v2');
    expect(reducePath('/gate.php')).toBe('/gate.php');
    expect(reducePath('/')).toBe('/');
    expect(reducePath('/a/b/c', 1)).toBe('/a');
    expect(reducePath('/a/b/c?q=1', -1)).toBe('/a/b/c');
  });
});
