/**
 * The future of a call.
 */
import { BaseFuture } from '../../core/base-future.js';

/**
 * The future of a background call: one result, no events beyond the state changes.
 *
 * @typeParam TEvents - custom messages the function sends with `currentTask().send(type, arg)`,
 * by type, if any: `CallFuture<number, { log: string }>` types `observe('log', …)`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{}`: no custom messages
export class CallFuture<TResult, TEvents extends object = {}> extends BaseFuture<TResult, TEvents> {}
