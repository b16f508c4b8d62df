// Which of a list of item ids a principal may read, in one query per batch with the one access policy's SQL
// condition (db/access-policy.ts readableItems): for results that name items found another way (a rule-set
// simulation), so they list only what the caller may see.
import { and, inArray } from 'drizzle-orm';
import type { Principal } from '../api/principal.js';
import { readableItems } from './access-policy.js';
import type { Db } from './connect.js';
import { items } from './schema.js';

const BATCH = 500;

export async function readableItemIds(db: Db, principal: Principal, ids: readonly string[]): Promise<Set<string>> {
  const readable = new Set<string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += BATCH) {
    const rows = await db.select({ id: items.id }).from(items).where(and(readableItems(principal), inArray(items.id, unique.slice(i, i + BATCH))));
    for (const row of rows) readable.add(row.id);
  }
  return readable;
}
