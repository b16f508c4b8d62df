import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ItemState } from '../../core/lifecycle.js';
import type { ListItemsOptions } from '../../db/item-queries.js';
import type { JobStage } from './jobs.js';
import { createLogger } from './logger.js';
import { createReconciler, DEFAULT_RECEIPT_OVERDUE_MS, type ReconcilerOptions } from './reconciler.js';

interface Row {
  id: string;
  state: ItemState;
  /** When the state last changed (the reconciler's "stuck since" for the machine's stages). */
  changedAt: Date;
  /** When the row was last written (a re-send touches it); overdue receipts count from here. */
  updatedAt: Date;
  awaitsReceipt?: boolean;
}

/** A database of rows, read the way db/item-queries.ts and db/receipt-queries.ts read it. */
function fakeDatabase(rows: Row[]) {
  return {
    queries: {
      async listItems(options: ListItemsOptions = {}) {
        return rows
          .filter((r) => (!options.state || r.state === options.state) && (!options.changedBefore || r.changedAt < options.changedBefore))
          .slice(0, options.limit ?? 100)
          .map((r) => ({ id: r.id }));
      },
    } as unknown as ReconcilerOptions['queries'],
    async awaitingReceipt(before: Date, limit: number) {
      return rows.filter((r) => r.state === 'delivered' && r.awaitsReceipt && r.updatedAt < before).slice(0, limit).map((r) => ({ id: r.id }));
    },
  };
}

describe('reconciler', () => {
  let now = new Date('2026-12-01T08:00:00Z');
  const clock = { now: () => now };
  const at = (iso: string) => new Date(`2026-12-01T${iso}Z`);
  afterEach(() => vi.useRealTimers());

  function reconcilerOver(rows: Row[], overrides: Partial<ReconcilerOptions> = {}) {
    const queued: [JobStage, string][] = [];
    const database = fakeDatabase(rows);
    const reconciler = createReconciler({
      queries: database.queries,
      awaitingReceipt: database.awaitingReceipt,
      queue: { enqueue: async (stage, id) => void queued.push([stage, id]) },
      clock,
      logger: createLogger('silent'),
      staleAfterMs: 15 * 60_000,
      receiptOverdueMs: 30 * 60_000,
      intervalMs: 60_000,
      ...overrides,
    });
    return { reconciler, queued };
  }

  it('queues the resume stage of items stuck longer than the limit, and leaves fresh and waiting-for-a-person items alone', async () => {
    const old = at('08:00:00');
    const rows: Row[] = (['received', 'extracted', 'classified', 'routed', 'parked', 'rejected', 'failed', 'accepted'] as const).map((state) => ({ id: state, state, changedAt: old, updatedAt: old }));
    rows.push({ id: 'fresh', state: 'received', changedAt: at('08:10:00'), updatedAt: at('08:10:00') });
    now = at('08:20:00');
    const { reconciler, queued } = reconcilerOver(rows);
    expect(await reconciler.runOnce()).toBe(4);
    expect(queued).toEqual([
      ['ingest', 'received'],
      ['classify', 'extracted'],
      ['route', 'classified'],
      ['deliver', 'routed'],
    ]);
    // With no age limit (at start-up) the fresh item is looked at too.
    queued.length = 0;
    await reconciler.runOnce(0);
    expect(queued.map(([, id]) => id)).toContain('fresh');
  });

  it('re-sends a delivered item whose receipt is overdue, on its own longer limit, and only where receipts are expected', async () => {
    const rows: Row[] = [
      { id: 'waiting', state: 'delivered', changedAt: at('08:00:00'), updatedAt: at('08:00:00'), awaitsReceipt: true },
      { id: 'folder', state: 'delivered', changedAt: at('08:00:00'), updatedAt: at('08:00:00'), awaitsReceipt: false },
    ];
    const { reconciler, queued } = reconcilerOver(rows);
    // Past the ordinary limit, not yet past the receipt limit — not even at start-up.
    now = at('08:20:00');
    expect(await reconciler.runOnce()).toBe(0);
    expect(await reconciler.runOnce(0)).toBe(0);
    now = at('08:31:00');
    expect(await reconciler.runOnce()).toBe(1);
    expect(queued).toEqual([['deliver', 'waiting']]);
    // The re-send wrote the row: the next re-send waits for another overdue period.
    rows[0]!.updatedAt = at('08:31:30');
    queued.length = 0;
    now = at('08:50:00');
    expect(await reconciler.runOnce()).toBe(0);
    now = at('09:02:00');
    expect(await reconciler.runOnce()).toBe(1);
    expect(queued).toEqual([['deliver', 'waiting']]);
  });

  it('leaves delivered items alone without a receipt query, and defaults the receipt limit to minutes', async () => {
    now = at('12:00:00');
    const rows: Row[] = [{ id: 'waiting', state: 'delivered', changedAt: at('08:00:00'), updatedAt: at('08:00:00'), awaitsReceipt: true }];
    const { reconciler } = reconcilerOver(rows, { awaitingReceipt: undefined });
    expect(await reconciler.runOnce(0)).toBe(0);
    expect(DEFAULT_RECEIPT_OVERDUE_MS).toBeGreaterThanOrEqual(60_000);
    expect(DEFAULT_RECEIPT_OVERDUE_MS).toBeLessThan(240 * 60_000);
  });

  it('runs a pass every interval once started, and no more after stop', async () => {
    vi.useFakeTimers();
    now = at('10:00:00');
    const rows: Row[] = [{ id: 'lost', state: 'routed', changedAt: at('09:00:00'), updatedAt: at('09:00:00') }];
    const { reconciler, queued } = reconcilerOver(rows);
    reconciler.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(queued).toEqual([['deliver', 'lost']]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(queued).toHaveLength(2);
    await reconciler.stop();
    await vi.advanceTimersByTimeAsync(180_000);
    expect(queued).toHaveLength(2);
  });
});
