import { describe, expect, it } from 'vitest';
import { decideBatch, type BatchState } from './batching.js';

const policy = { batchSeconds: 300, minIntervalSeconds: 3600 };
const now = new Date('2026-03-02T10:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const state = (overrides: Partial<BatchState>): BatchState => ({ now, pendingCount: 3, oldestPendingAt: ago(400), lastMailedAt: null, ...overrides });

describe('decideBatch', () => {
  it('sends nothing when nothing waits', () => {
    expect(decideBatch(state({ pendingCount: 0, oldestPendingAt: null }), policy)).toEqual({ send: false, reason: 'nothing_pending' });
  });

  it('keeps collecting until the oldest alert is batchSeconds old', () => {
    expect(decideBatch(state({ oldestPendingAt: ago(299) }), policy)).toEqual({ send: false, reason: 'collecting' });
    expect(decideBatch(state({ oldestPendingAt: ago(300) }), policy)).toEqual({ send: true, reason: 'batch_due' });
  });

  it('sends a very large batch at once', () => {
    expect(decideBatch(state({ pendingCount: 499, oldestPendingAt: ago(5) }), policy).send).toBe(false);
    expect(decideBatch(state({ pendingCount: 500, oldestPendingAt: ago(5) }), policy)).toEqual({ send: true, reason: 'batch_large' });
    expect(decideBatch(state({ pendingCount: 20, oldestPendingAt: ago(5) }), { ...policy, largeBatch: 20 }).send).toBe(true);
  });

  it('waits minIntervalSeconds after the last mail, even for a large or old batch', () => {
    expect(decideBatch(state({ lastMailedAt: ago(3599), pendingCount: 5000, oldestPendingAt: ago(3000) }), policy)).toEqual({ send: false, reason: 'interval' });
    expect(decideBatch(state({ lastMailedAt: ago(3600) }), policy)).toEqual({ send: true, reason: 'batch_due' });
  });

  it('with no interval, only the batch window holds mails back', () => {
    expect(decideBatch(state({ lastMailedAt: ago(1) }), { ...policy, minIntervalSeconds: 0 }).send).toBe(true);
  });
});
