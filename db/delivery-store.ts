// The DeliveryStore port: one deliveries row per item, written before the receiver is called, so every
// retry of a handover carries the same transaction id (AnvenderTransaktionsID).
import { eq, sql } from 'drizzle-orm';
import type { DeliveryRecord, DeliveryStore } from '../core/ports.js';
import type { Db } from './connect.js';
import { isItemId, ItemNotFoundError } from './item-store.js';
import { deliveries, items } from './schema.js';
import { storableJson } from './storable.js';

export function createDeliveryStore(db: Db): DeliveryStore {
  return {
    async begin(itemId) {
      if (!isItemId(itemId)) throw new ItemNotFoundError(itemId);
      return db.transaction(async (tx) => {
        const [item] = await tx.select({ tenantId: items.tenantId, destination: items.destination }).from(items).where(eq(items.id, itemId));
        if (!item) throw new ItemNotFoundError(itemId);
        if (!item.destination) throw new Error(`item ${itemId} has no destination to deliver to`);
        await tx.insert(deliveries).values({ itemId, tenantId: item.tenantId, destination: item.destination }).onConflictDoNothing();
        const [row] = await tx
          .update(deliveries)
          .set({ attempts: sql`${deliveries.attempts} + 1` })
          .where(eq(deliveries.itemId, itemId))
          .returning();
        if (!row) throw new ItemNotFoundError(itemId);
        return toRecord(row);
      });
    },
    async findByTransaction(transactionId) {
      if (!isItemId(transactionId)) return undefined;
      const [row] = await db.select().from(deliveries).where(eq(deliveries.transactionId, transactionId));
      return row ? toRecord(row) : undefined;
    },
    async markSent(itemId, receipt) {
      await db
        .update(deliveries)
        .set({ status: 'sent', sentAt: receipt.at, receipt: storableJson({ ...receipt, at: receipt.at.toISOString() }) })
        .where(eq(deliveries.itemId, itemId));
    },
  };
}

function toRecord(row: typeof deliveries.$inferSelect): DeliveryRecord {
  return { itemId: row.itemId, destination: row.destination, transactionId: row.transactionId, status: row.status, attempts: row.attempts };
}
