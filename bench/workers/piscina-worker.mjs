import Piscina from 'piscina';
export { noop, echo, spinFor } from './functions.mjs';

export function echoMove(value) {
  return Piscina.move(value);
}

/** Streams `count` numbers through a MessagePort given by the caller (piscina has no streaming). */
export function streamToPort({ port, count }) {
  for (let i = 0; i < count; i++) port.postMessage(i);
  port.postMessage('end');
  return count;
}
