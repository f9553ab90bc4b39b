/**
 * The future of a call.
 */
import { BaseFuture } from '../../core/base-future.js';

/** The future of a background call: one result, no events beyond the state changes. */
export class CallFuture<TResult> extends BaseFuture<TResult> {}
