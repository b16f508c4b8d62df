// The reads and the one write the alert scanner (worker/follow-ups/alerts/scanner.ts) needs: failed items that have
// no alert yet for their latest delivery round, handovers whose business receipt is overdue, and
// marking those handovers alerted. Each read is one bounded, set-based select that skips what was
// already raised, so a limited batch always makes progress. Bound to one tenant like every store.
import { and, asc, eq, gt, inArray, isNull, lt, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from './connect.js';
import { alerts, deliveries, items } from './schema.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export interface FailedItemRow {
  itemId: string;
  destination: string | null;
  /** The item's error code (`error->>'code'`); never its message, which may quote the document. */
  code: string | null;
  failedAt: Date;
  /** The item's newest delivery round; 0 when it failed before it was ever handed over. */
  round: number;
}

export interface OverdueReceiptRow {
  id: number;
  itemId: string;
  round: number;
  destination: string;
  transactionId: string;
  sentAt: Date | null;
}

export interface AlertScanQueries {
  /**
   * Failed items, oldest first, without an alert keyed `${keyPrefix}${itemId}:${round}` (the key the
   * scanner raises), so already raised ones never use up the limit.
   */
  failedWithoutAlert(query: { keyPrefix: string; limit: number }): Promise<FailedItemRow[]>;
  /**
   * Handovers sent before `cutoff` whose item is still `delivered` (no ACCEPTERET, AFVIST or FEJLET came),
   * not yet alerted, and of the item's latest round; only to `destinations` when given. Oldest first.
   */
  overdueReceipts(query: { cutoff: Date; destinations?: readonly string[]; limit: number }): Promise<OverdueReceiptRow[]>;
  markReceiptAlerted(deliveryIds: readonly number[], at: Date): Promise<void>;
}

export function createAlertScanQueries(db: Db, scope: TenantScope): AlertScanQueries {
  const tenantId = boundTenant(scope);
  return {
    async failedWithoutAlert({ keyPrefix, limit }) {
      // The item's newest round, per item (lateral: one index lookup each, not an aggregate of the table).
      const latest = db
        .select({ round: sql<number | null>`max(${deliveries.round})`.as('latest_round') })
        .from(deliveries)
        .where(eq(deliveries.itemId, items.id))
        .as('latest');
      const round = sql<number>`coalesce(${latest.round}, 0)`;
      const key = sql`${keyPrefix} || ${items.id}::text || ':' || ${round}::text`;
      return db
        .select({
          itemId: items.id,
          destination: items.destination,
          code: sql<string | null>`${items.error}->>'code'`,
          failedAt: items.stateChangedAt,
          round: round.mapWith(Number),
        })
        .from(items)
        .leftJoinLateral(latest, sql`true`)
        .where(
          and(
            eq(items.tenantId, tenantId),
            eq(items.state, 'failed'),
            notExists(db.select({ one: sql`1` }).from(alerts).where(and(eq(alerts.tenantId, items.tenantId), eq(alerts.key, key)))),
          ),
        )
        .orderBy(asc(items.stateChangedAt), asc(items.id))
        .limit(limit);
    },

    async overdueReceipts({ cutoff, destinations, limit }) {
      const newer = alias(deliveries, 'newer_delivery');
      return db
        .select({
          id: deliveries.id,
          itemId: deliveries.itemId,
          round: deliveries.round,
          destination: deliveries.destination,
          transactionId: deliveries.transactionId,
          sentAt: deliveries.sentAt,
        })
        .from(deliveries)
        .innerJoin(items, eq(items.id, deliveries.itemId))
        .where(
          and(
            eq(items.tenantId, tenantId),
            // An item becomes delivered right after its handover is marked sent, so this bound matches the
            // sent_at one and lets the state index do the work.
            eq(items.state, 'delivered'),
            lt(items.stateChangedAt, cutoff),
            eq(deliveries.status, 'sent'),
            lt(deliveries.sentAt, cutoff),
            isNull(deliveries.receiptAlertedAt),
            destinations ? inArray(deliveries.destination, [...destinations]) : undefined,
            // Only the item's latest round: an earlier round's receipt is moot after a re-distribution.
            notExists(db.select({ one: sql`1` }).from(newer).where(and(eq(newer.itemId, deliveries.itemId), gt(newer.round, deliveries.round)))),
          ),
        )
        .orderBy(asc(deliveries.sentAt), asc(deliveries.id))
        .limit(limit);
    },

    async markReceiptAlerted(deliveryIds, at) {
      if (deliveryIds.length === 0) return;
      await db
        .update(deliveries)
        .set({ receiptAlertedAt: at })
        .where(and(eq(deliveries.tenantId, tenantId), inArray(deliveries.id, [...deliveryIds])));
    },
  };
}
