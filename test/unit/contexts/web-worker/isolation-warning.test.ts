import { describe, expect, it, vi } from 'vitest';
import type { CancelOptions } from '../../../../src/core/base-future.js';
import {
  ISOLATION_WARNING,
  IsolationWarning,
} from '../../../../src/contexts/web-worker/isolation-warning.js';

function control(): { cancel: ReturnType<typeof vi.fn<(options?: CancelOptions) => void>> } {
  return { cancel: vi.fn<(options?: CancelOptions) => void>() };
}

describe('IsolationWarning', () => {
  it('warns once per context, at the first cooperative cancel, naming the headers that fix it', () => {
    const warn = vi.fn<(message: string) => void>();
    const warning = new IsolationWarning(() => false, warn);
    const first = control();
    const second = control();
    warning.watch(first).cancel({ force: true });
    expect(warn).not.toHaveBeenCalled();
    warning.watch(first).cancel();
    warning.watch(second).cancel();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(ISOLATION_WARNING);
    expect(ISOLATION_WARNING).toContain('Cross-Origin-Opener-Policy: same-origin');
    expect(ISOLATION_WARNING).toContain('Cross-Origin-Embedder-Policy: require-corp');
    // The request still reaches the task, with its options.
    expect(first.cancel.mock.calls).toEqual([[{ force: true }], [undefined]]);
    expect(second.cancel).toHaveBeenCalledTimes(1);
    // Another context warns again.
    new IsolationWarning(() => false, warn).watch(control()).cancel();
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('says nothing on an isolated page, and hands the control back as it is', () => {
    const warn = vi.fn<(message: string) => void>();
    const original = control();
    const watched = new IsolationWarning(() => true, warn).watch(original);
    expect(watched).toBe(original);
    watched.cancel();
    expect(warn).not.toHaveBeenCalled();
  });

  it('by default reads whether SharedArrayBuffer exists (Node has it: no warning)', () => {
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    new IsolationWarning().watch(control()).cancel();
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});
