// Which delivered items still wait for a business receipt, for the reconciler: only destinations whose
// receiver sends receipts (SF2900 / Overdragelse) — a folder or a mailbox never answers, and sending to it
// again would only repeat a mail. "Unchanged since" is the item row's last write, which a re-send also
// touches, so an item is sent again once per overdue period, not on every pass.
import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from './connect.js';
import { items } from './schema.js';

export interface ReceiptQueries {
  /** Delivered items to `destinations` not written since `before`, oldest first. */
  awaitingReceipt(before: Date, limit: number): Promise<{ id: string }[]>;
}

export function createReceiptQueries(db: Db, tenantId: string, destinations: readonly string[]): ReceiptQueries {
  return {
    async awaitingReceipt(before, limit) {
      if (destinations.length === 0) return [];
      return db
        .select({ id: items.id })
        .from(items)
        .where(and(eq(items.tenantId, tenantId), eq(items.state, 'delivered'), inArray(items.destination, [...destinations]), lt(items.updatedAt, before)))
        .orderBy(asc(items.updatedAt), asc(items.id))
        .limit(limit);
    },
  };
}
