import { describe, expect, it } from 'vitest';
import { canonicalKey, editDistance, suggestKey } from './suggest.js';
import { APP_KEYS, THRESHOLD_KEYS } from './policy-keys.js';

describe('suggestKey', () => {
  it.each([
    ['time_wndow', THRESHOLD_KEYS, 'time_window'],
    ['TimeWindow', THRESHOLD_KEYS, 'time_window'],
    ['time-window', THRESHOLD_KEYS, 'time_window'],
    ['EntropyThreshold', THRESHOLD_KEYS, 'entropy_threshold'],
    ['entropy', THRESHOLD_KEYS, 'entropy_threshold'],
    ['beacon_interval_varience', THRESHOLD_KEYS, 'beacon_interval_variance'],
    ['lable', APP_KEYS, 'label'],
    ['expected_domain', APP_KEYS, 'expected_domains'],
    ['pakage', APP_KEYS, 'package'],
    ['colour', APP_KEYS, undefined],
    ['x', THRESHOLD_KEYS, undefined],
  ] as const)('%s -> %s', (key, cands, want) => {
    expect(suggestKey(key, cands)).toBe(want);
  });

  it('counts a transposition as one edit', () => {
    expect(editDistance('lable', 'label')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('canonicalises CamelCase and dashes', () => {
    expect(canonicalKey('KeyReuseThreshold')).toBe('key_reuse_threshold');
    expect(canonicalKey('background-network')).toBe('background_network');
  });
});
