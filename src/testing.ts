export { ManualScheduler } from './testing/manual-scheduler.js';
export { waitFor, type Observable, type WaitForOptions } from './testing/wait-for.js';
