/**
 * Symbols through which the executor drives futures. Not part of the public API: they are
 * not exported from any entry point.
 */

/** `future[RECEIVE](messages)`: deliver task messages; returns whether the task is over. */
export const RECEIVE = Symbol('reactive-futures.receive');

/** `future[REPORT_ERRORS_TO] = reporter`: where errors of the future's observers go. */
export const REPORT_ERRORS_TO = Symbol('reactive-futures.reportErrorsTo');
