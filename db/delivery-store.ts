// The DeliveryStore port: one deliveries row per item and round, written before the receiver is called,
// so every retry of a handover carries the same transaction id (AnvenderTransaktionsID). A
// re-distribution (db/redistribution-store.ts) opens the next round with a new transaction id. The
// round follows the item's own round (items.round), so the decisions and the handover of a round agree.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { DeliveryRecord, DeliveryStore } from '../core/ports.js';
import type { Db } from './connect.js';
import { isItemId, ItemNotFoundError } from './item-store.js';
import { deliveries, items } from './schema.js';
import { storableJson } from './storable.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The newest round of an item's handovers, if it was ever handed over. */
export async function currentDelivery(tx: Db | Tx, itemId: string) {
  const [row] = await tx.select().from(deliveries).where(eq(deliveries.itemId, itemId)).orderBy(desc(deliveries.round)).limit(1);
  return row;
}

/** Scoped to `tenantId` when given: another tenant's item is not found. */
export function createDeliveryStore(db: Db, tenantId?: string): DeliveryStore {
  const scope = (itemId: string) => (tenantId === undefined ? eq(items.id, itemId) : and(eq(items.id, itemId), eq(items.tenantId, tenantId)));
  const ownDelivery = (where: ReturnType<typeof eq>) => (tenantId === undefined ? where : and(where, eq(deliveries.tenantId, tenantId)));
  return {
    async begin(itemId) {
      if (!isItemId(itemId)) throw new ItemNotFoundError(itemId);
      return db.transaction(async (tx) => {
        // Row lock: two deliver attempts of one item never open two rounds.
        const [item] = await tx
          .select({ tenantId: items.tenantId, destination: items.destination, round: items.round })
          .from(items)
          .where(scope(itemId))
          .for('update');
        if (!item) throw new ItemNotFoundError(itemId);
        if (!item.destination) throw new Error(`item ${itemId} has no destination to deliver to`);
        const current = await currentDelivery(tx, itemId);
        // The item's round, or (a destination changed without a new item round) the next one.
        if (!current || current.round < item.round || current.destination !== item.destination) {
          const round = Math.max(item.round, (current?.round ?? 0) + 1);
          await tx.insert(deliveries).values({ itemId, tenantId: item.tenantId, destination: item.destination, round });
        }
        const latest = await currentDelivery(tx, itemId);
        const [row] = await tx
          .update(deliveries)
          .set({ attempts: sql`${deliveries.attempts} + 1` })
          .where(eq(deliveries.id, latest!.id))
          .returning();
        return toRecord(row!);
      });
    },
    async current(itemId) {
      if (!isItemId(itemId)) return undefined;
      const row = await currentDelivery(db, itemId);
      return row && (tenantId === undefined || row.tenantId === tenantId) ? toRecord(row) : undefined;
    },
    async findByTransaction(transactionId) {
      if (!isItemId(transactionId)) return undefined;
      const [row] = await db.select().from(deliveries).where(ownDelivery(eq(deliveries.transactionId, transactionId)));
      return row ? toRecord(row) : undefined;
    },
    async markSent(transactionId, receipt) {
      await db
        .update(deliveries)
        .set({ status: 'sent', sentAt: receipt.at, receipt: storableJson({ ...receipt, at: receipt.at.toISOString() }) })
        .where(ownDelivery(eq(deliveries.transactionId, transactionId)));
    },
  };
}

export function toDeliveryRecord(row: typeof deliveries.$inferSelect): DeliveryRecord {
  return {
    itemId: row.itemId,
    round: row.round,
    destination: row.destination,
    transactionId: row.transactionId,
    status: row.status,
    attempts: row.attempts,
    ...(row.sentAt ? { sentAt: row.sentAt } : {}),
  };
}
const toRecord = toDeliveryRecord;
