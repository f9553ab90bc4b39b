import { Tinypool } from 'tinypool';
export { noop, echo, spinFor } from './functions.mjs';

export function echoMove(value) {
  return Tinypool.move(value);
}

/** Streams `count` numbers through a MessagePort given by the caller (tinypool has no streaming). */
export function streamToPort({ port, count }) {
  for (let i = 0; i < count; i++) port.postMessage(i);
  port.postMessage('end');
  return count;
}
