// Derives alerts from the database, the source of truth, so no call site has to remember to raise one:
// failed items (one alert per item and delivery round) and handovers whose business receipt did not
// come in time. Each check is one bounded, set-based select (the SQL is in db/alert-scan-queries.ts) plus
// multi-row writes; raising is idempotent by key, so a crash between raising and marking only repeats work.
import { maskCprFully } from '../../../classifiers/entities/cpr.js';
import type { Clock } from '../../../core/ports.js';
import { createAlertScanQueries, type FailedItemRow, type OverdueReceiptRow } from '../../../db/alert-scan-queries.js';
import type { AlertStore, NewAlert } from '../../../db/alert-store.js';
import type { Db } from '../../../db/connect.js';
import { isItemId } from '../../../db/item-store.js';
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
  const queries = createAlertScanQueries(db, { tenantId: options.tenantId });

  async function scanFailed(): Promise<number> {
    // Keyed per item and round (round 0: failed before it was ever handed over), as failedAlert raises it.
    const rows = await queries.failedWithoutAlert({ keyPrefix: `${ALERT_KIND.failed}:`, limit });
    return store.raiseMany(rows.map(failedAlert));
  }

  async function scanMissingReceipts(): Promise<number> {
    const destinations = options.receiptDestinations;
    if (destinations && destinations.length === 0) return 0;
    const now = clock.now();
    const cutoff = new Date(now.getTime() - options.receiptDeadlineMinutes * 60_000);
    const rows = await queries.overdueReceipts({ cutoff, ...(destinations ? { destinations } : {}), limit });
    if (rows.length === 0) return 0;
    const raised = await store.raiseMany(rows.map((row) => receiptAlert(row, now)));
    await queries.markReceiptAlerted(rows.map((row) => row.id), now);
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

function failedAlert(row: FailedItemRow): NewAlert {
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

function receiptAlert(row: OverdueReceiptRow, now: Date): NewAlert {
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
