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
    /**
     * Postings whose item has been placed since (no longer parked, or parked again in a later round): their
     * messages should leave the rest folder, so staff do not place an item twice.
     */
    async placed(tenantId: string, limit: number) {
      return db
        .select({ itemId: restPostings.itemId, round: restPostings.round, mailbox: restPostings.mailbox, messageId: restPostings.messageId })
        .from(restPostings)
        .innerJoin(items, eq(items.id, restPostings.itemId))
        .where(and(eq(restPostings.tenantId, tenantId), sql`(${items.state} <> 'parked' or ${restPostings.round} < coalesce((select max(d.round) from deliveries d where d.item_id = "items"."id"), 0))`))
        .limit(limit);
    },
    /** The message has left the rest folder; the item's events keep that it was there. */
    async remove(itemId: string, round: number): Promise<void> {
      await db.delete(restPostings).where(and(eq(restPostings.itemId, itemId), eq(restPostings.round, round)));
    },
    async forItem(itemId: string) {
      return db.select().from(restPostings).where(eq(restPostings.itemId, itemId)).orderBy(restPostings.round);
    },
  };
}

export type RestPostingStore = ReturnType<typeof createRestPostingStore>;
