// `fordeler trace <item-id>`: track & trace — everything that happened to an item, in order, with times.
// Only the items of FORDELER_TENANT: another tenant's item is "not found".
import { maskedJson } from '../json-output.js';
import { isItemId } from '../../db/item-store.js';
import { requireItem, withTenant } from '../with-database.js';

export async function traceCommand(itemId: string, options: { json?: boolean }): Promise<number> {
  if (!isItemId(itemId)) throw new Error(`not an item id: ${itemId.slice(0, 80)}`);
  return withTenant(async (context) => {
    await requireItem(context, itemId);
    const events = await context.queries.listEvents(itemId);
    if (options.json) {
      process.stdout.write(`${maskedJson(events, 2)}\n`);
      return 0;
    }
    for (const e of events) {
      const data = e.data ?? {};
      // Codes, destinations and ids only: event data never holds bodies or CPR numbers.
      const detail = ['destination', 'from', 'to', 'round', 'via', 'by', 'mailbox', 'ruleId', 'kle', 'confidence', 'reason', 'code', 'transactionId', 'receipt']
        .filter((key) => data[key] !== undefined && data[key] !== null)
        .map((key) => `${key}=${String(data[key])}`)
        .join(' ');
      process.stdout.write(`${new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)}  ${e.stage.padEnd(8)} ${e.type.padEnd(22)} ${detail}\n`);
    }
    return 0;
  });
}
