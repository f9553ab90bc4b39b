import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/browser/**', 'test/toolchains/**', 'node_modules/**'],
    // Worker threads started by the tests inherit this, so task modules may be TypeScript.
    poolOptions: { forks: { execArgv: ['--import', './scripts/typescript-loader.mjs'] } },
    typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'], tsconfig: './tsconfig.test.json' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
