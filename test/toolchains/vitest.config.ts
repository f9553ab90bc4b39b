/**
 * The toolchain tests: the packed library installed into fresh projects (tsx, tsc, Node's type
 * stripping, a user's Vitest, Vite, webpack, esbuild). Slow by nature (npm installs, builds), so
 * they run apart from the unit suite, after `npm run build`.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../../', import.meta.url).pathname,
    include: ['test/toolchains/**/*.test.ts'],
    globalSetup: ['test/toolchains/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    reporters: ['default'],
  },
});
