// The ItemStore contract and the migrations on a real PostgreSQL (15 here). Each run gets a throwaway
// database created through the `test` database and dropped afterwards.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/connect.js';
import { createItemQueries } from '../../db/item-queries.js';
import { createItemStore } from '../../db/item-store.js';
import { CONTRACT_TENANT, itemStoreContract } from '../support/item-store-contract.js';
import { expectAllMigrationsApplied, expectTrigramSubjectSearch, rows } from '../support/schema-checks.js';

const adminUrl = process.env.FORDELER_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `fordeler_test_${randomBytes(6).toString('hex')}`;
const testUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();

let admin: pg.Client | undefined;
let database: Database | undefined;
const open = (): Database => {
  if (!database) throw new Error('PostgreSQL test database was not opened');
  return database;
};

beforeAll(async () => {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    const why = (error as Error).message || (error as { code?: string }).code || String(error);
    throw new Error(`PostgreSQL for integration tests is not reachable at ${adminUrl} (${why}). Start it or set FORDELER_TEST_DATABASE_URL.`, {
      cause: error,
    });
  }
  admin = client;
  await admin.query(`create database "${dbName}"`);
  database = await openDatabase({ databaseUrl: testUrl });
});

afterAll(async () => {
  await database?.close();
  await admin?.query(`drop database if exists "${dbName}" with (force)`);
  await admin?.end();
});

itemStoreContract('PostgreSQL', {
  async fresh(clock) {
    const { db } = open();
    await db.execute(sql`truncate items, blobs cascade`);
    const on = (tenantId: string) => ({ store: createItemStore(db, { tenantId, clock }), queries: createItemQueries(db, { tenantId }) });
    return { ...on(CONTRACT_TENANT), forTenant: on };
  },
});

describe('PostgreSQL database', () => {
  it('runs on a PostgreSQL server with all migrations and trigram subject search', async () => {
    const { db, kind } = open();
    expect(kind).toBe('postgres');
    const [server] = await rows<{ server_version_num: string }>(db, sql`show server_version_num`);
    expect(Number(server?.server_version_num)).toBeGreaterThanOrEqual(150000);
    await expectAllMigrationsApplied(db);
    await expectTrigramSubjectSearch(db);
  });

  it('lets several processes open (and migrate) the same database at once', async () => {
    const opened = await Promise.all([openDatabase({ databaseUrl: testUrl }), openDatabase({ databaseUrl: testUrl })]);
    try {
      for (const other of opened) await expectAllMigrationsApplied(other.db);
    } finally {
      await Promise.all(opened.map((other) => other.close()));
    }
  });

  it('explains an unreachable server without revealing the password', async () => {
    const attempt = openDatabase({ databaseUrl: 'postgres://fordeler:hemmelig@127.0.0.1:1/fordeler' });
    await expect(attempt).rejects.toThrow(/^cannot connect to PostgreSQL at postgres:\/\/fordeler:\*\*\*@127\.0\.0\.1:1\/fordeler: .+/);
    await expect(attempt).rejects.not.toThrow(/hemmelig/);
  });
});
