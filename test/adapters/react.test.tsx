// @vitest-environment jsdom
/** @jsxRuntime automatic @jsxImportSource react */
import { act, cleanup, render, screen, waitFor as waitForDom } from '@testing-library/react';
import { StrictMode, useState, type ReactElement } from 'react';
import {
  Executor,
  InlineContext,
  submitCall,
  submitIteration,
  submitProgress,
  type BaseFuture,
  type ProgressFuture,
  type IterationFuture,
} from './neutral.js';
import { useExecutor, useFuture, useFutureEvents } from 'reactive-futures/react';
import { waitFor } from 'reactive-futures/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { countListeners, driveUntil, manualExecutor, stopManual } from './helpers.js';

afterEach(() => {
  cleanup();
});

function State({
  future,
  onRender,
}: {
  future: BaseFuture | undefined;
  onRender?: () => void;
}): ReactElement {
  onRender?.();
  const snapshot = useFuture(future);
  if (snapshot === undefined) return <p>no future</p>;
  return <p>{snapshot.state === 'completed' ? `completed: ${String(snapshot.result)}` : snapshot.state}</p>;
}

describe('useFuture', () => {
  it('follows a future to its result and unsubscribes on unmount', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitCall(executor, (n: number) => n * n, 7);
    const counts = countListeners(future);
    const view = render(<State future={future} />);
    expect(screen.getByText('waiting')).toBeTruthy();
    expect(counts.subscribers).toBe(1);

    await act(() => driveUntil(scheduler, () => future.done));
    expect(screen.getByText('completed: 49')).toBeTruthy();

    view.unmount();
    expect(counts.subscribers).toBe(0);
    await stopManual(executor, scheduler);
  });

  it('shows the final snapshot of a future that finished before the component subscribed', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitCall(executor, () => 'early');
    await driveUntil(scheduler, () => future.done);
    render(<State future={future} />);
    expect(screen.getByText('completed: early')).toBeTruthy();
    await stopManual(executor, scheduler);
  });

  it('returns undefined without a future, and switches subscriptions when the future changes', async () => {
    const { executor, scheduler } = manualExecutor();
    const first = submitCall(executor, () => 1);
    const second = submitCall(executor, () => 2);
    const firstCounts = countListeners(first);
    const secondCounts = countListeners(second);
    const view = render(<State future={undefined} />);
    expect(screen.getByText('no future')).toBeTruthy();

    view.rerender(<State future={first} />);
    expect(firstCounts.subscribers).toBe(1);
    view.rerender(<State future={second} />);
    expect(firstCounts.subscribers).toBe(0);
    expect(secondCounts.subscribers).toBe(1);

    await act(() => driveUntil(scheduler, () => second.done));
    expect(screen.getByText('completed: 2')).toBeTruthy();
    view.unmount();
    expect(secondCounts.subscribers).toBe(0);
    await stopManual(executor, scheduler);
  });

  it('re-renders once per real change of the snapshot, not on unrelated parent renders', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitProgress(
      executor,
      (steps: number, progress: (step: number) => void) => {
        for (let step = 1; step <= steps; step++) progress(step);
        return 'finished';
      },
      3,
    );
    const counts = countListeners(future);
    const seen: unknown[] = [];
    let renders = 0;
    function Progress({ label }: { label: string }): ReactElement {
      renders += 1;
      const snapshot = useFuture(future);
      if (seen.at(-1) !== snapshot) seen.push(snapshot);
      return <p>{`${label} ${snapshot.state} ${String(snapshot.progress)}`}</p>;
    }
    const view = render(<Progress label="a" />);
    view.rerender(<Progress label="b" />);
    expect(renders).toBe(2);
    expect(counts.subscribeCalls).toBe(1);

    const rendersBefore = renders;
    await act(() => driveUntil(scheduler, () => future.done));
    expect(screen.getByText('b completed 3')).toBeTruthy();
    // Every render after the first two came from a new snapshot.
    expect(renders - rendersBefore).toBe(seen.length - 1);
    expect(seen.length).toBeGreaterThan(1);
    expect(counts.subscribeCalls).toBe(1);
    view.unmount();
    expect(counts.subscribers).toBe(0);
    await stopManual(executor, scheduler);
  });
});

describe('useFutureEvents', () => {
  it('calls the latest handler for each item and stops observing on unmount and on future change', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitIteration(executor, function* () {
      yield 'a';
      yield 'b';
      yield 'c';
    });
    const counts = countListeners(future);
    const received: string[] = [];
    function Items({
      prefix,
      source,
    }: {
      prefix: string;
      source: IterationFuture<string> | undefined;
    }): null {
      useFutureEvents(source, 'resultEvent', (event) => received.push(`${prefix}${event.new}`));
      return null;
    }
    const view = render(<Items prefix="1:" source={future} />);
    expect(counts.observers).toBe(1);
    view.rerender(<Items prefix="2:" source={future} />);
    expect(counts.observers).toBe(1);

    await act(() => driveUntil(scheduler, () => future.done));
    expect(received).toEqual(['2:a', '2:b', '2:c']);

    view.rerender(<Items prefix="3:" source={undefined} />);
    expect(counts.observers).toBe(0);
    view.rerender(<Items prefix="4:" source={future} />);
    expect(counts.observers).toBe(1);
    view.unmount();
    expect(counts.observers).toBe(0);
    await stopManual(executor, scheduler);
  });
});

describe('useExecutor', () => {
  it('under StrictMode, hands out a running executor and stops every executor it created on unmount', async () => {
    const created: Executor[] = [];
    const context = new InlineContext();
    let used: Executor | undefined;
    function Owner(): ReactElement {
      const executor = useExecutor(() => {
        const made = new Executor({ context });
        created.push(made);
        return made;
      });
      used = executor;
      return <p>{executor.state}</p>;
    }
    const view = render(
      <StrictMode>
        <Owner />
      </StrictMode>,
    );
    // StrictMode mounted, cleaned up (shutting the first executor down) and re-mounted.
    expect(created.length).toBe(2);
    expect(created[0]!.running).toBe(false);
    expect(used).toBe(created[1]);
    expect(used?.running).toBe(true);
    expect(screen.getByText('running')).toBeTruthy();
    const future = submitCall(used!, () => 'submitted after mount');
    await act(() => waitFor(future, 'done', (f) => f.done, { timeout: 5000 }));
    expect(future.result).toBe('submitted after mount');

    view.unmount();
    await Promise.all(
      created.map((executor) => waitFor(executor, 'stopped', (e) => e.stopped, { timeout: 5000 })),
    );
    expect(created.every((executor) => executor.stopped)).toBe(true);
    await context.close();
  });

  it('with no argument makes the platform’s executor, with its default context, and shuts it down on unmount', async () => {
    let executor: ReturnType<typeof useExecutor> | undefined;
    function Owner(): ReactElement {
      executor = useExecutor();
      return <p>{executor.state}</p>;
    }
    const view = render(<Owner />);
    expect(screen.getByText('running')).toBeTruthy();
    // Node's executor: its default context runs tasks in worker threads.
    expect(executor?.constructor.name).toBe('NodeExecutor');
    const future = submitCall(executor!, (n: number) => n + 1, 41);
    await act(() => waitFor(future, 'done', (f) => f.done, { timeout: 20_000 }));
    expect(future.state).toBe('completed');
    expect(future.result).toBe(42);
    view.unmount();
    await waitFor(executor!, 'stopped', (e) => e.stopped, { timeout: 20_000 });
  });

  it('shuts down unfinished work on unmount when given options', async () => {
    const context = new InlineContext();
    // The options form makes the platform-neutral core Executor.
    let executor: ReturnType<typeof useExecutor> | undefined;
    let future: ProgressFuture<string, number> | undefined;
    function Owner(): ReactElement {
      executor = useExecutor({ context });
      // Runs until cancelled: progress() throws TaskCancelled once cancellation is requested.
      const [started] = useState(() =>
        submitProgress(executor!, async (progress: (step: number) => void) => {
          for (let step = 0; ; step++) {
            progress(step);
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
        }),
      );
      future = started;
      return <State future={future} />;
    }
    const view = render(<Owner />);
    await waitForDom(() => expect(screen.getByText('executing')).toBeTruthy(), { timeout: 5000 });
    view.unmount();
    await waitFor(executor!, 'stopped', (e) => e.stopped, { timeout: 5000 });
    expect(future?.state).toBe('cancelled');
    expect(context.closed).toBe(false); // borrowed, never closed by the executor
    await context.close();
  });
});
