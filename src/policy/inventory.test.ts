import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type AppEntry, type Policy } from '../model/policy.js';
import { Inventory, signerMatches } from './inventory.js';
import { domainPatternProblem } from './host-pattern.js';

const HEX = '9f2c4a1b3d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8';
const colons = (h: string) => h.toUpperCase().match(/../g)!.join(':');

function policyWith(apps: AppEntry[], allowed: string[] = []): Policy {
  return { ...structuredClone(DEFAULT_POLICY), apps, allowed_crypto_apps: allowed };
}

describe('Inventory.domainExpected', () => {
  const entry: AppEntry = { package: 'com.example.backup', expected_domains: ['*.example.com', 'api.other.net', 'Upper.Case.ORG.', '10.0.0.8'] };
  const inv = new Inventory(policyWith([entry]));

  it.each([
    ['a.example.com', true],
    ['x.y.example.com', true],
    ['example.com', true],           // the apex matches a `*.` wildcard (domain owners mean "our domain")
    ['A.EXAMPLE.COM', true],         // case-insensitive
    ['a.example.com.', true],        // trailing dot ignored
    ['badexample.com', false],       // not a label boundary
    ['example.com.evil.net', false],
    ['com', false],
    ['api.other.net', true],         // exact
    ['API.other.net.', true],
    ['x.api.other.net', false],      // exact entries do not cover subdomains
    ['other.net', false],
    ['upper.case.org', true],        // the pattern is normalised too
    ['10.0.0.8', true],
    ['10.0.0.9', false],
    ['', false],
  ])('%j -> %s', (host, want) => {
    expect(inv.domainExpected(entry, host)).toBe(want);
  });

  it('is false for an entry that declares no domains', () => {
    const bare: AppEntry = { package: 'a.b' };
    expect(new Inventory(policyWith([bare])).domainExpected(bare, 'example.com')).toBe(false);
  });

  it('works for an entry object it was not built with', () => {
    expect(inv.domainExpected({ package: 'x.y', expected_domains: ['*.cdn.net'] }, 'a.cdn.net')).toBe(true);
  });
});

describe('Inventory look-ups', () => {
  const backup: AppEntry = { package: 'com.example.backup', approved: true };
  const inv = new Inventory(policyWith([backup, { package: 'com.flash.tools', approved: false }], ['org.thoughtcrime.securesms']));

  it('finds entries by exact package name', () => {
    expect(inv.entry('com.example.backup')).toBe(backup);
    expect(inv.entry('com.example.Backup')).toBeUndefined();
    expect(inv.entry('com.example')).toBeUndefined();
    expect(inv.entry('com.flash.tools')?.approved).toBe(false);
  });

  it('knows AllowedCryptoApps', () => {
    expect(inv.isAllowedCrypto('org.thoughtcrime.securesms')).toBe(true);
    expect(inv.isAllowedCrypto('com.example.backup')).toBe(false);
  });

  it('is empty for the default policy', () => {
    const d = new Inventory(DEFAULT_POLICY);
    expect(d.entry('com.example.backup')).toBeUndefined();
    expect(d.isAllowedCrypto('org.thoughtcrime.securesms')).toBe(false);
  });
});

describe('signerMatches', () => {
  it.each([
    [HEX, HEX, true],
    [HEX, HEX.toUpperCase(), true],
    [HEX, colons(HEX), true],
    [colons(HEX), HEX, true],
    [` ${HEX}\n`, colons(HEX).toLowerCase(), true],
    [HEX, HEX.slice(0, -1) + '0', false],
    [HEX, HEX.slice(0, 32), false],
    ['', '', false],
    [HEX, '', false],
  ])('%s vs %s -> %s', (expected, seen, want) => {
    expect(signerMatches(expected, seen)).toBe(want);
    expect(new Inventory(DEFAULT_POLICY).signerMatches(expected, seen)).toBe(want);
  });
});

describe('domainPatternProblem', () => {
  it.each([['example.com'], ['*.example.com'], ['a-b.example.co.uk'], ['EXAMPLE.com.'], ['10.1.2.3'], ['2001:db8::1'], ['[2001:db8::1]'], ['_dmarc.example.com']])(
    'accepts %s', (p) => { expect(domainPatternProblem(p)).toBeUndefined(); },
  );
  it.each([[''], ['*'], ['https://example.com'], ['example.com/path'], ['example.com:443'], ['a.*.example.com'], ['*example.com'], ['-a.example.com'], ['a..example.com'], ['ex ample.com']])(
    'rejects %j', (p) => { expect(domainPatternProblem(p)).toBeDefined(); },
  );
});
