/**
 * `execArgv` is checked when a context is made: a flag Node would refuse is a clear
 * TypeError at construction, not a raw Node error at every submit.
 */
import { describe, expect, it } from 'vitest';
import { ProcessContext } from '../../../src/contexts/child-process/process-context.js';
import { WorkerContext } from '../../../src/contexts/worker-threads/worker-context.js';

describe('WorkerContext: execArgv', () => {
  it('refuses a flag Node does not know, naming it', () => {
    const make = (): unknown => new WorkerContext({ execArgv: ['--no-warnings', '--bogus-flag'] });
    expect(make).toThrow(TypeError);
    expect(make).toThrow(
      /^Expected `execArgv` to be Node options that a worker thread accepts, got `\["--no-warnings","--bogus-flag"\]` \(array\): Node refuses --bogus-flag\./,
    );
  });

  it('refuses a process-wide flag that worker threads cannot take, and says where it goes', () => {
    expect(() => new WorkerContext({ execArgv: ['--max-old-space-size=64'] })).toThrow(
      /Node refuses --max-old-space-size=64\. V8 and process-wide options .*resourceLimits/,
    );
  });

  it('refuses a value that is not an array of strings', () => {
    expect(() => new WorkerContext({ execArgv: '--no-warnings' as unknown as string[] })).toThrow(
      new TypeError('Expected `execArgv` to be an array of strings, got `"--no-warnings"` (string)'),
    );
    expect(() => new WorkerContext({ execArgv: [1] as unknown as string[] })).toThrow(
      'Expected `execArgv` to be an array of strings, got `[1]` (array)',
    );
  });

  it('accepts flags a worker thread takes', async () => {
    const context = new WorkerContext({ maxWorkers: 1, execArgv: ['--no-warnings'] });
    await context.close();
  });
});

describe('ProcessContext: execArgv', () => {
  it('refuses a flag Node does not know, naming it', () => {
    const make = (): unknown => new ProcessContext({ execArgv: ['--bogus-flag'] });
    expect(make).toThrow(TypeError);
    expect(make).toThrow(
      /^Expected `execArgv` to be Node options that a child process accepts, got `\["--bogus-flag"\]` \(array\): Node refuses them \(bad option: --bogus-flag\)\./,
    );
  });

  it('accepts flags a process takes, including process-wide ones', async () => {
    const context = new ProcessContext({
      maxWorkers: 1,
      execArgv: ['--no-warnings', '--max-old-space-size=64'],
    });
    await context.close();
  });
});

describe.each([
  [
    'WorkerContext',
    (options: unknown): object =>
      new WorkerContext(options as ConstructorParameters<typeof WorkerContext>[0]),
  ],
  [
    'ProcessContext',
    (options: unknown): object =>
      new ProcessContext(options as ConstructorParameters<typeof ProcessContext>[0]),
  ],
])('%s options that are not an object', (_name, make) => {
  it('throw the house-template TypeError, not a raw one from reading execArgv', () => {
    expect(() => make(null)).toThrow(/Expected `options` to be/);
  });
});
