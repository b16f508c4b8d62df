import { describe, expect, it } from 'vitest';
import { createMemoryItemStore } from '../test/fakes/memory-item-store.js';
import { newEmail } from '../test/support/item-store-contract.js';
import type { JobStage } from './jobs.js';
import { createLogger } from './logger.js';
import { createReconciler } from './reconciler.js';

describe('reconciler', () => {
  it('queues the next stage of items stuck longer than the limit, and leaves fresh and final items alone', async () => {
    let now = new Date('2026-12-01T08:00:00Z');
    const clock = { now: () => now };
    const store = createMemoryItemStore(clock);
    const stuck: Record<string, string> = {};
    for (const [state, sha] of [['received', '1'], ['extracted', '2'], ['classified', '3'], ['routed', '4'], ['parked', '5'], ['delivered', '6']] as const) {
      const { item } = await store.createItem(newEmail({ contentSha256: sha.repeat(64) }));
      if (state !== 'received') await store.setState(item.id, state);
      stuck[state] = item.id;
    }
    now = new Date('2026-12-01T08:20:00Z');
    const { item: fresh } = await store.createItem(newEmail({ contentSha256: '7'.repeat(64) }));
    const queued: [JobStage, string][] = [];
    const reconciler = createReconciler({
      tenantId: 'norrea',
      queries: store,
      queue: { enqueue: async (stage, id) => void queued.push([stage, id]) },
      clock,
      logger: createLogger('silent'),
      staleAfterMs: 15 * 60_000,
      intervalMs: 60_000,
    });
    expect(await reconciler.runOnce()).toBe(4);
    expect(queued).toEqual([
      ['ingest', stuck.received],
      ['classify', stuck.extracted],
      ['route', stuck.classified],
      ['deliver', stuck.routed],
    ]);
    expect(queued.map(([, id]) => id)).not.toContain(fresh.id);
    // With no age limit (at start-up) the fresh item is looked at too.
    queued.length = 0;
    now = new Date('2026-12-01T08:20:01Z');
    await reconciler.runOnce(0);
    expect(queued.map(([, id]) => id)).toContain(fresh.id);
  });
});
