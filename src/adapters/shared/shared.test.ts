import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { fingerprintBytes } from './key-fp.js';
import { isHexdump, parseHexdump } from './hexdump.js';
import { bytesOfDroidmonValue, bytesOfFridaValue, bytesOfHex, bytesOfSignedList } from './byte-values.js';
import { targetOfUrl, targetOfSocket, findUrl } from './net-target.js';
import { entropyOf, featuresOfBody, featuresOfQuery } from './payload-features.js';
import { canonicalAlg, isAsymmetric, isCipherKeyAlg, paddedSize, parseTransformation } from './cipher-names.js';
import { categoryOfApi, categoryOfContentUri, categoryOfReadPath, categoryOfTaintTag, isAndroidIdRead } from './data-categories.js';
import { intentOfOpenFlags } from './open-flags.js';
import { guessDirection } from './crypto-calls.js';
import { guessPackage } from './package-name.js';
import { selfOfDroidmon } from './java-call.js';
import { tsOfRunSeconds, syntheticTs, SYNTHETIC_EPOCH_MS } from './synthetic-time.js';
import { EventSink, ISSUE_CAP } from './event-sink.js';

describe('key fingerprints', () => {
  it('is lowercase hex of the first 16 bytes of SHA-256 of the raw bytes', () => {
    const want = createHash('sha256').update('30212102dicudiab').digest('hex').slice(0, 32);
    expect(fingerprintBytes(Buffer.from('30212102dicudiab'))).toBe(want);
    expect(want).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('droidmon hexdumps', () => {
  it('reads bytes by column, never the ASCII part', () => {
    const dump = '\n0x00000000 8D 76 3E 1D 0E 68 DE 87 3E A7 55 D7 FF E9 01 D1 .v>..h..>.U.....\n0x00000010 41 42                                           AB';
    expect(isHexdump(dump)).toBe(true);
    expect(Buffer.from(parseHexdump(dump)!).toString('hex')).toBe('8d763e1d0e68de873ea755d7ffe901d14142');
    expect(parseHexdump('\n0x00000000 00 2A 02 36 04 2D 06 08                         .*.6.-..')!.length).toBe(8);
    expect(parseHexdump('351451208401216')).toBeUndefined();
  });
  it('decodes droidmon values: hexdump, else the text\'s UTF-8 bytes', () => {
    expect(bytesOfDroidmonValue('abc')!.length).toBe(3);
    expect(bytesOfDroidmonValue('\n0x00000000 01 02                                           ..')!.length).toBe(2);
    expect(bytesOfDroidmonValue(42)).toBeUndefined();
  });
});

describe('byte lists', () => {
  it('reads signed byte lists, Frida arrays and hex', () => {
    expect([...bytesOfSignedList('-91, 48, -17')!]).toEqual([165, 48, 239]);
    expect([...bytesOfFridaValue([-1, 0, 127])!]).toEqual([255, 0, 127]);
    expect([...bytesOfFridaValue('1,-2,3')!]).toEqual([1, 254, 3]);
    expect(bytesOfFridaValue([1, 'a'])).toBeUndefined();
    expect([...bytesOfHex('00ff')!]).toEqual([0, 255]);
    expect(bytesOfHex('0g')).toBeUndefined();
  });
});

describe('entropy', () => {
  it('is bits per byte, bounded by log2 of the sample size', () => {
    expect(entropyOf(new Uint8Array(0))).toBe(0);
    expect(entropyOf(Buffer.from('aaaa'))).toBe(0);
    expect(entropyOf(Uint8Array.from({ length: 256 }, (_, i) => i))).toBe(8);
    expect(entropyOf(Uint8Array.from({ length: 48 }, (_, i) => i))).toBeCloseTo(Math.log2(48), 1);
    expect(entropyOf(Uint8Array.from({ length: 300 }, (_, i) => i % 256).subarray(44))).toBe(8); // a view, not its whole buffer
  });
});

describe('destinations and payloads', () => {
  it('parses URLs and sockets into destination fields', () => {
    expect(targetOfUrl('http://ltpy.i51fu.com:9820/chnlt/paystart.do?a=1')).toEqual({ dst_host: 'ltpy.i51fu.com', dst_port: 9820, proto: 'http', tls: false, path: '/chnlt/paystart.do', query: 'a=1' });
    expect(targetOfUrl('https://112.124.72.119')).toMatchObject({ dst_ip: '112.124.72.119', dst_port: 443, tls: true });
    expect(targetOfUrl('content://sms')).toBeUndefined();
    expect(targetOfSocket('10.0.0.1', 5555)).toEqual({ dst_ip: '10.0.0.1', dst_port: 5555, proto: 'tcp' });
    expect(findUrl('HttpURLConnectionImpl:http://a.b/c?d=1')).toBe('http://a.b/c?d=1');
  });
  it('guesses payload formats and counts base64 fields', () => {
    expect(featuresOfQuery('a=1&d=QUJDREVGR0hJSktMTU5PUFFSUw%3D%3D')).toEqual({ format: 'form', size: 38, b64_fields: 1, hex_fields: 0, enc_bytes: 0 }); // base64 of text: not encoded high-entropy bytes
    expect(featuresOfQuery('device_id=351451208401216&imsi=42502277652101')).toMatchObject({ format: 'form', b64_fields: 0 });
    expect(featuresOfBody(Buffer.from('{"c":"eoJYDlH1TYdTfBvMZiQ+4oKLGzntpPRfE13DKfhPZSMs"}'))).toMatchObject({ format: 'json', b64_fields: 1 });
    expect(featuresOfBody(Buffer.from('<a/>'))).toMatchObject({ format: 'xml' });
    expect(featuresOfBody(Uint8Array.from([0, 1, 2, 250, 251]))).toMatchObject({ format: 'binary', size: 5 });
  });
});

describe('ciphers', () => {
  it('names algorithms, modes, and the sizes they imply', () => {
    expect(parseTransformation('AES/CBC/PKCS5Padding')).toEqual({ alg: 'AES', mode: 'CBC', padding: 'PKCS5Padding' });
    expect(parseTransformation('AES')).toEqual({ alg: 'AES', mode: 'ECB' });
    expect(parseTransformation('ARCFOUR')).toEqual({ alg: 'RC4', mode: 'stream' });
    expect(canonicalAlg('desede')).toBe('DESede');
    expect(isAsymmetric('RSA')).toBe(true);
    expect(isCipherKeyAlg('HmacSHA256')).toBe(false);
    expect(paddedSize(parseTransformation('AES/CBC/PKCS5Padding'), 16)).toBe(32);
    expect(paddedSize(parseTransformation('AES/GCM/NoPadding'), 16)).toBeUndefined();
  });
  it('tells the direction from sizes, then from the printable side', () => {
    expect(guessDirection(new Uint8Array(15), new Uint8Array(16))).toBe('encrypt');
    expect(guessDirection(new Uint8Array(32), new Uint8Array(19))).toBe('decrypt');
    expect(guessDirection(Buffer.from('hello world!'), Uint8Array.from([1, 200, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))).toBe('encrypt');
    expect(guessDirection(new Uint8Array(8), new Uint8Array(8))).toBeUndefined();
  });
});

describe('data categories and files', () => {
  it('maps APIs, URIs, taint tags and shared-storage reads', () => {
    expect(categoryOfApi('android.telephony.TelephonyManager', 'getDeviceId')).toBe('device_info');
    expect(categoryOfApi('android.location.LocationManager', 'getLastKnownLocation')).toBe('location');
    expect(categoryOfApi('java.lang.String', 'length')).toBeUndefined();
    expect(isAndroidIdRead('android.provider.Settings_Secure', 'getString', ['r', 'android_id'])).toBe(true);
    expect(categoryOfContentUri('content://sms/inbox')).toBe('sms');
    expect(categoryOfContentUri('content://com.android.contacts/data')).toBe('contacts');
    expect(categoryOfContentUri('content://media/external/images/media')).toBe('photos');
    expect(categoryOfTaintTag('TAINT_IMEI')).toBe('device_info');
    expect(categoryOfReadPath('/storage/emulated/0/DCIM/a.jpg')).toBe('photos');
    expect(categoryOfReadPath('/sdcard/Android/data/x/y')).toBeUndefined();
  });
  it('reads open(2) flags', () => {
    expect(intentOfOpenFlags('577')).toEqual({ write: true, op: 'overwrite' });
    expect(intentOfOpenFlags('1089')).toEqual({ write: true, op: 'append' });
    expect(intentOfOpenFlags('0')).toEqual({ write: false });
    expect(intentOfOpenFlags('x')).toBeUndefined();
  });
  it('guesses the package from paths and parses droidmon receivers', () => {
    expect(guessPackage('"\\/data\\/data\\/com.a.b\\/x" /data/user/0/com.a.b/y /data/app/com.c.d-1.apk')).toBe('com.a.b');
    expect(selfOfDroidmon("{u'mode': 2}")).toEqual({ mode: 2 });
    expect(selfOfDroidmon("{u'path': u'/data/x'}")).toEqual({ path: '/data/x' });
    expect(selfOfDroidmon('http://a.b/')).toEqual({ url: 'http://a.b/' });
    expect(selfOfDroidmon({ mode: 1 })).toEqual({ mode: 1 });
  });
});

describe('time and the event sink', () => {
  it('synthesizes time', () => {
    expect(syntheticTs(1000, 3)).toBe(1300);
    expect(tsOfRunSeconds('1.5')).toBe(SYNTHETIC_EPOCH_MS + 1500);
    expect(tsOfRunSeconds('x')).toBeUndefined();
  });
  it('orders events stably, stamps ids after ordering, caps issues', () => {
    const s = new EventSink('t', 'f', 'd', 'a.b');
    s.emit(20, 'app.state', { state: 'service' });
    s.emit(10, 'data.access', { category: 'sms' });
    s.emit(10, 'device.state', { screen: 'off' });
    for (let i = 0; i < ISSUE_CAP + 5; i++) s.issue('x', 'y');
    const out = s.finish();
    expect(out.events.map((e) => [e.ts, e.type, e.id, e.app])).toEqual([[10, 'data.access', 't-1', 'a.b'], [10, 'device.state', 't-2', undefined], [20, 'app.state', 't-3', 'a.b']]);
    expect(out.issues.length).toBe(ISSUE_CAP + 1);
    expect(out.issues.at(-1)).toMatchObject({ code: 'too_many_issues', message: '5 more issue(s) not listed' });
  });
});
