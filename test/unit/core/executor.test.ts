import { afterEach, describe, expect, it, vi } from 'vitest';
import { BaseFuture, type CancelCallback, type CancelOptions } from '../../../src/core/base-future.js';
import {
  ExecutorStoppedError,
  ShutdownTimeoutError,
  StateTransitionError,
} from '../../../src/core/errors.js';
import { Executor } from '../../../src/core/executor.js';
import type { TaskMessage } from '../../../src/core/messages.js';
import type { MessageReceiver, ParallelContext, TaskControl } from '../../../src/core/parallel-context.js';
import type { TaskInvocation, TaskSpecification } from '../../../src/core/task-specification.js';
import { InlineContext } from '../../../src/contexts/inline/inline-context.js';
import { submitCall } from '../../../src/tasks/call/submit-call.js';
import { ManualScheduler } from '../../../src/testing/manual-scheduler.js';

/** A hand-driven context: it records each run; the test delivers messages itself. */
class FakeContext implements ParallelContext {
  readonly runs: {
    invocation: TaskInvocation;
    receive: MessageReceiver;
    cancels: (CancelOptions | undefined)[];
  }[] = [];
  closeCalls = 0;
  #closed = false;

  get closed(): boolean {
    return this.#closed;
  }

  run(invocation: TaskInvocation, receive: MessageReceiver): TaskControl {
    if (this.#closed) throw new Error('closed');
    const run = { invocation, receive, cancels: [] as (CancelOptions | undefined)[] };
    this.runs.push(run);
    return { cancel: (options) => run.cancels.push(options) };
  }

  close(): Promise<void> {
    this.closeCalls++;
    this.#closed = true;
    return Promise.resolve();
  }

  deliver(index: number, ...messages: TaskMessage[]): void {
    this.runs[index]!.receive(messages);
  }
}

class OwningExecutor extends Executor {
  static made: { context: FakeContext; maxWorkers: number | undefined }[] = [];
  protected override createDefaultContext(maxWorkers: number | undefined): ParallelContext {
    const context = new FakeContext();
    OwningExecutor.made.push({ context, maxWorkers });
    return context;
  }
}

class PlainFuture extends BaseFuture {}

/** A task specification that counts how often each of its methods was called. */
class PlainSpecification implements TaskSpecification<PlainFuture> {
  futureCalls = 0;
  taskCalls = 0;
  future(cancel: CancelCallback): PlainFuture {
    this.futureCalls++;
    return new PlainFuture(cancel);
  }
  task(): TaskInvocation {
    this.taskCalls++;
    return { runner: () => 'ran', args: [1, 2] };
  }
}

const STARTED: TaskMessage = { type: 'started' };
const ABANDONED: TaskMessage = { type: 'abandoned' };
const RETURNED: TaskMessage = { type: 'returned', value: 'r' };

function recordExecutor(executor: Executor, log: string[]): void {
  for (const name of ['state', 'running', 'stopped'] as const) {
    executor.observe(name, (event) => {
      expect(event.object).toBe(executor);
      log.push(`executor.${name}:${String(event.old)}->${String(event.new)}`);
    });
  }
}

function recordFuture(future: BaseFuture, label: string, log: string[]): void {
  for (const name of ['state', 'cancellable', 'done'] as const) {
    future.observe(name, (event) => log.push(`${label}.${name}:${String(event.new)}`));
  }
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  OwningExecutor.made = [];
});

describe('Executor: constructor', () => {
  it('rejects context together with maxWorkers with a TypeError', () => {
    expect(() => new Executor({ context: new FakeContext(), maxWorkers: 2 })).toThrow(TypeError);
    expect(() => new Executor({ context: new FakeContext(), maxWorkers: 2 })).toThrow(
      /`context`.*`maxWorkers`/,
    );
  });

  it('rejects a bad maxWorkers with the house message', () => {
    expect(() => new OwningExecutor({ maxWorkers: 0 })).toThrow(
      new TypeError('Expected `maxWorkers` to be a positive integer, got `0` (number)'),
    );
    expect(() => new OwningExecutor({ maxWorkers: 1.5 })).toThrow(
      'Expected `maxWorkers` to be a positive integer, got `1.5` (number)',
    );
    expect(() => new OwningExecutor({ maxWorkers: -1 })).toThrow(TypeError);
    expect(() => new OwningExecutor({ maxWorkers: Number.NaN })).toThrow(TypeError);
    expect(() => new OwningExecutor({ maxWorkers: '2' as unknown as number })).toThrow(
      'Expected `maxWorkers` to be a positive integer, got `"2"` (string)',
    );
    expect(OwningExecutor.made).toEqual([]);
  });

  it('rejects options that are not an object, and a context that is not one', () => {
    expect(() => new Executor(null as unknown as object)).toThrow(TypeError);
    expect(() => new Executor(5 as unknown as object)).toThrow(
      'Expected `options` to be an object, got `5` (number)',
    );
    expect(() => new Executor({ context: {} as ParallelContext })).toThrow(
      /Expected `context` to be a ParallelContext/,
    );
  });

  it('has no default context in the platform-neutral build', () => {
    expect(() => new Executor()).toThrow(/no default context/);
  });

  it('creates its own context with maxWorkers, and starts running', () => {
    const executor = new OwningExecutor({ maxWorkers: 3 });
    expect(OwningExecutor.made).toHaveLength(1);
    expect(OwningExecutor.made[0]!.maxWorkers).toBe(3);
    expect(executor.state).toBe('running');
    expect(executor.running).toBe(true);
    expect(executor.stopped).toBe(false);
    new OwningExecutor();
    expect(OwningExecutor.made[1]!.maxWorkers).toBeUndefined();
  });
});

describe('Executor: submit', () => {
  it('asks the context to run the specification’s invocation and returns a waiting future', () => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    const specification = new PlainSpecification();
    const future = executor.submit(specification);
    expect(future).toBeInstanceOf(PlainFuture);
    expect(future.state).toBe('waiting');
    expect(specification.taskCalls).toBe(1);
    expect(specification.futureCalls).toBe(1);
    expect(context.runs).toHaveLength(1);
    expect(context.runs[0]!.invocation.args).toEqual([1, 2]);
  });

  it('routes the context’s messages to the future, and cancel() to the task control', () => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    const first = executor.submit(new PlainSpecification());
    const second = executor.submit(new PlainSpecification());
    context.deliver(1, STARTED);
    expect(first.state).toBe('waiting');
    expect(second.state).toBe('executing');
    second.cancel({ force: true });
    expect(context.runs[1]!.cancels).toEqual([{ force: true }]);
    expect(context.runs[0]!.cancels).toEqual([]);
  });

  for (const stop of ['stop', 'shutdown'] as const) {
    it(`throws ExecutorStoppedError after ${stop}() and queues nothing`, async () => {
      const context = new FakeContext();
      const executor = new Executor({ context });
      executor.submit(new PlainSpecification());
      if (stop === 'stop') executor.stop();
      else void executor.shutdown();
      expect(executor.state).toBe('stopping');
      const specification = new PlainSpecification();
      expect(() => executor.submit(specification)).toThrow(ExecutorStoppedError);
      expect(() => executor.submit(specification)).toThrow(/'stopping'/);
      expect(context.runs).toHaveLength(1);
      expect(specification.futureCalls + specification.taskCalls).toBe(0);
      context.deliver(0, ABANDONED);
      await executor.shutdown();
      expect(() => executor.submit(specification)).toThrow(/'stopped'/);
      expect(context.runs).toHaveLength(1);
    });
  }
});

describe('Executor: input checks', () => {
  it.each([
    ['null', null, '`null` (null)'],
    ['undefined', undefined, '`undefined` (undefined)'],
    ['a number', 5, '`5` (number)'],
    ['an object without future() and task()', { task: 1 }, '`{"task":1}` (object)'],
  ])('submit(%s) throws a TypeError in the house template, and queues nothing', (_, value, shown) => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    const submit = (): unknown => executor.submit(value as unknown as PlainSpecification);
    expect(submit).toThrow(TypeError);
    expect(submit).toThrow(
      `Expected \`specification\` to be a TaskSpecification (an object with future() and task() methods), got ${shown}`,
    );
    expect(context.runs).toHaveLength(0);
  });

  it('shutdown(null) rejects with a TypeError in the house template, and stops nothing', async () => {
    const executor = new Executor({ context: new FakeContext() });
    await expect(executor.shutdown(null as unknown as object)).rejects.toThrow(
      new TypeError('Expected `options` to be an object, got `null` (null)'),
    );
    expect(executor.running).toBe(true);
  });
});

describe('Executor: stop', () => {
  it('cancels unfinished futures, whose cancelling changes come before the executor’s stopping', () => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    const log: string[] = [];
    const waiting = executor.submit(new PlainSpecification());
    const executing = executor.submit(new PlainSpecification());
    const finished = executor.submit(new PlainSpecification());
    context.deliver(1, STARTED);
    context.deliver(2, STARTED, RETURNED);
    recordFuture(waiting, 'a', log);
    recordFuture(executing, 'b', log);
    recordFuture(finished, 'c', log);
    recordExecutor(executor, log);
    executor.stop();
    expect(log).toEqual([
      'a.state:cancelling',
      'a.cancellable:false',
      'b.state:cancelling',
      'b.cancellable:false',
      'executor.state:running->stopping',
      'executor.running:true->false',
    ]);
    expect(context.runs.map((run) => run.cancels.length)).toEqual([1, 1, 0]);
    expect(finished.state).toBe('completed');
  });

  it('reaches stopped after the last future’s done and the owned context’s close', async () => {
    const executor = new OwningExecutor();
    const context = OwningExecutor.made[0]!.context;
    const log: string[] = [];
    const first = executor.submit(new PlainSpecification());
    const second = executor.submit(new PlainSpecification());
    context.deliver(1, STARTED);
    executor.stop();
    recordFuture(first, 'a', log);
    recordFuture(second, 'b', log);
    recordExecutor(executor, log);
    context.deliver(0, ABANDONED);
    expect(executor.state).toBe('stopping');
    expect(context.closeCalls).toBe(0);
    context.deliver(1, RETURNED);
    expect(context.closeCalls).toBe(1);
    expect(executor.state).toBe('stopping');
    await executor.shutdown();
    expect(log).toEqual([
      'a.state:cancelled',
      'a.done:true',
      'b.state:cancelled',
      'b.done:true',
      'executor.state:stopping->stopped',
      'executor.stopped:false->true',
    ]);
    expect(executor.stopped).toBe(true);
    expect(context.closeCalls).toBe(1);
  });

  it('with nothing in flight passes through stopping, then to stopped once the owned context closed', async () => {
    const executor = new OwningExecutor();
    const log: string[] = [];
    recordExecutor(executor, log);
    executor.stop();
    expect(executor.state).toBe('stopping');
    expect(OwningExecutor.made[0]!.context.closeCalls).toBe(1);
    await executor.shutdown();
    expect(log).toEqual([
      'executor.state:running->stopping',
      'executor.running:true->false',
      'executor.state:stopping->stopped',
      'executor.stopped:false->true',
    ]);
    expect(executor.state).toBe('stopped');
    expect(executor.running).toBe(false);
    expect(executor.stopped).toBe(true);
    expect(OwningExecutor.made[0]!.context.closeCalls).toBe(1);
  });

  it('is only legal while running', () => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    executor.submit(new PlainSpecification());
    executor.stop();
    expect(() => executor.stop()).toThrow(ExecutorStoppedError);
    expect(() => executor.stop()).toThrow(/'stopping'/);
    context.deliver(0, ABANDONED);
    expect(() => executor.stop()).toThrow(/'stopped'/);
  });

  it('never closes a borrowed context', async () => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    executor.submit(new PlainSpecification());
    executor.stop();
    context.deliver(0, ABANDONED);
    await executor.shutdown();
    expect(executor.stopped).toBe(true);
    expect(context.closeCalls).toBe(0);
    expect(context.closed).toBe(false);
  });

  it('lets a borrowed context be shared by a second executor', async () => {
    const context = new FakeContext();
    const first = new Executor({ context });
    await first.shutdown();
    const second = new Executor({ context });
    second.submit(new PlainSpecification());
    expect(context.runs).toHaveLength(1);
  });

  it('forgets futures that are done before stop()', () => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    executor.submit(new PlainSpecification());
    context.deliver(0, STARTED, RETURNED);
    executor.stop();
    expect(executor.stopped).toBe(true);
  });
});

describe('Executor: shutdown', () => {
  it('from running with nothing in flight: stops and closes an owned context', async () => {
    const executor = new OwningExecutor();
    await executor.shutdown();
    expect(executor.stopped).toBe(true);
    expect(OwningExecutor.made[0]!.context.closeCalls).toBe(1);
  });

  it('from running with work: cancels it, waits for it, then resolves', async () => {
    const executor = new OwningExecutor();
    const context = OwningExecutor.made[0]!.context;
    const future = executor.submit(new PlainSpecification());
    context.deliver(0, STARTED);
    let resolved = false;
    const shutdown = executor.shutdown().then(() => (resolved = true));
    expect(future.state).toBe('cancelling');
    expect(executor.state).toBe('stopping');
    for (let turn = 0; turn < 5; turn++) await Promise.resolve();
    expect(resolved).toBe(false);
    context.deliver(0, RETURNED);
    await shutdown;
    expect(resolved).toBe(true);
    expect(future.state).toBe('cancelled');
    expect(executor.stopped).toBe(true);
    expect(context.closeCalls).toBe(1);
  });

  it('from stopping: waits for the unfinished futures', async () => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    executor.submit(new PlainSpecification());
    executor.stop();
    const shutdown = executor.shutdown();
    context.deliver(0, ABANDONED);
    await expect(shutdown).resolves.toBeUndefined();
    expect(executor.stopped).toBe(true);
  });

  it('from stopped: resolves at once, and closes nothing twice', async () => {
    const executor = new OwningExecutor();
    executor.stop();
    await executor.shutdown();
    await executor.shutdown();
    expect(OwningExecutor.made[0]!.context.closeCalls).toBe(1);
  });

  it('with a timeout: rejects with ShutdownTimeoutError, stays stopping; a later shutdown finishes', async () => {
    vi.useFakeTimers();
    const executor = new OwningExecutor();
    const context = OwningExecutor.made[0]!.context;
    executor.submit(new PlainSpecification());
    context.deliver(0, STARTED);
    const first = executor.shutdown({ timeout: 100 });
    const outcome = first.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    vi.advanceTimersByTime(99);
    await Promise.resolve();
    expect(executor.state).toBe('stopping');
    vi.advanceTimersByTime(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(ShutdownTimeoutError);
    expect((error as Error).message).toMatch(/100 ms.*1 task is still running/);
    expect(executor.state).toBe('stopping');
    expect(context.closeCalls).toBe(0);
    const second = executor.shutdown({ timeout: 100 });
    context.deliver(0, RETURNED);
    await expect(second).resolves.toBeUndefined();
    expect(executor.stopped).toBe(true);
    expect(context.closeCalls).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('with a timeout that is not needed: resolves and leaves no timer', async () => {
    vi.useFakeTimers();
    const context = new FakeContext();
    const executor = new Executor({ context });
    executor.submit(new PlainSpecification());
    const shutdown = executor.shutdown({ timeout: 1000 });
    context.deliver(0, ABANDONED);
    await expect(shutdown).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects a bad timeout with a TypeError before doing anything', async () => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    await expect(executor.shutdown({ timeout: -1 })).rejects.toThrow(
      'Expected `timeout` to be a number of milliseconds of at least 0 (or Infinity), got `-1` (number)',
    );
    expect(executor.running).toBe(true);
  });
});

describe('Executor: errors of observers', () => {
  it('emits an error event when an observer of a future throws', () => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    const errors: unknown[] = [];
    executor.observe('error', (event) => errors.push(event.new));
    const future = executor.submit(new PlainSpecification());
    const failure = new Error('observer failed');
    future.observe('state', () => {
      throw failure;
    });
    const other = vi.fn();
    future.observe('state', other);
    context.deliver(0, STARTED);
    expect(errors).toEqual([failure]);
    expect(other).toHaveBeenCalledTimes(1);
    expect(future.state).toBe('executing');
  });

  it('reports to console.error when nobody observes error', () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const context = new FakeContext();
    const executor = new Executor({ context });
    const future = executor.submit(new PlainSpecification());
    const failure = new Error('observer failed');
    future.subscribe(() => {
      throw failure;
    });
    context.deliver(0, STARTED);
    expect(consoleError).toHaveBeenCalledWith(expect.any(String), failure);
  });

  it('reports a message sequence the machine rejects as an error, without throwing into the context', () => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    const errors: unknown[] = [];
    executor.observe('error', (event) => errors.push(event.new));
    const future = executor.submit(new PlainSpecification());
    expect(() => context.deliver(0, RETURNED)).not.toThrow();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StateTransitionError);
    expect(future.state).toBe('failed');
  });

  it('keeps going when an executor observer throws', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const executor = new OwningExecutor();
    const stopped = vi.fn();
    executor.observe('state', () => {
      throw new Error('executor observer failed');
    });
    executor.observe('stopped', stopped);
    executor.stop();
    await executor.shutdown();
    expect(executor.stopped).toBe(true);
    expect(stopped).toHaveBeenCalledTimes(1);
    expect(consoleError).toHaveBeenCalled();
  });
});

describe('Executor with InlineContext and ManualScheduler', () => {
  function setUp(): { scheduler: ManualScheduler; context: InlineContext; executor: Executor } {
    const scheduler = new ManualScheduler();
    const context = new InlineContext({ schedule: scheduler.schedule });
    return { scheduler, context, executor: new Executor({ context }) };
  }

  /** Runs scheduled callbacks and lets promises settle, until `condition` holds (bounded). */
  async function runUntil(scheduler: ManualScheduler, condition: () => boolean): Promise<void> {
    for (let round = 0; round < 100 && !condition(); round++) {
      scheduler.runAll();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    expect(condition()).toBe(true);
  }

  it('changes nothing before submit returns, and delivers messages in later tasks', async () => {
    const { scheduler, executor } = setUp();
    const ran = vi.fn((a: number, b: number) => a + b);
    const future = submitCall(executor, ran, 2, 3);
    expect(future.state).toBe('waiting');
    expect(ran).not.toHaveBeenCalled();
    expect(scheduler.runNext()).toBe(true);
    expect(ran).toHaveBeenCalledWith(2, 3);
    expect(future.state).toBe('waiting');
    await runUntil(scheduler, () => future.done);
    expect(future.state).toBe('completed');
    expect(future.result).toBe(5);
  });

  it('never runs a call cancelled before it starts; stop reaches stopped; the borrowed context stays open', async () => {
    const { scheduler, context, executor } = setUp();
    const ran = vi.fn(() => 1);
    const future = submitCall(executor, ran);
    const log: string[] = [];
    recordFuture(future, 'f', log);
    recordExecutor(executor, log);
    executor.stop();
    scheduler.runAll();
    await executor.shutdown();
    expect(ran).not.toHaveBeenCalled();
    expect(log).toEqual([
      'f.state:cancelling',
      'f.cancellable:false',
      'executor.state:running->stopping',
      'executor.running:true->false',
      'f.state:cancelled',
      'f.done:true',
      'executor.state:stopping->stopped',
      'executor.stopped:false->true',
    ]);
    expect(context.closed).toBe(false);
  });

  it('fails the future when the call throws', async () => {
    const { scheduler, executor } = setUp();
    const future = submitCall(executor, () => {
      throw new RangeError('out of range');
    });
    await runUntil(scheduler, () => future.done);
    expect(future.state).toBe('failed');
    expect(future.exception.type).toBe('RangeError');
    expect(future.exception.message).toBe('out of range');
  });
});

/** A custom task kind whose future's `dispatch` throws on the message type `explode`. */
class ExplodingFuture extends BaseFuture<string> {
  readonly dispatched: unknown[] = [];
  protected override dispatch(type: string, arg: unknown): void {
    if (type === 'explode') throw new RangeError(`dispatch could not handle ${String(arg)}`);
    this.dispatched.push(arg);
  }
}

class ExplodingSpecification implements TaskSpecification<ExplodingFuture> {
  constructor(readonly runner: TaskInvocation['runner'] = () => 'ran') {}
  future(cancel: CancelCallback): ExplodingFuture {
    return new ExplodingFuture(cancel);
  }
  task(): TaskInvocation {
    return { runner: this.runner, args: [] };
  }
}

describe('Executor: a throwing dispatch or a transition error mid-batch', () => {
  it('fails the future with the dispatch error, reports it, asks the task to stop, and shutdown resolves', async () => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    const errors: unknown[] = [];
    executor.observe('error', (event) => errors.push(event.new));
    const future = executor.submit(new ExplodingSpecification());
    const done = vi.fn();
    future.observe('done', done);
    expect(() =>
      context.deliver(
        0,
        STARTED,
        { type: 'sent', messageType: 'item', arg: 1 },
        { type: 'sent', messageType: 'explode', arg: 2 },
        { type: 'sent', messageType: 'item', arg: 3 },
        RETURNED,
      ),
    ).not.toThrow();
    expect(future.state).toBe('failed');
    expect(future.exception).toMatchObject({ type: 'RangeError', message: 'dispatch could not handle 2' });
    expect(future.dispatched).toEqual([1]);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('dispatch could not handle 2');
    expect(context.runs[0]!.cancels).toHaveLength(1);
    expect(done).toHaveBeenCalledTimes(1);
    // What the task still sends is dropped without another error.
    context.deliver(
      0,
      { type: 'sent', messageType: 'item', arg: 4 },
      { type: 'raised', exception: EXCEPTION },
    );
    expect(future.state).toBe('failed');
    expect(future.exception.message).toBe('dispatch could not handle 2');
    expect(errors).toHaveLength(1);
    await expect(withTimeout(executor.shutdown(), 'shutdown')).resolves.toBeUndefined();
    expect(executor.stopped).toBe(true);
  });

  it('fails the future on a message order no task can produce, mid-batch', async () => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    const errors: unknown[] = [];
    executor.observe('error', (event) => errors.push(event.new));
    const future = executor.submit(new PlainSpecification());
    context.deliver(0, STARTED, STARTED, RETURNED);
    expect(future.state).toBe('failed');
    expect(future.exception.type).toBe('StateTransitionError');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StateTransitionError);
    await expect(withTimeout(executor.shutdown(), 'shutdown')).resolves.toBeUndefined();
  });

  it('ends a cancelled future as cancelled, not failed, when a message is out of order', () => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    executor.observe('error', () => undefined);
    const future = executor.submit(new PlainSpecification());
    future.cancel();
    context.deliver(0, RETURNED);
    expect(future.state).toBe('cancelled');
  });

  it('fails the future of a real inline task whose dispatch throws, and shutdown resolves', async () => {
    const executor = new Executor({ context: new InlineContext() });
    const errors: unknown[] = [];
    executor.observe('error', (event) => errors.push(event.new));
    const future = executor.submit(
      new ExplodingSpecification((task) => {
        task.send('item', 'a');
        task.send('explode', 'b');
        task.send('item', 'c');
        return 'finished';
      }),
    );
    await withTimeout(future.settled(), 'the future to settle');
    expect(future.state).toBe('failed');
    expect(future.exception.message).toBe('dispatch could not handle b');
    expect(future.dispatched).toEqual(['a']);
    expect(errors).toHaveLength(1);
    await withTimeout(executor.shutdown(), 'shutdown');
  });
});

const EXCEPTION = { type: 'RangeError', message: 'boom', stack: 'RangeError: boom' };

/** Rejects with a clear message when `promise` does not settle in 5 s. */
function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), 5000);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A context whose close() settles only when the test says so. */
class SlowClosingContext extends FakeContext {
  #finish: ((error?: Error) => void) | undefined;
  closeFinished = false;

  override close(): Promise<void> {
    void super.close();
    return new Promise<void>((resolve, reject) => {
      this.#finish = (error) => {
        this.closeFinished = true;
        if (error === undefined) resolve();
        else reject(error);
      };
    });
  }

  finishClosing(error?: Error): void {
    expect(this.#finish).toBeDefined();
    this.#finish!(error);
  }
}

class SlowOwningExecutor extends Executor {
  // Set from the base constructor, before this class's own fields exist.
  static #lastMade: SlowClosingContext | undefined;
  readonly made = SlowOwningExecutor.#lastMade!;
  protected override createDefaultContext(): ParallelContext {
    SlowOwningExecutor.#lastMade = new SlowClosingContext();
    return SlowOwningExecutor.#lastMade;
  }
}

describe('Executor: re-entrancy and the order of stopped', () => {
  it('lets an observer call stop() during stop(): no StateTransitionError reaches the caller', () => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    const errors: unknown[] = [];
    executor.observe('error', (event) => errors.push(event.new));
    const future = executor.submit(new PlainSpecification());
    let innerError: unknown;
    future.observe('state', () => {
      try {
        executor.stop();
      } catch (error) {
        innerError = error;
      }
    });
    expect(() => executor.stop()).not.toThrow();
    expect(innerError).toBeUndefined();
    expect(executor.state).toBe('stopping');
    expect(errors).toEqual([]);
    context.deliver(0, ABANDONED);
    expect(executor.state).toBe('stopped');
  });

  it('lets an observer call shutdown() during stop(); it resolves once the futures are done', async () => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    const future = executor.submit(new PlainSpecification());
    let inner: Promise<void> | undefined;
    future.observe('state', () => {
      inner ??= executor.shutdown();
    });
    expect(() => executor.stop()).not.toThrow();
    expect(inner).toBeDefined();
    context.deliver(0, ABANDONED);
    await expect(withTimeout(inner!, 'the inner shutdown')).resolves.toBeUndefined();
    expect(executor.stopped).toBe(true);
  });

  it('survives the last future ending inside stop(), from an observer of stopping', () => {
    const context = new FakeContext();
    const executor = new Executor({ context });
    executor.submit(new PlainSpecification());
    const stopped = vi.fn();
    executor.observe('stopped', stopped);
    executor.observe('state', (event) => {
      if (event.new === 'stopping') context.deliver(0, ABANDONED);
    });
    expect(() => executor.stop()).not.toThrow();
    expect(executor.state).toBe('stopped');
    expect(stopped).toHaveBeenCalledTimes(1);
  });

  it('emits stopped only after an owned context has finished closing', async () => {
    const executor = new SlowOwningExecutor();
    const context = executor.made;
    const stoppedSeen: boolean[] = [];
    executor.observe('stopped', () => stoppedSeen.push(context.closeFinished));
    const shutdown = executor.shutdown();
    expect(context.closeCalls).toBe(1);
    await Promise.resolve();
    expect(executor.state).toBe('stopping');
    expect(stoppedSeen).toEqual([]);
    let resolved = false;
    void shutdown.then(() => (resolved = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(resolved).toBe(false);
    context.finishClosing();
    await withTimeout(shutdown, 'shutdown');
    expect(stoppedSeen).toEqual([true]);
    expect(executor.stopped).toBe(true);
    expect(context.closeCalls).toBe(1);
  });

  it('reaches stopped and reports the error when closing the owned context fails', async () => {
    const executor = new SlowOwningExecutor();
    const errors: unknown[] = [];
    executor.observe('error', (event) => errors.push(event.new));
    executor.stop();
    const failure = new Error('close failed');
    executor.made.finishClosing(failure);
    await withTimeout(executor.shutdown(), 'shutdown');
    expect(executor.stopped).toBe(true);
    expect(errors).toEqual([failure]);
  });
});
