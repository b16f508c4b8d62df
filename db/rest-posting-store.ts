// Which items of the rest mailbox (the lifecycle's REST_MAILBOX_STATES: parked, rejected) are in the IMAP
// rest folder. An item is due when it is in the rest mailbox and has no posting for its current delivery
// round (items.round): so an item rejected by its receiver comes back even if it was posted once before,
// and an item is never posted twice for the same round. Bound to one tenant: another municipality's items
// and postings are neither listed, recorded nor removed here.
import { and, eq, inArray, notInArray, or, sql } from 'drizzle-orm';
import { REST_MAILBOX_STATES } from '../core/lifecycle.js';
import type { Reason } from '../core/model.js';
import type { Db } from './connect.js';
import { isItemId, ItemNotFoundError } from './item-store.js';
import { items, restPostings } from './schema.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export interface DueRestItem {
  itemId: string;
  round: number;
  /** The rejection or refusal that sent the item back, when that is why it is parked. */
  error: Reason | null;
}

export interface RestPosting {
  itemId: string;
  round: number;
  mailbox: string;
  messageId: string;
}

export function createRestPostingStore(db: Db, scope: TenantScope) {
  const tenantId = boundTenant(scope);
  const ownPosting = (itemId: string, round: number) => and(eq(restPostings.tenantId, tenantId), eq(restPostings.itemId, itemId), eq(restPostings.round, round));
  return {
    tenantId,
    /** Rest-mailbox items not yet in the rest folder for their current round, oldest first. */
    async due(limit: number): Promise<DueRestItem[]> {
      const rows = await db
        .select({ itemId: items.id, round: items.round, error: items.error })
        .from(items)
        .where(
          and(
            eq(items.tenantId, tenantId),
            inArray(items.state, [...REST_MAILBOX_STATES]),
            sql`not exists (select 1 from rest_postings r where r.item_id = ${items.id} and r.round = ${items.round})`,
            // Junk kept for N days is never posted (the publisher's own skip is the fallback).
            sql`not (${items.state} = 'parked' and exists (select 1 from decisions d where d.item_id = ${items.id} and d.stage = 'route' and d.round = ${items.round} and d.outcome->'junk'->>'action' = 'keep'))`,
          ),
        )
        .orderBy(items.stateChangedAt)
        .limit(limit);
      return rows.map((row) => ({ itemId: row.itemId, round: Number(row.round), error: row.error ?? null }));
    },
    /** Records that an item of this tenant is in the rest folder for a round (ItemNotFoundError for any other). */
    async record(posting: RestPosting): Promise<void> {
      if (!isItemId(posting.itemId)) throw new ItemNotFoundError(posting.itemId);
      await db.transaction(async (tx) => {
        const [item] = await tx.select({ id: items.id }).from(items).where(and(eq(items.id, posting.itemId), eq(items.tenantId, tenantId))).for('share');
        if (!item) throw new ItemNotFoundError(posting.itemId);
        await tx.insert(restPostings).values({ ...posting, tenantId }).onConflictDoNothing();
      });
    },
    /**
     * Postings whose item has been placed since (out of the rest mailbox, or back in it in a later round): their
     * messages should leave the rest folder, so staff do not place an item twice.
     */
    async placed(limit: number) {
      return db
        .select({ itemId: restPostings.itemId, round: restPostings.round, mailbox: restPostings.mailbox, messageId: restPostings.messageId })
        .from(restPostings)
        .innerJoin(items, and(eq(items.id, restPostings.itemId), eq(items.tenantId, tenantId)))
        .where(and(eq(restPostings.tenantId, tenantId), or(notInArray(items.state, [...REST_MAILBOX_STATES]), sql`${restPostings.round} < ${items.round}`)))
        .limit(limit);
    },
    /** The message has left the rest folder; the item's events keep that it was there. */
    async remove(itemId: string, round: number): Promise<void> {
      if (!isItemId(itemId)) return;
      await db.delete(restPostings).where(ownPosting(itemId, round));
    },
    async forItem(itemId: string) {
      if (!isItemId(itemId)) return [];
      return db.select().from(restPostings).where(and(eq(restPostings.tenantId, tenantId), eq(restPostings.itemId, itemId))).orderBy(restPostings.round);
    },
  };
}

export type RestPostingStore = ReturnType<typeof createRestPostingStore>;
