import { describe, expect, it } from 'vitest';
import { createMemoryItemStore } from '../test/fakes/memory-item-store.js';
import { newEmail } from '../test/support/item-store-contract.js';
import { listFailed, retryFailed } from './failures.js';

describe('failed shipments', () => {
  it('lists failed items with the stage that failed, and a retry puts them back where that stage starts', async () => {
    const clock = { now: () => new Date('2026-12-01T10:00:00Z') };
    const store = createMemoryItemStore(clock);
    const { item } = await store.createItem(newEmail());
    await store.setState(item.id, 'routed', { destination: 'KSD' });
    await store.appendEvent(item.id, { stage: 'deliver', type: 'failed', at: clock.now(), data: { reason: 'deliver.retries_exhausted' } });
    await store.setState(item.id, 'failed', { error: { code: 'deliver.retries_exhausted', message: 'deliver failed after all retries: 503' } });

    const failed = await listFailed(store, 'norrea');
    expect(failed.map((f) => [f.item.id, f.stage, f.item.error?.code])).toEqual([[item.id, 'deliver', 'deliver.retries_exhausted']]);
    expect(await retryFailed({ items: store, queries: store, clock }, item.id, 'journal:mette')).toBe('routed');
    expect((await store.getItem(item.id))?.state).toBe('routed');
    expect((await store.listEvents(item.id)).at(-1)).toMatchObject({ type: 'retry_requested', data: { by: 'journal:mette', state: 'routed' } });
    await expect(retryFailed({ items: store, queries: store, clock }, item.id, 'journal:mette')).rejects.toThrow(/not failed/);
  });
});
