/**
 * The final messages a context makes up for a task it ends itself, so that the future's
 * sequence stays valid and final (see `MADE_UP_ENDING` in `task-lifecycle.ts`). Used by the
 * worker pool and the inline context alike.
 */
import type { ExceptionInfo } from '../../core/marshal-error.js';
import type { TaskMessage } from '../../core/messages.js';
import type { MadeUpEnding } from './task-lifecycle.js';

/** The messages of `ending`, with `exception` as the outcome where one is raised. */
export function madeUpMessages(ending: MadeUpEnding, exception: ExceptionInfo | undefined): TaskMessage[] {
  switch (ending) {
    case 'none':
      return [];
    case 'abandon':
      return [{ type: 'abandoned' }];
    case 'startAndRaise':
      return [{ type: 'started' }, { type: 'raised', exception: exception as ExceptionInfo }];
    case 'raise':
      return [{ type: 'raised', exception: exception as ExceptionInfo }];
  }
}
