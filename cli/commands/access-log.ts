// `fordeler access-log [--item <id>] [--actor <subject>] [--from <date>] [--to <date>] [--limit n] [--json]`:
// who read which item's content, when and why, for FORDELER_TENANT, newest first — the auditor's view on a
// terminal (the API's GET /api/v1/access-log is the same store). Lines hold no CPR number (masked when
// written); the JSON output passes the masker again anyway.
import { createAccessLogStore, type AccessEntry } from '../../db/access-log.js';
import { isItemId } from '../../db/item-store.js';
import { maskedJson } from '../json-output.js';
import { withTenant } from '../with-database.js';

export interface AccessLogCommandOptions {
  item?: string;
  actor?: string;
  from?: string;
  to?: string;
  limit?: string;
  json?: boolean;
}

export async function accessLogCommand(options: AccessLogCommandOptions): Promise<number> {
  if (options.item !== undefined && !isItemId(options.item)) throw new Error('--item must be an item id (uuid)');
  const from = parseDate(options.from, '--from');
  const to = parseDate(options.to, '--to');
  const limit = options.limit === undefined ? 100 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new Error('--limit must be a whole number from 1 to 10000');
  const entries = await withTenant(({ db, tenantId }) =>
    createAccessLogStore(db, { tenantId }).list({ ...(options.item ? { itemId: options.item } : {}), ...(options.actor ? { actor: options.actor } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), limit }),
  );
  if (options.json) for (const entry of entries) process.stdout.write(`${maskedJson(entry)}\n`);
  else if (entries.length === 0) process.stdout.write('no access-log entries\n');
  else for (const entry of entries) process.stdout.write(`${formatEntry(entry)}\n`);
  return 0;
}

/** One line: when, who (name), what, which item, the parts shown, the purpose and the request id. */
export function formatEntry(entry: AccessEntry): string {
  return [
    entry.at.toISOString().slice(0, 19).replace('T', ' '),
    `${entry.actor} (${entry.actorName}, ${entry.via})`,
    entry.action,
    entry.itemId ?? '-',
    entry.shown.join(',') || '-',
    entry.purpose ? `formål: ${entry.purpose}` : 'formål: -',
    entry.requestId ? `request ${entry.requestId}` : '',
  ]
    .filter(Boolean)
    .join('  ');
}

function parseDate(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw new Error(`${flag} must be a date (YYYY-MM-DD) or an ISO time`);
  return date;
}
