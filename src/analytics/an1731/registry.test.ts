// The registry calls each facet's hooks at call sites of their own (so V8 can inline them): those
// lists must stay the facets' own declarations, or a facet would silently miss its records.
import { expect, it } from 'vitest';
import { hooksMatchRegistry } from './registry.js';

it('the per-kind hook functions call exactly the facets that declare each hook', () => {
  expect(hooksMatchRegistry()).toBe(true);
});
