/**
 * The runners of the built-in task kinds, shipped in the worker runtime and named by
 * `builtinTask(name)` on the main thread.
 */
import { runCall } from '../tasks/call/call-task.js';
import { runIteration } from '../tasks/iteration/iteration-task.js';
import { runMapChunk } from '../tasks/map/map-task.js';
import { runProgress } from '../tasks/progress/progress-task.js';

/** The built-in runners, by name. */
export const BUILTIN_RUNNERS = {
  call: runCall,
  iteration: runIteration,
  map: runMapChunk,
  progress: runProgress,
} as const;

/** The name of a built-in runner. */
export type BuiltinRunnerName = keyof typeof BUILTIN_RUNNERS;
