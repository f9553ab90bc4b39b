// The bare worker_threads baseline: the least a hand-written worker needs for each scenario.
import { parentPort, workerData } from 'node:worker_threads';

const flag = workerData?.flag === undefined ? undefined : new Int32Array(workerData.flag);

parentPort.on('message', (message) => {
  switch (message.kind) {
    case 'noop':
      parentPort.postMessage(message.value);
      break;
    case 'noops': // a pipelined batch of requests answered by one message
      parentPort.postMessage(message.values);
      break;
    case 'echo':
      parentPort.postMessage(message.value, message.transfer ? [message.value.buffer] : []);
      break;
    case 'stream': {
      const { count, batch } = message;
      if (batch <= 1) {
        for (let i = 0; i < count; i++) parentPort.postMessage(i);
      } else {
        for (let i = 0; i < count; i += batch) {
          const items = [];
          for (let j = i; j < Math.min(count, i + batch); j++) items.push(j);
          parentPort.postMessage(items);
        }
      }
      parentPort.postMessage('end');
      break;
    }
    case 'spin': {
      // cooperative: spin until the shared flag is set
      let spins = 0;
      while (Atomics.load(flag, 0) === 0) spins++;
      Atomics.store(flag, 0, 0);
      parentPort.postMessage(spins);
      break;
    }
    case 'spinFor': {
      // busy for `value` ms, as functions.mjs's spinFor
      const end = Date.now() + message.value;
      let spins = 0;
      while (Date.now() < end) spins++;
      parentPort.postMessage(spins);
      break;
    }
    case 'spinForever':
      for (;;);
  }
});
