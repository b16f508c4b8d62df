// Throwaway PostgreSQL databases for integration tests, created through the `test` database and dropped
// afterwards, so runs never see each other's rows.
import { openDatabase, type Database } from '../../db/connect.js';
import { createThrowawayDatabase as createDatabase, type ThrowawayDatabase } from '../../db/throwaway-database.js';

export type { ThrowawayDatabase };
export const adminUrl = process.env.FORDELER_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const testRedisUrl = process.env.FORDELER_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

export async function createThrowawayDatabase(label = 'test'): Promise<ThrowawayDatabase> {
  try {
    return await createDatabase(adminUrl, label);
  } catch (error) {
    throw new Error(`PostgreSQL for integration tests is not reachable at ${adminUrl}. Start it or set FORDELER_TEST_DATABASE_URL.`, { cause: error });
  }
}

/** A fresh database for a test file: a throwaway PostgreSQL database, or PGlite in memory; close it and drop `throwaway`. */
export async function openTestDatabase(kind: 'pglite' | 'postgres', label: string): Promise<{ database: Database; throwaway?: ThrowawayDatabase }> {
  if (kind === 'pglite') return { database: await openDatabase({ dataDir: 'memory://' }) };
  const throwaway = await createThrowawayDatabase(label);
  return { database: await openDatabase({ databaseUrl: throwaway.url }), throwaway };
}
