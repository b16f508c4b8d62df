// Derives alerts from the database, the source of truth, so no call site has to remember to raise one:
// failed items (one alert per item and delivery round) and handovers whose business receipt did not
// come in time. Each check is one bounded, set-based select plus multi-row writes; raising is idempotent
// by key, so a crash between raising and marking only repeats work.
import { and, asc, eq, gt, inArray, isNull, lt, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { maskCprFully } from '../../classifiers/entities/cpr.js';
import type { Clock } from '../../core/ports.js';
import type { AlertStore, NewAlert } from '../../db/alert-store.js';
import type { Db } from '../../db/connect.js';
import { isItemId } from '../../db/item-store.js';
import { alerts, deliveries, items } from '../../db/schema.js';
import { ALERT_KIND } from './kinds.js';

export interface ScannerOptions {
  tenantId: string;
  receiptDeadlineMinutes: number;
  /**
   * Destinations whose receiver sends business receipts (the `overdragelse` ones). Handovers to the
   * folder outbox never get one and must not alert. Unset: every destination.
   */
  receiptDestinations?: readonly string[];
  /** Upper bound per check and run; the rest is found by the next run. */
  limit?: number;
}

export interface ScanResult {
  failed: number;
  receiptMissing: number;
}

export const RECEIPT_MISSING_CODE = 'deliver.receipt_missing';
const DEFAULT_LIMIT = 2000;

export function createAlertScanner(db: Db, store: AlertStore, clock: Clock, options: ScannerOptions) {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const { tenantId } = options;

  async function scanFailed(): Promise<number> {
    // The item's newest round, per item (lateral: one index lookup each, not an aggregate of the table).
    const latest = db
      .select({ round: sql<number | null>`max(${deliveries.round})`.as('latest_round') })
      .from(deliveries)
      .where(eq(deliveries.itemId, items.id))
      .as('latest');
    // Round 0: the item failed before it was ever handed over (extract, classify, route).
    const round = sql<number>`coalesce(${latest.round}, 0)`;
    const key = sql`${`${ALERT_KIND.failed}:`} || ${items.id}::text || ':' || ${round}::text`;
    const rows = await db
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
          // Already raised ones are skipped in SQL, so the limit always makes progress.
          notExists(db.select({ one: sql`1` }).from(alerts).where(and(eq(alerts.tenantId, items.tenantId), eq(alerts.key, key)))),
        ),
      )
      .orderBy(asc(items.stateChangedAt), asc(items.id))
      .limit(limit);
    return store.raiseMany(tenantId, rows.map(failedAlert));
  }

  async function scanMissingReceipts(): Promise<number> {
    const destinations = options.receiptDestinations;
    if (destinations && destinations.length === 0) return 0;
    const now = clock.now();
    const cutoff = new Date(now.getTime() - options.receiptDeadlineMinutes * 60_000);
    const newer = alias(deliveries, 'newer_delivery');
    const rows = await db
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
          // Still delivered: no ACCEPTERET, AFVIST or FEJLET came. An item becomes delivered right after its
          // handover is marked sent, so this bound matches the sent_at one and lets the state index do the work.
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
    if (rows.length === 0) return 0;
    const raised = await store.raiseMany(tenantId, rows.map((row) => receiptAlert(row, now)));
    await db.update(deliveries).set({ receiptAlertedAt: now }).where(inArray(deliveries.id, rows.map((row) => row.id)));
    return raised;
  }

  return {
    async scan(): Promise<ScanResult> {
      return { failed: await scanFailed(), receiptMissing: await scanMissingReceipts() };
    },
  };
}

/** Reason codes and destination ids are ours, but they land in a mail: cut and mask them anyway. */
function safeField(value: string | null | undefined, fallback: string): string {
  return value ? maskCprFully(value.slice(0, 100)) : fallback;
}

function failedAlert(row: { itemId: string; destination: string | null; code: string | null; failedAt: Date; round: number }): NewAlert {
  const destination = safeField(row.destination, 'ingen modtager');
  const reason = safeField(row.code, 'ukendt');
  return {
    kind: ALERT_KIND.failed,
    key: `${ALERT_KIND.failed}:${row.itemId}:${row.round}`,
    itemId: row.itemId,
    // The item's error message may quote the document (even a CPR number): only its code is used.
    message: `Forsendelse ${row.itemId} til ${destination} er fejlet (årsag: ${reason}).`,
    data: { destination: row.destination ? destination : null, reason, round: row.round, at: row.failedAt.toISOString() },
  };
}

function receiptAlert(
  row: { itemId: string; round: number; destination: string; transactionId: string; sentAt: Date | null },
  now: Date,
): NewAlert {
  const destination = safeField(row.destination, 'ukendt');
  const transactionId = isItemId(row.transactionId) ? row.transactionId : 'ukendt';
  const hours = row.sentAt ? Math.floor((now.getTime() - row.sentAt.getTime()) / 3_600_000) : null;
  const since = hours === null ? '' : ` ${hours} ${hours === 1 ? 'time' : 'timer'} efter afleveringen`;
  return {
    kind: ALERT_KIND.receiptMissing,
    key: `${ALERT_KIND.receiptMissing}:${row.transactionId}`,
    itemId: row.itemId,
    message: `Forsendelse ${row.itemId} til ${destination} har ingen kvittering${since} (transaktion ${transactionId}).`,
    data: { destination, reason: RECEIPT_MISSING_CODE, round: row.round, transactionId, at: row.sentAt?.toISOString() ?? null },
  };
}
