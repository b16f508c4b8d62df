// Which parked items are in the IMAP rest folder. An item is due when it is parked and has no posting
// for its current delivery round (0 = never handed over): so an item rejected by its receiver comes back
// even if it was posted once before, and an item is never posted twice for the same round.
import { and, eq, sql } from 'drizzle-orm';
import type { Reason } from '../core/model.js';
import type { Db } from './connect.js';
import { items, restPostings } from './schema.js';

export interface DueRestItem {
  itemId: string;
  round: number;
  /** The rejection or refusal that sent the item back, when that is why it is parked. */
  error: Reason | null;
}

export function createRestPostingStore(db: Db) {
  // Spelled out: in a select list drizzle writes columns unqualified, and "id" would then be deliveries.id.
  const currentRound = sql<number>`coalesce((select max(d.round) from deliveries d where d.item_id = "items"."id"), 0)`;
  return {
    /** Parked items not yet in the rest folder for their current round, oldest first. */
    async due(tenantId: string, limit: number): Promise<DueRestItem[]> {
      const rows = await db
        .select({ itemId: items.id, round: currentRound, error: items.error })
        .from(items)
        .where(
          and(
            eq(items.tenantId, tenantId),
            eq(items.state, 'parked'),
            sql`not exists (select 1 from rest_postings r where r.item_id = ${items.id} and r.round = ${currentRound})`,
          ),
        )
        .orderBy(items.stateChangedAt)
        .limit(limit);
      return rows.map((row) => ({ itemId: row.itemId, round: Number(row.round), error: (row.error as Reason | null) ?? null }));
    },
    async record(posting: { itemId: string; round: number; tenantId: string; mailbox: string; messageId: string }): Promise<void> {
      await db.insert(restPostings).values(posting).onConflictDoNothing();
    },
    async forItem(itemId: string) {
      return db.select().from(restPostings).where(eq(restPostings.itemId, itemId)).orderBy(restPostings.round);
    },
  };
}

export type RestPostingStore = ReturnType<typeof createRestPostingStore>;
