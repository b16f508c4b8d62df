import { describe, expect, it } from 'vitest';
import { forEachOrdered } from './concurrency.js';

describe('forEachOrdered', () => {
  it('emits results in input order although tasks finish out of order', async () => {
    const delays = [30, 5, 20, 1, 10];
    const seen: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    await forEachOrdered(
      delays,
      2,
      async (delay, index) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, delay));
        inFlight -= 1;
        return index;
      },
      (result) => seen.push(result),
    );
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(maxInFlight).toBe(2);
  });

  it('does nothing for no inputs', async () => {
    const seen: unknown[] = [];
    await forEachOrdered([], 4, async () => 1, (r) => seen.push(r));
    expect(seen).toEqual([]);
  });
});
