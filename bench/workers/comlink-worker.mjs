import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink/dist/esm/comlink.mjs';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { noop, echo, spinFor } from './functions.mjs';

Comlink.expose(
  {
    noop,
    echo,
    spinFor,
    echoTransfer: (value) => Comlink.transfer(value, [value.buffer]),
    /** Streams through a proxied callback: one call (and message) per item. */
    stream: async (count, onItem) => {
      for (let i = 0; i < count; i++) onItem(i);
      await onItem('end');
      return count;
    },
  },
  nodeEndpoint(parentPort),
);
