import { describe, expect, it } from 'vitest';
import { ITEM_STATES } from '../../core/lifecycle.js';
import type { StageHandler, StageHandlers } from './queue/types.js';
import { applyPolicy, isAtRest, PROCESS_POLICY, WORK_POLICY } from './policy.js';

const calls: string[] = [];
const handler = (stage: string, next?: keyof StageHandlers): StageHandler => async (itemId) => (calls.push(`${stage}:${itemId}`), next ? { next } : {});
const handlers: StageHandlers = {
  ingest: handler('ingest', 'extract'),
  extract: handler('extract', 'classify'),
  ocr: handler('ocr', 'classify'),
  classify: handler('classify', 'route'),
  route: handler('route', 'deliver'),
  deliver: handler('deliver'),
};
const first = { number: 1, last: false };

describe('pipeline policy', () => {
  it('lets work hand over: the same handlers, untouched', () => {
    expect(applyPolicy(handlers, WORK_POLICY)).toBe(handlers);
  });

  it('stops process before delivery: route names no next stage and a stray deliver job does nothing', async () => {
    const policed = applyPolicy(handlers, PROCESS_POLICY);
    calls.length = 0;
    expect(await policed.classify('a', first)).toEqual({ next: 'route' });
    expect(await policed.route('a', first)).toEqual({});
    expect(await policed.deliver('a', first)).toEqual({});
    expect(calls).toEqual(['classify:a', 'route:a']);
  });

  it('calls an item at rest when the machine owes it nothing more under the policy', () => {
    const atRest = (policy: typeof WORK_POLICY) => ITEM_STATES.filter((state) => isAtRest(state, policy));
    expect(atRest(WORK_POLICY)).toEqual(['accepted', 'rejected', 'parked', 'failed']);
    expect(atRest(PROCESS_POLICY)).toEqual(['routed', 'delivered', 'accepted', 'rejected', 'parked', 'failed']);
  });
});
