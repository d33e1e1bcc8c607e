import { describe, expect, it } from 'vitest';
import { identifierCategories } from './identifiers.js';

const cats = (text: string) => Object.fromEntries(identifierCategories(Buffer.from(text, 'latin1')));

describe('identifierCategories', () => {
  it('an IMEI is device_info only when its Luhn digit checks', () => {
    expect(cats('imei=490154203237518')).toEqual({ device_info: 1 });
    expect(cats('imei=490154203237519')).toEqual({});
  });
  it('a longer digit run (a timestamp, an id) is no IMEI', () => {
    expect(cats('ts=1767600000000123&id=4901542032375180')).toEqual({});
  });
  it('an international phone number is contacts; a bare local number is not claimed', () => {
    expect(cats('to=+447700900123 and +15550100123')).toEqual({ contacts: 2 });
    expect(cats('call 5550100')).toEqual({});
  });
  it('an e-mail address is accounts', () => {
    expect(cats('{"u":"ann.lee@example.org","v":"x@y"}')).toEqual({ accounts: 1 });
  });
  it('says nothing of ciphertext-looking text', () => {
    expect(cats('d=QUJDREVGR0hJSktMTU5PUFFSUw==&x=1')).toEqual({});
  });
});
