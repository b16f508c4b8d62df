// Opens the item database the way the configuration says (DATABASE_URL, else PGlite in the data folder)
// for one command, and always closes it: an unclosed PGlite keeps the process alive. withTenant gives a
// command its stores already bound to FORDELER_TENANT, so no command can read or write another
// municipality's items; requireItem turns an item id of another tenant into "not found" before any write.
import { join } from 'node:path';
import type { ItemStore } from '../core/ports.js';
import { openDatabase, type Database, type Db } from '../db/connect.js';
import { createItemQueries, type ItemQueries, type ItemSummary } from '../db/item-queries.js';
import { createItemStore } from '../db/item-store.js';
import { loadConfig, type AppConfig } from '../worker/runtime/config.js';

export async function withDatabase<T>(work: (database: Database, config: AppConfig) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), dataDir: join(config.dataDir, 'pglite') });
  try {
    return await work(database, config);
  } finally {
    await database.close();
  }
}

/** A command's view of the database: one tenant's items and nothing else. */
export interface TenantContext {
  db: Db;
  config: AppConfig;
  tenantId: string;
  items: ItemStore;
  queries: ItemQueries;
}

export async function withTenant<T>(work: (context: TenantContext) => Promise<T>): Promise<T> {
  return withDatabase(async ({ db }, config) => {
    const scope = { tenantId: config.tenantId };
    return work({ db, config, tenantId: config.tenantId, items: createItemStore(db, scope), queries: createItemQueries(db, scope) });
  });
}

/** An item id the command was given that is no item of this tenant (or no item at all). */
export class ItemNotFound extends Error {
  override readonly name = 'ItemNotFound';
  constructor(readonly itemId: string, readonly tenantId: string) {
    super(`item ${itemId.slice(0, 80)} not found (FORDELER_TENANT=${tenantId})`);
  }
}

/** The item, when it is one of this tenant's; else ItemNotFound, before the command has written anything. */
export async function requireItem(context: Pick<TenantContext, 'queries'>, itemId: string): Promise<ItemSummary> {
  const item = await context.queries.findItem(itemId);
  if (!item) throw new ItemNotFound(itemId, context.queries.tenantId);
  return item;
}
