import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Worker threads and child processes started by the code under test load .ts task modules.
  test: { execArgv: ['--import', 'tsx'] },
});
