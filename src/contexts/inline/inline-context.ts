/**
 * Running tasks on the main thread itself: for async I/O work, and for deterministic tests.
 *
 * Message path: `run` schedules the task for a later event-loop task (so nothing changes
 * before `submit` returns); the task runs with a plain boolean as its cancellation flag; its
 * messages are queued and handed to the receiver in a later event-loop task, in order.
 * Values are passed by reference, not cloned, and inline functions may close over variables.
 */
import type { CancelOptions } from '../../core/base-future.js';
import { TaskCancelled, TaskTimeoutError } from '../../core/errors.js';
import { marshalError, type ExceptionInfo } from '../../core/marshal-error.js';
import { normalizeTimeLimit, startTimeLimit } from '../../core/time-limit.js';
import { isFinalMessage, type TaskMessage } from '../../core/messages.js';
import type {
  MessageReceiver,
  ParallelContext,
  RunOptions,
  TaskControl,
} from '../../core/parallel-context.js';
import type { TaskInvocation } from '../../core/task-specification.js';
import { madeUpMessages } from '../pool/made-up-messages.js';
import { MADE_UP_ENDING, taskTransition, type TaskEvent, type TaskState } from '../pool/task-lifecycle.js';
import { isTask, locateTask, type AnyFunction, type Task } from '../../core/task-reference.js';
import { executeTask, type PreparedTask } from '../../worker/execute-task.js';
import { prepareTask } from '../../worker/prepare-task.js';
import { resolveTask } from '../../worker/resolve-task.js';
import { BackgroundTaskContext } from '../../worker/task-context.js';

/** Options of `new InlineContext()`. */
export interface InlineContextOptions {
  /**
   * Runs a callback in a later task of the event loop. Replace it to drive tasks by hand in
   * tests.
   * @default `(callback) => setTimeout(callback, 0)`
   */
  readonly schedule?: (callback: () => void) => void;
}

/**
 * Runs tasks on the main thread, concurrently, with no limit. A CPU-bound task blocks the
 * UI while it runs; use it for I/O-bound work and tests. `cancel({ force: true })` cannot stop
 * running code here: it ends the future at once and ignores whatever the task does after.
 */
export class InlineContext implements ParallelContext {
  readonly #schedule: (callback: () => void) => void;
  readonly #tasks = new Set<InlineTask>();
  #closed = false;

  constructor(options: InlineContextOptions = {}) {
    this.#schedule = options.schedule ?? ((callback) => setTimeout(callback, 0));
  }

  /** Whether {@link InlineContext.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** {@inheritDoc ParallelContext.run} */
  run(invocation: TaskInvocation, receive: MessageReceiver, options: RunOptions = {}): TaskControl {
    if (this.#closed) {
      throw new Error(
        'Cannot run a task: this context is closed. Create a new context (or executor) for more work.',
      );
    }
    const task = new InlineTask(
      invocation,
      receive,
      this.#schedule,
      () => this.#tasks.delete(task),
      options.timeout,
    );
    this.#tasks.add(task);
    this.#schedule(() => task.start());
    return { cancel: (options) => task.cancel(options) };
  }

  /** Ends every unfinished task as `raised`. Idempotent. */
  close(): Promise<void> {
    this.#closed = true;
    for (const task of [...this.#tasks]) {
      task.end(new Error('The context was closed while this task was unfinished.'));
    }
    return Promise.resolve();
  }
}

/**
 * One task of the inline context, moved through the context-side task lifecycle
 * (`pool/task-lifecycle.ts`) as its messages are delivered: what the future has seen decides
 * what is made up when the task is ended early (force-cancelled, out of time, closed).
 */
class InlineTask {
  readonly #invocation: TaskInvocation;
  readonly #receive: MessageReceiver;
  readonly #schedule: (callback: () => void) => void;
  readonly #onFinished: () => void;
  readonly #context: BackgroundTaskContext;
  readonly #timeout: number | undefined;
  #state: TaskState = 'queued';
  /** Messages produced and not yet delivered. */
  #outbox: TaskMessage[] = [];
  #clearTimer: (() => void) | undefined;

  constructor(
    invocation: TaskInvocation,
    receive: MessageReceiver,
    schedule: (callback: () => void) => void,
    onFinished: () => void,
    timeout: number | undefined,
  ) {
    this.#invocation = invocation;
    this.#receive = receive;
    this.#schedule = schedule;
    this.#onFinished = onFinished;
    this.#timeout = normalizeTimeLimit('timeout', timeout);
    this.#context = new BackgroundTaskContext(
      () => CANCEL_SEEN.has(this.#state),
      (messageType, arg) => this.#push({ type: 'sent', messageType, arg }),
    );
  }

  start(): void {
    if (this.#state === 'finished') return;
    // A task cancelled before its turn still runs through executeTask, which says `abandoned`.
    if (this.#state === 'queued') this.#on('send');
    const timeout = this.#timeout;
    if (timeout !== undefined) this.#clearTimer = startTimeLimit(timeout, () => this.#timedOut(timeout));
    executeTask(
      this.#context,
      () => this.#prepare(),
      (message) => this.#push(message),
      () => true,
    ).catch((error: unknown) => {
      // executeTask never rejects; were it to (a bug), the task still ends.
      this.end(marshalError(error));
    });
  }

  cancel(options: CancelOptions | undefined): void {
    if (this.#state === 'finished') return;
    this.#on('cancel');
    this.#context.requestCancel();
    if (options?.force === true)
      this.#kill(marshalError(new TaskCancelled('The task was terminated by cancel({ force: true })')));
  }

  /** The time limit ran out: ask the task to stop, and fail it now (running code cannot be stopped here). */
  #timedOut(timeout: number): void {
    if (this.#state === 'started' || this.#state === 'cancelRequested') this.#on('timeout');
    this.#context.requestCancel();
    this.#kill(
      marshalError(
        new TaskTimeoutError(
          `The task ran longer than its time limit of ${timeout} ms, so it was stopped. ` +
            'Raise the limit (the `timeout` option of submit), or split the work into smaller tasks.',
          timeout,
        ),
      ),
    );
  }

  /** Ends the task now with made-up final messages; later messages of the task are ignored. */
  end(error: Error | ExceptionInfo): void {
    if (this.#state === 'finished') return;
    this.#kill(error instanceof Error ? marshalError(error) : error);
  }

  /** The one place the inline context makes up a task's end (see `MADE_UP_ENDING`). */
  #kill(exception: ExceptionInfo): void {
    // Undelivered messages are dropped, so only what the future has seen counts.
    this.#outbox = [];
    const messages = madeUpMessages(MADE_UP_ENDING[this.#state], exception);
    this.#on('kill');
    this.#finished();
    if (messages.length > 0) this.#schedule(() => this.#receive(messages));
  }

  #push(message: TaskMessage): void {
    if (this.#state === 'finished') return;
    if (this.#outbox.push(message) === 1) this.#schedule(() => this.#deliver());
  }

  #deliver(): void {
    const messages = this.#outbox;
    this.#outbox = [];
    if (messages.length === 0 || this.#state === 'finished') return;
    for (const message of messages) {
      if (message.type === 'started') this.#on('start');
      else if (isFinalMessage(message)) this.#on('end');
      else this.#on('message');
    }
    if ((this.#state as TaskState) === 'finished') this.#finished();
    this.#receive(messages);
  }

  #finished(): void {
    this.#clearTimer?.();
    this.#clearTimer = undefined;
    this.#onFinished();
  }

  #on(event: TaskEvent): void {
    this.#state = taskTransition(this.#state, event);
  }

  #prepare(): PreparedTask | Promise<PreparedTask> {
    const { runner, args } = this.#invocation;
    const taskIndexes = args.flatMap((arg, index) => (isTask(arg) ? [index] : []));
    return prepareTask(runner, args, taskIndexes, resolveInline);
  }
}

/** The states in which the task's `cancelled()` is true. */
const CANCEL_SEEN: ReadonlySet<TaskState> = new Set<TaskState>([
  'cancelRequestedAhead',
  'cancelRequested',
  'timedOut',
  'finished',
]);

function resolveInline(task: unknown): AnyFunction | Promise<AnyFunction> {
  if (typeof task === 'function') return task as AnyFunction;
  return resolveTask(locateTask(task as Task<AnyFunction>));
}
