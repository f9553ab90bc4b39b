/**
 * Types of progress tasks: a function whose last parameter is the `progress` callback.
 */

/** The callback a progress task reports through. Throws `TaskCancelled` once cancellation was requested. */
export type ProgressCallback<TProgress> = (info: TProgress) => void;

/** A function whose last parameter is a progress callback. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parameter types are inferred per task
export type ProgressFunction = (...args: any[]) => unknown;

/** The parameters of `TFunction` before its progress callback: what `submitProgress` takes. */
export type ArgumentsBeforeProgress<TFunction extends ProgressFunction> =
  Parameters<TFunction> extends [...infer TArguments, ProgressCallback<never>] ? TArguments : never;

/** The type of the progress values `TFunction` reports. */
export type ProgressOf<TFunction extends ProgressFunction> =
  Parameters<TFunction> extends [...unknown[], ProgressCallback<infer TProgress>] ? TProgress : never;
