// The ItemStore contract and the migrations on PGlite. One in-memory PGlite per file: a fresh one
// costs seconds and most of a gigabyte, so tests share it and truncate between them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/connect.js';
import { createItemQueries } from '../../db/item-queries.js';
import { createItemStore } from '../../db/item-store.js';
import { CONTRACT_TENANT, itemStoreContract, newEmail } from '../support/item-store-contract.js';
import { expectAllMigrationsApplied, expectTrigramSubjectSearch } from '../support/schema-checks.js';

let database: Database | undefined;
const open = (): Database => {
  if (!database) throw new Error('PGlite was not opened');
  return database;
};

itemStoreContract('PGlite', {
  async setup() {
    database = await openDatabase({ dataDir: 'memory://' });
  },
  async teardown() {
    await database?.close();
  },
  async fresh(clock) {
    const { db } = open();
    await db.execute(sql`truncate items, blobs cascade`);
    const on = (tenantId: string) => ({ store: createItemStore(db, { tenantId, clock }), queries: createItemQueries(db, { tenantId }) });
    return { ...on(CONTRACT_TENANT), forTenant: on };
  },
});

describe('PGlite database', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fordeler-pglite-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps items in its folder across reopening, and migrates only once', async () => {
    const dataDir = join(dir, 'data', 'pglite');
    const first = await openDatabase({ dataDir });
    let id: string;
    try {
      expect(first.kind).toBe('pglite');
      id = (await createItemStore(first.db, { tenantId: CONTRACT_TENANT }).createItem(newEmail())).item.id;
    } finally {
      await first.close();
      await first.close();
    }
    const second = await openDatabase({ dataDir });
    try {
      expect((await createItemStore(second.db, { tenantId: CONTRACT_TENANT }).getItem(id))?.fileName).toBe('ansøgning-boligstøtte.eml');
      await expectAllMigrationsApplied(second.db);
      await expectTrigramSubjectSearch(second.db);
    } finally {
      await second.close();
    }
  });
});
