export { BackgroundCall, type BackgroundCallOptions } from './background-call.js';
export { CallFuture } from './call-future.js';
export { submitCall } from './submit-call.js';
