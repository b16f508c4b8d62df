import { describe, expect, it } from 'vitest';
import type { ItemState } from '../../core/lifecycle.js';
import type { ItemStore } from '../../core/ports.js';
import type { JobStage } from './jobs.js';
import { PROCESS_POLICY, WORK_POLICY } from './policy.js';
import { createItemProgress, settle } from './settle.js';

const idle: Record<JobStage, number> = { ingest: 0, extract: 0, ocr: 0, classify: 0, route: 0, deliver: 0 };

function fakes(initial: ItemState) {
  const state = { current: initial, jobs: 1, looks: 0 };
  const items = {
    getItem: async () => {
      state.looks++;
      return { state: state.current } as Awaited<ReturnType<ItemStore['getItem']>>;
    },
  } as unknown as ItemStore;
  const queue = { depth: async () => ({ ...idle, extract: state.jobs }) };
  return { state, items, queue };
}

describe('settle', () => {
  it('returns at once for an item already at rest', async () => {
    const { items, queue } = fakes('parked');
    expect(await settle({ items, queue, policy: WORK_POLICY, progress: createItemProgress() }, 'a')).toBe('parked');
  });

  it('waits through the stages until the item is at rest under the policy', async () => {
    const { state, items, queue } = fakes('received');
    const progress = createItemProgress();
    const settled = settle({ items, queue, policy: PROCESS_POLICY, progress }, 'a');
    for (const next of ['extracted', 'classified', 'routed'] as const) {
      await new Promise((r) => setTimeout(r, 10));
      state.current = next;
      progress.notify('a');
    }
    // `routed` is at rest for process (it never hands over).
    expect(await settled).toBe('routed');
  });

  it('stops waiting for an item that cannot move: nothing queued, running or delayed', async () => {
    const { state, items, queue } = fakes('extracted');
    const progress = createItemProgress();
    const settled = settle({ items, queue, policy: WORK_POLICY, progress }, 'a');
    await new Promise((r) => setTimeout(r, 10));
    state.jobs = 0;
    progress.notify('a');
    expect(await settled).toBe('extracted');
  });

  it('wakes only the waiters of the item that moved', async () => {
    const progress = createItemProgress();
    const woke: string[] = [];
    const a = progress.next('a', 5_000);
    const b = progress.next('b', 5_000);
    void a.wait.then(() => woke.push('a'));
    void b.wait.then(() => woke.push('b'));
    progress.notify('a');
    await a.wait;
    await new Promise((r) => setTimeout(r, 10));
    expect(woke).toEqual(['a']);
    b.cancel();
    await b.wait;
    expect(woke).toEqual(['a', 'b']);
  });
});
