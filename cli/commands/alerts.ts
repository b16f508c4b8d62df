// `fordeler alerts [--json] [--limit N]`: the newest alerts (failed shipments, missing receipts) and
// whether the batch mail to the functional mailbox has carried them yet.
import { maskedJson } from '../json-output.js';
import { createAlertStore, type StoredAlert } from '../../db/alert-store.js';
import { withDatabase } from '../with-database.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 10_000;

export async function alertsCommand(options: { json?: boolean; limit?: string }): Promise<number> {
  const limit = Number(options.limit ?? DEFAULT_LIMIT);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new Error(`--limit must be a whole number from 1 to ${MAX_LIMIT}, not ${options.limit}`);
  return withDatabase(async ({ db }, config) => {
    const alerts = await createAlertStore(db, { tenantId: config.tenantId }).recent(limit);
    if (options.json) process.stdout.write(`${maskedJson(alerts, 2)}\n`);
    else if (alerts.length === 0) process.stdout.write('no alerts\n');
    else for (const alert of alerts) process.stdout.write(`${formatAlert(alert)}\n`);
    return 0;
  });
}

/** One line: when raised, kind, when mailed (or "pending"), the item and the (Danish) message. */
export function formatAlert(alert: StoredAlert): string {
  const time = (at: Date) => at.toISOString().replace('T', ' ').slice(0, 16);
  const mailed = alert.mailedAt ? `mailed ${time(alert.mailedAt)}` : 'pending';
  return `${time(alert.createdAt)}  ${alert.kind.padEnd(15)}  ${mailed.padEnd(23)}  ${alert.itemId ?? '-'}  ${alert.message}`;
}
