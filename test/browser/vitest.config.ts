/**
 * The Chromium tests: Node-side Vitest files that drive headless Chromium (playwright-core,
 * Debian's /usr/bin/chromium). One file at a time: each starts its own browser.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../../', import.meta.url).pathname,
    include: ['test/browser/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
