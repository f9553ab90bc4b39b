/**
 * Starting a reactive-futures worker as a Node child process (`child_process.fork`).
 *
 * Each child runs `child-entry.js`, which runs tasks in a worker thread of its own and relays
 * messages over IPC. The parent's copy of the shared task flags is not shared with the child
 * (processes share no memory): the child keeps its own, and sets a task's cancel flag when the
 * pool's `cancel` request arrives.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ResourceLimits } from 'node:worker_threads';
import type { WorkerExit } from '../../core/errors.js';
import { TaskFlags } from '../../core/task-flags.js';
import type { CreatePoolWorker } from '../pool/pool-worker.js';
import { assertCrossable } from './check-crossable.js';
import { guardChannel } from './channel-guard.js';
import { isChildMessage, type ChildSettings, type ExitNotice, type ParentMessage } from './protocol.js';

// Not the literal `new URL('./…', import.meta.url)` form: bundlers and Vite (e.g. Vitest's jsdom
// environment) rewrite that into an http: URL.
const ENTRY_FILE = './child-entry.js';
const ENTRY = fileURLToPath(new URL(ENTRY_FILE, import.meta.url));

/** Options for each child process. */
export interface ProcessWorkerOptions {
  /**
   * Memory limits of the worker thread that runs tasks inside each child; a task that exceeds
   * them fails as out of memory (`WorkerCrashedError` with `outOfMemory: true`).
   * @default Node's defaults
   */
  readonly resourceLimits?: ResourceLimits;
  /** Node options of each child process. @default the parent's `process.execArgv` (so loaders carry over) */
  readonly execArgv?: readonly string[];
}

/** Learns which child processes are alive, for diagnostics. */
export interface ProcessWatcher {
  started(child: ChildProcess): void;
  ended(child: ChildProcess): void;
}

/**
 * A {@link CreatePoolWorker} that starts child processes, each holding `slots` tasks at once
 * (the pool's `tasksPerWorker`).
 */
export function processPoolWorker(
  options: ProcessWorkerOptions,
  slots: number,
  watcher: ProcessWatcher,
): CreatePoolWorker {
  return (flags, events) => {
    const parentFlags = flags === undefined ? undefined : new TaskFlags(flags);
    const settings: ChildSettings = { slots, resourceLimits: options.resourceLimits };
    const child = fork(ENTRY, [JSON.stringify(settings)], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      ...(options.execArgv === undefined ? {} : { execArgv: [...options.execArgv] }),
    });
    watcher.started(child);
    let notice: ExitNotice | undefined;
    let ended = false;
    let resolveGone: () => void = () => undefined;
    const gone = new Promise<void>((resolve) => (resolveGone = resolve));
    const end = (exit: WorkerExit, reason: string | undefined): void => {
      if (ended) return;
      ended = true;
      watcher.ended(child);
      resolveGone();
      events.exit(exit, reason);
    };

    setActive(child, false);
    const guard = guardChannel(child, (what) => {
      // Bytes that are not a message (something in the child wrote to the channel's
      // descriptor): nothing more from this child can be trusted. It is a crashed child.
      notice ??= {
        type: 'exit',
        exit: { exitCode: null, signal: null, outOfMemory: false },
        reason: `its IPC channel to the parent was corrupted (${what}); something in the child wrote to the channel's file descriptor`,
      };
      if (!ended) child.kill('SIGKILL');
    });
    child.on('message', (message: unknown) => {
      if (!isChildMessage(message)) {
        guard.foreign(message);
        return;
      }
      switch (message.type) {
        case 'report':
          events.report(message.report);
          return;
        case 'ready':
          events.ready();
          return;
        case 'exit':
          notice = message;
          return;
        case 'answer':
          guard.answered(message.nonce);
          return;
      }
    });
    // `close`, not `exit`: it comes after every IPC message of the child was read.
    child.on('close', (exitCode: number | null, signal: NodeJS.Signals | null) => {
      end(notice?.exit ?? { exitCode, signal, outOfMemory: false }, notice?.reason);
    });
    child.on('error', (error: Error) => {
      // A child that could not be started emits no `close`; other errors (a failed send to a
      // child that is exiting) are followed by its `close`.
      if (child.pid === undefined) {
        end({ exitCode: null, signal: null, outOfMemory: false }, `${error.name}: ${error.message}`);
      }
    });

    return {
      post: (request) => {
        if (!child.connected) return; // It is exiting; its `close` ends the tasks it held.
        // Processes share no memory, so the pool cannot see when a task starts in the child:
        // count it as started once sent, so that a crash fails it rather than running it twice.
        if (request.type === 'run') {
          // Throws (failing only this task) for a value IPC would silently empty.
          assertCrossable(request.args);
          parentFlags?.markStarted(request.slot);
        }
        child.send(request satisfies ParentMessage);
      },
      delivered: (slot, count) => {
        if (child.connected) child.send({ type: 'delivered', slot, count } satisfies ParentMessage);
      },
      setActive: (active) => setActive(child, active),
      terminate: () => {
        if (!ended) child.kill('SIGKILL');
        return gone;
      },
    };
  };
}

/** Whether `child` and its IPC channel keep this process alive. */
function setActive(child: ChildProcess, active: boolean): void {
  if (active) {
    child.ref();
    child.channel?.ref();
  } else {
    child.unref();
    child.channel?.unref();
  }
}
