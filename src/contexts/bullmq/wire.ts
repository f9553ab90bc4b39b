/**
 * What crosses Redis: a task invocation as bytes (`v8.serialize`, the structured clone
 * algorithm, so a `Map`, `Date`, `BigInt`, typed array or `Error` arrives as itself), the data
 * of a BullMQ job, and the entries of a reply stream.
 *
 * Task modules travel as paths relative to a root that the main side and the runners share
 * (the deployed code); inline functions as source text; built-in runners by name.
 */
import { serialize, deserialize } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { SerializationError, TaskResolutionError } from '../../core/errors.js';
import type { TaskLocation } from '../../core/messages.js';
import {
  builtinTask,
  isTask,
  locateTask,
  taskModule,
  type AnyFunction,
  type Task,
} from '../../core/task-reference.js';
import type { Runner, TaskInvocation } from '../../core/task-specification.js';

/** Where a task's function is, as sent to a runner. */
export type WireLocation =
  | { readonly kind: 'module'; readonly path: string; readonly name: string }
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'source'; readonly source: string };

/** A task invocation as sent to a runner (serialized with `v8.serialize`). */
export interface WireInvocation {
  readonly runner: WireLocation;
  /** The runner's arguments; those at `taskArguments` are {@link WireLocation}s. */
  readonly args: readonly unknown[];
  readonly taskArguments: readonly number[];
  /** The task's time limit in ms, if it has one. */
  readonly timeout: number | undefined;
}

/** The `data` of a BullMQ job (JSON, as BullMQ stores it). */
export interface JobData {
  /** The protocol version. */
  readonly v: 1;
  /** The id of the context that submitted the job: where its messages go. */
  readonly ctx: string;
  /** The Node version of the submitter (`v8.serialize` output is read by equal or newer V8s). */
  readonly node: string;
  /** The serialized {@link WireInvocation}, base64, when small; otherwise in the job's payload key. */
  readonly payload?: string;
}

/** The protocol version of {@link JobData}. */
export const PROTOCOL_VERSION = 1;

/** The URL of a directory, ending with `/`. */
export function directoryUrl(root: URL | string): URL {
  const url =
    root instanceof URL ? new URL(root.href) : root.includes('://') ? new URL(root) : pathToFileURL(root);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/**
 * Serializes `invocation` for a runner.
 *
 * @throws {TaskResolutionError} when a task module is outside `root`.
 * @throws {SerializationError} when an argument cannot be serialized.
 */
export function encodeInvocation(invocation: TaskInvocation, root: URL, timeout: number | undefined): Buffer {
  const runnerLocation = locateTask(invocation.runner);
  const taskArguments: number[] = [];
  const args = invocation.args.map((arg, index) => {
    if (!isTask(arg)) return arg;
    taskArguments.push(index);
    return toWire(locateTask(arg), root);
  });
  const wire: WireInvocation = { runner: toWire(runnerLocation, root), args, taskArguments, timeout };
  try {
    return serialize(wire);
  } catch (error) {
    // A built-in runner's first argument is the user's function: count the user's arguments.
    const first = runnerLocation.kind === 'builtin' ? 1 : 0;
    throw argumentError(args.slice(first), error);
  }
}

function toWire(location: TaskLocation, root: URL): WireLocation {
  if (location.kind !== 'module') return location;
  if (!location.url.startsWith(root.href)) {
    throw new TaskResolutionError(
      `Task module ${location.url} is outside the context's moduleRoot ${root.href}. Runners load task modules ` +
        'by their path relative to a root that both sides share (the deployed code): set `moduleRoot` of the ' +
        'BullMQContext to a folder that contains the task modules, and start runners with the matching `root`.',
    );
  }
  return {
    kind: 'module',
    path: decodeURIComponent(location.url.slice(root.href.length)),
    name: location.name,
  };
}

function argumentError(args: readonly unknown[], cause: unknown): SerializationError {
  const index = args.findIndex((arg) => {
    try {
      serialize(arg);
      return false;
    } catch {
      return true;
    }
  });
  const reason = cause instanceof Error ? cause.message : String(cause);
  const which = index === -1 ? 'An argument of the task' : `Argument ${index} of the task`;
  return new SerializationError(
    `${which} could not be sent to a runner: ${reason}. Arguments cross to runners by structured clone ` +
      '(v8.serialize): pass plain data (objects, arrays, numbers, strings, typed arrays, Maps, Sets, Dates), ' +
      'and functions only as tasks.',
    { cause },
  );
}

/** How a runner turns wire data back into an invocation. */
export interface DecodeOptions {
  /** The root that task module paths are relative to. */
  readonly root: URL;
  /** Whether inline functions (source text) may run. */
  readonly allowInlineFunctions: boolean;
  /** The runner's name, for messages. */
  readonly runnerName: string;
}

/**
 * Deserializes an invocation sent by a main side running Node `node`.
 *
 * @throws {TaskResolutionError} when a task is not allowed or not found under the root.
 * @throws {SerializationError} when the bytes cannot be read.
 */
export function decodeInvocation(
  bytes: Uint8Array,
  node: string,
  options: DecodeOptions,
): { invocation: TaskInvocation; timeout: number | undefined } {
  let wire: WireInvocation;
  try {
    wire = deserialize(bytes) as WireInvocation;
  } catch (error) {
    throw new SerializationError(
      `Runner ${options.runnerName} could not read the task's arguments (${error instanceof Error ? error.message : String(error)}). ` +
        `They were serialized by Node ${node}; this runner runs Node ${process.version}. ` +
        'Run runners on a Node version at least as new as the submitters.',
      { cause: error },
    );
  }
  const args = [...wire.args];
  for (const index of wire.taskArguments) args[index] = fromWire(args[index] as WireLocation, options);
  return {
    invocation: { runner: fromWire(wire.runner, options) as Task<Runner>, args },
    timeout: wire.timeout,
  };
}

function fromWire(location: WireLocation, options: DecodeOptions): Task<AnyFunction> {
  switch (location.kind) {
    case 'builtin':
      return builtinTask(location.name);
    case 'module': {
      const url = new URL(location.path, options.root);
      if (!url.href.startsWith(options.root.href)) {
        throw new TaskResolutionError(
          `Task module path ${JSON.stringify(location.path)} leads outside the root ${options.root.href} of runner ${options.runnerName}. ` +
            'Task modules must be inside the root both sides share.',
        );
      }
      return (taskModule(url) as Record<string, Task<AnyFunction>>)[location.name] as Task<AnyFunction>;
    }
    case 'source':
      if (!options.allowInlineFunctions) {
        throw new TaskResolutionError(
          `Runner ${options.runnerName} does not run inline functions. Export the function from a task module and ` +
            'use taskModule(), or start the runner with `allowInlineFunctions: true` (`--allow-inline-functions`), ' +
            'but only if everyone who can write to the queue may run code on it.',
        );
      }
      return inlineFunction(location.source);
  }
}

/**
 * A function whose source text is `source`, to hand to the runner's worker threads (which
 * compile the text again, from `Function.prototype.toString`). Only ever built, never called,
 * on the runner's own thread.
 */
function inlineFunction(source: string): AnyFunction {
  let fn: unknown;
  try {
    fn = (0, eval)(`(${source})`);
  } catch {
    // A method shorthand, `name(a) { … }`, is only valid inside an object literal.
    try {
      fn = Object.values((0, eval)(`({${source}})`) as object)[0];
    } catch (error) {
      throw new TaskResolutionError(
        `Could not compile the inline task function (${error instanceof Error ? error.message : String(error)}).`,
        { cause: error },
      );
    }
  }
  if (typeof fn !== 'function')
    throw new TaskResolutionError('An inline task must be a function expression.');
  return fn as AnyFunction;
}

/** The base64 text of `bytes`, for {@link JobData.payload}. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The bytes of a base64 {@link JobData.payload}. */
export function fromBase64(text: string): Buffer {
  return Buffer.from(text, 'base64');
}

/** The `s` field of a reply entry that the main side made up (a verdict: lost, unavailable). */
export const VERDICT = '-';
