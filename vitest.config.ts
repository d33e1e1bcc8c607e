import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    // prints "skipped: …" for every suite whose need (test/need.ts) was missing
    globalSetup: ['test/skip-summary.ts'],
  },
});
