// The ItemStore contract and the migrations on PGlite. One in-memory PGlite per file: a fresh one
// costs seconds and most of a gigabyte, so tests share it and truncate between them.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/connect.js';
import { createItemQueries } from '../../db/item-queries.js';
import { createDeliveryStore } from '../../db/delivery-store.js';
import { createItemStore } from '../../db/item-store.js';
import { CONTRACT_TENANT, itemStoreContract, newEmail, walk } from '../support/item-store-contract.js';
import { expectAllMigrationsApplied, expectTrigramSubjectSearch } from '../support/schema-checks.js';

let database: Database | undefined;
const open = (): Database => {
  if (!database) throw new Error('PGlite was not opened');
  return database;
};

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
}, 120_000);
afterAll(async () => {
  await database?.close();
});

itemStoreContract('PGlite', {
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

describe('migration 0007 (rounds, one decision per item, stage and round)', () => {
  it('keeps the newest of repeated decisions and puts re-distributed items in their delivery round', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fordeler-migration-'));
    const client = await PGlite.create('memory://', { extensions: { pg_trgm } });
    try {
      // The database as 0006 left it: repeated decisions were allowed, rounds lived on deliveries only.
      const folder = fileURLToPath(new URL('../../db/migrations/', import.meta.url));
      await cp(folder, join(dir, 'migrations'), { recursive: true });
      const journalPath = join(dir, 'migrations', 'meta', '_journal.json');
      const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: { tag: string }[] };
      const upTo0006 = journal.entries.findIndex((e) => e.tag.startsWith('0007_'));
      expect(upTo0006).toBe(7);
      await writeFile(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo0006) }));
      const db = drizzle({ client });
      await migrate(db, { migrationsFolder: join(dir, 'migrations') });
      const item = (n: number) => `3f2b8c1e-0a4d-4c5e-9f00-00000000000${n}`;
      for (const n of [1, 2]) {
        await db.execute(sql`insert into items (id, channel, state, source, file_name, content_sha256, size, received_at)
          values (${item(n)}, 'email', 'routed', ${`src-${n}`}, 'x.eml', ${`sha-${n}`}, 1, now())`);
      }
      for (const [n, stage, destination] of [[1, 'route', 'Ydelse'], [1, 'classify', null], [1, 'route', 'Borgerservice'], [2, 'route', 'KSD']] as const) {
        await db.execute(sql`insert into decisions (item_id, stage, outcome, reasons) values (${item(n)}, ${stage}, ${JSON.stringify({ destination })}::jsonb, '[]'::jsonb)`);
      }
      await db.execute(sql`insert into deliveries (item_id, round, destination) values (${item(2)}, 1, 'KY'), (${item(2)}, 2, 'KSD')`);

      await migrate(db, { migrationsFolder: folder });
      const decided = await db.execute<{ item_id: string; stage: string; round: number; destination: string | null }>(
        sql`select item_id, stage, round, outcome->>'destination' as destination from decisions order by id`,
      );
      expect(decided.rows).toEqual([
        { item_id: item(1), stage: 'classify', round: 1, destination: null },
        { item_id: item(1), stage: 'route', round: 1, destination: 'Borgerservice' },
        { item_id: item(2), stage: 'route', round: 1, destination: 'KSD' },
      ]);
      const rounds = await db.execute<{ id: string; round: number }>(sql`select id, round from items order by id`);
      expect(rounds.rows).toEqual([
        { id: item(1), round: 1 },
        { id: item(2), round: 2 },
      ]);
      const repeat = db.execute(sql`insert into decisions (item_id, stage, outcome, reasons) values (${item(1)}, 'route', '{}'::jsonb, '[]'::jsonb)`);
      await expect(repeat).rejects.toThrow();
    } finally {
      await client.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a delivery commit', () => {
  it('marks the begun delivery sent in the same step, and refuses the whole step for a delivery never begun', async () => {
    const { db } = open();
    await db.execute(sql`truncate items, blobs cascade`);
    const store = createItemStore(db, { tenantId: CONTRACT_TENANT });
    const ledger = createDeliveryStore(db, CONTRACT_TENANT);
    const { item } = await store.createItem(newEmail());
    await walk(store, item.id, ['extracted', 'classified', 'routed'], { destination: 'Ydelse' });
    const delivery = await ledger.begin(item.id);
    const receipt = { code: 'MODTAGET', at: new Date('2026-03-02T09:00:00Z') };
    const step = (transactionId: string) => ({
      itemId: item.id,
      from: 'routed' as const,
      to: 'delivered' as const,
      deliverySent: { transactionId, receipt },
      event: { stage: 'deliver' as const, type: 'delivered', at: receipt.at },
    });
    await expect(store.commit(step('7d1e2f3a-0b4c-4d5e-8f60-123456789abc'))).rejects.toThrow(/no delivery/);
    expect((await store.getItem(item.id))?.state).toBe('routed');
    expect(await ledger.current(item.id)).toMatchObject({ status: 'pending' });
    expect((await store.commit(step(delivery.transactionId))).committed).toBe(true);
    expect(await ledger.current(item.id)).toEqual({ ...delivery, status: 'sent', sentAt: receipt.at });
  });
});
