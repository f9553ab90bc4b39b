/**
 * The bare baseline of the browser benchmark: a module Web Worker that answers `noop` with
 * one message, and streams numbers one message per item or in batches.
 */
interface BenchRequest {
  readonly kind: 'noop' | 'stream';
  readonly value: number;
  readonly batch?: number;
}

self.onmessage = (event: MessageEvent<BenchRequest>) => {
  const { kind, value, batch = 1 } = event.data;
  if (kind === 'noop') {
    self.postMessage(value);
    return;
  }
  for (let index = 0; index < value; index += batch) {
    if (batch === 1) {
      self.postMessage(index);
      continue;
    }
    const items: number[] = [];
    for (let item = index; item < Math.min(value, index + batch); item++) items.push(item);
    self.postMessage(items);
  }
  self.postMessage('end');
};
