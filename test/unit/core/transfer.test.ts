import { describe, expect, it } from 'vitest';
import { collectTransferables, transfer } from '../../../src/core/transfer.js';

describe('transfer', () => {
  it('returns the value itself and remembers its transferables', () => {
    const samples = new Float64Array(4);
    expect(transfer(samples, [samples.buffer])).toBe(samples);
    expect(collectTransferables([samples])).toEqual([samples.buffer]);
  });

  it('collects from top-level values only, in order, skipping primitives and unmarked objects', () => {
    const first = new ArrayBuffer(1);
    const second = new ArrayBuffer(2);
    const a = transfer({ first }, [first]);
    const b = transfer([second], [second]);
    const nested = { inner: a };
    expect(collectTransferables([1, 'x', null, undefined, a, {}, b])).toEqual([first, second]);
    expect(collectTransferables([nested])).toEqual([]);
  });

  it('replaces the list when a value is marked again', () => {
    const first = new ArrayBuffer(1);
    const second = new ArrayBuffer(1);
    const value = { first, second };
    transfer(value, [first]);
    transfer(value, [second]);
    expect(collectTransferables([value])).toEqual([second]);
  });
});
