import workerpool from 'workerpool';
import { noop, echo, spinFor } from './functions.mjs';

workerpool.worker({
  noop,
  echo,
  spinFor,
  echoTransfer: (value) => new workerpool.Transfer(value, [value.buffer]),
  stream: (count) => {
    for (let i = 0; i < count; i++) workerpool.workerEmit(i);
    return count;
  },
});
