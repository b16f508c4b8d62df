// The retry schedule of webhook deliveries: doubling from the base, capped, jittered within its bounds.
import { describe, expect, it } from 'vitest';
import { WEBHOOK_BACKOFF, webhookRetryDelayMs } from './webhook-backoff.js';

const middle = () => 0.5;

describe('webhookRetryDelayMs', () => {
  it('doubles from the base with no jitter at the middle of the range', () => {
    expect([1, 2, 3, 4].map((attempt) => webhookRetryDelayMs(attempt, middle))).toEqual([15_000, 30_000, 60_000, 120_000]);
  });

  it('never waits longer than the cap, however many attempts', () => {
    expect(webhookRetryDelayMs(12, middle)).toBe(WEBHOOK_BACKOFF.capMs);
    expect(webhookRetryDelayMs(1000, () => 0.999)).toBe(WEBHOOK_BACKOFF.capMs);
  });

  it('spreads the delay by at most the jitter share either way', () => {
    expect(webhookRetryDelayMs(3, () => 0)).toBe(45_000);
    expect(webhookRetryDelayMs(3, () => 0.999_999)).toBeCloseTo(75_000, -1);
    for (let i = 0; i < 200; i++) {
      const delay = webhookRetryDelayMs(5);
      expect(delay).toBeGreaterThanOrEqual(180_000);
      expect(delay).toBeLessThanOrEqual(300_000);
    }
  });

  it('treats a nonsensical attempt or random value as the first attempt and the middle', () => {
    expect(webhookRetryDelayMs(0, middle)).toBe(15_000);
    expect(webhookRetryDelayMs(-3, () => Number.NaN)).toBe(15_000);
  });
});
