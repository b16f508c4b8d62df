import { describe, expect, it } from 'vitest';
import { backoffDelay, createWakeup, settlesWithin, sleep } from './timing.js';

describe('backoffDelay', () => {
  const options = { minMs: 1_000, maxMs: 60_000 };

  it('doubles from the minimum up to the maximum', () => {
    const fixed = (failures: number): number => backoffDelay(failures, options, () => 1);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map(fixed)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('keeps at least half of the step and jitters the rest', () => {
    expect(backoffDelay(3, options, () => 0)).toBe(4_000);
    expect(backoffDelay(3, options, () => 0.5)).toBe(6_000);
  });
});

describe('createWakeup', () => {
  it('remembers a wake() that came before wait()', async () => {
    const wakeup = createWakeup();
    wakeup.wake();
    await expect(settlesWithin(wakeup.wait(60_000), 1_000)).resolves.toBe(true);
    // ...but only once.
    await expect(settlesWithin(wakeup.wait(60_000), 50)).resolves.toBe(false);
  });

  it('ends a wait on wake(), on abort and on timeout', async () => {
    const wakeup = createWakeup();
    const woken = wakeup.wait(60_000);
    wakeup.wake();
    await expect(settlesWithin(woken, 1_000)).resolves.toBe(true);

    const controller = new AbortController();
    const aborted = createWakeup().wait(60_000, controller.signal);
    controller.abort();
    await expect(settlesWithin(aborted, 1_000)).resolves.toBe(true);

    await expect(settlesWithin(createWakeup().wait(10), 1_000)).resolves.toBe(true);
  });
});

describe('sleep', () => {
  it('returns at once when already aborted', async () => {
    await expect(settlesWithin(sleep(60_000, AbortSignal.abort()), 1_000)).resolves.toBe(true);
  });
});
