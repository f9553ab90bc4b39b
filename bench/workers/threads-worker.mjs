import { expose, Transfer } from 'threads/worker';
import { Observable } from 'observable-fns';
import { noop, echo, spinFor } from './functions.mjs';

expose({
  noop,
  echo,
  spinFor,
  echoTransfer: (value) => Transfer(value, [value.buffer]),
  stream: (count) =>
    new Observable((observer) => {
      for (let i = 0; i < count; i++) observer.next(i);
      observer.complete();
    }),
});
