// The access-log lines of an item export: exactly one `item.export` line per exported item, all in one
// transaction so an export is logged whole or not at all (and then not sent). The first line goes through
// the access-log store (db/access-log.ts), which cleans the actor, display name and purpose with the CPR
// masker; the others copy that cleaned line with their own item id, in multi-row inserts (an export may
// hold 10,000 items, and one round trip per line would make the caller wait for the log).
import type { AccessEntryInput } from './access-log.js';
import { createAccessLogStore } from './access-log.js';
import type { Db } from './connect.js';
import { accessLog } from './schema-access.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

const ROWS_PER_INSERT = 1000;

export type ExportAccess = Omit<AccessEntryInput, 'action' | 'itemId'>;

export async function recordExportAccess(db: Db, scope: TenantScope, entry: ExportAccess, itemIds: readonly string[]): Promise<void> {
  const tenantId = boundTenant(scope);
  const [firstId, ...rest] = itemIds;
  if (firstId === undefined) return;
  await db.transaction(async (tx) => {
    const first = await createAccessLogStore(tx, { tenantId }).append({ ...entry, action: 'item.export', itemId: firstId });
    const line = { tenantId, at: first.at, actor: first.actor, actorName: first.actorName, via: first.via, action: first.action, shown: first.shown, purpose: first.purpose, requestId: first.requestId };
    for (let start = 0; start < rest.length; start += ROWS_PER_INSERT) {
      await tx.insert(accessLog).values(rest.slice(start, start + ROWS_PER_INSERT).map((itemId) => ({ ...line, itemId })));
    }
  });
}
