import { describe, expect, it } from 'vitest';
import { assertTransition, type ItemState } from '../../core/lifecycle.js';
import type { Item } from '../../core/model.js';
import type { ItemEvent, ItemStore, StageCommit } from '../../core/ports.js';
import type { ItemQueries, ItemSummary } from '../../db/item-queries.js';
import { listFailed, retryFailed } from './failures.js';

const clock = { now: () => new Date('2026-12-01T10:00:00Z') };
const ID = '3f2b8c1e-0a4d-4c5e-9f00-1234567890ab';

/** One item with its events; `commit` behaves like the store's: lifecycle check, then compare-and-set. */
function oneItem(state: ItemState, events: ItemEvent[]) {
  const item = { id: ID, tenantId: 'norrea', channel: 'email', state, source: 'folder:test', contentSha256: 'a'.repeat(64), size: 10, fileName: 'a.eml', receivedAt: clock.now(), round: 1 } as Item;
  const summary = () => ({ ...item, error: item.state === 'failed' ? { code: 'deliver.retries_exhausted', message: 'deliver failed after all retries: 503' } : null }) as ItemSummary;
  const commits: StageCommit[] = [];
  const items = {
    getItem: async (id: string) => (id === ID ? { ...item } : undefined),
    async commit(step: StageCommit) {
      assertTransition(step.from, step.to);
      if (item.state !== step.from) return { committed: false as const, state: item.state };
      commits.push(step);
      item.state = step.to;
      if (step.nextRound) item.round += 1;
      events.push(step.event);
      return { committed: true as const, item: { ...item } };
    },
  } as unknown as ItemStore;
  const queries = {
    listItems: async (options: { state?: ItemState } = {}) => (!options.state || options.state === item.state ? [summary()] : []),
    listEvents: async () => structuredClone(events),
  } as unknown as Pick<ItemQueries, 'listItems' | 'listEvents'>;
  return { item, items, queries, commits };
}

describe('failed shipments', () => {
  it('lists failed items with the stage that failed, and a retry puts them back where that stage starts', async () => {
    const { item, items, queries, commits } = oneItem('failed', [{ stage: 'deliver', type: 'failed', at: clock.now(), data: { reason: 'deliver.retries_exhausted' } }]);
    const failed = await listFailed(queries);
    expect(failed.map((f) => [f.item.id, f.stage, f.item.error?.code])).toEqual([[ID, 'deliver', 'deliver.retries_exhausted']]);
    expect(await retryFailed({ items, queries, clock }, ID, 'journal:mette')).toBe('routed');
    expect(commits).toEqual([
      { itemId: ID, from: 'failed', to: 'routed', patch: { error: null }, event: { stage: 'deliver', type: 'retry_requested', at: clock.now(), data: { by: 'journal:mette', state: 'routed' } } },
    ]);
    expect(item).toMatchObject({ state: 'routed', round: 1 });
    await expect(retryFailed({ items, queries, clock }, ID, 'journal:mette')).rejects.toThrow(/not failed/);
  });

  it('retries each stage from the state the lifecycle names for it', async () => {
    for (const [stage, state] of [['ingest', 'received'], ['extract', 'received'], ['classify', 'extracted'], ['route', 'classified']] as const) {
      const { items, queries } = oneItem('failed', [{ stage, type: 'failed', at: clock.now() }]);
      expect(await retryFailed({ items, queries, clock }, ID, 'ops'), stage).toBe(state);
    }
  });

  it('starts a new delivery round when the receiver itself answered FEJLET', async () => {
    const { item, items, queries, commits } = oneItem('failed', [{ stage: 'receipt', type: 'failed', at: clock.now(), data: { code: 'FEJLET' } }]);
    expect(await retryFailed({ items, queries, clock }, ID, 'ops')).toBe('routed');
    expect(commits[0]).toMatchObject({ from: 'failed', to: 'routed', nextRound: true, event: { stage: 'receipt', data: { round: 2 } } });
    expect(item.round).toBe(2);
  });

  it('loses a race honestly: an item placed meanwhile is not moved back', async () => {
    const { item, items, queries } = oneItem('failed', [{ stage: 'deliver', type: 'failed', at: clock.now() }]);
    const placeFirst = items.commit.bind(items);
    items.commit = async (step) => {
      item.state = 'routed';
      return placeFirst(step);
    };
    await expect(retryFailed({ items, queries, clock }, ID, 'ops')).rejects.toThrow(/is routed, not failed/);
  });
});
