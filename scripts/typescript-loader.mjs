// Lets Node run TypeScript files directly, in the main thread and in every worker thread
// (workers inherit `--import` from the parent's execArgv; tsx's own entry skips workers).
// Usage: node --import ./scripts/typescript-loader.mjs examples/demo.ts
import { register } from 'tsx/esm/api';

register();
