// Throwaway PostgreSQL databases for integration tests, created through the `test` database and dropped
// afterwards, so runs never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const adminUrl = process.env.FORDELER_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const testRedisUrl = process.env.FORDELER_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createThrowawayDatabase(label = 'test'): Promise<ThrowawayDatabase> {
  const name = `fordeler_${label}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => {});
    throw new Error(`PostgreSQL for integration tests is not reachable at ${adminUrl}. Start it or set FORDELER_TEST_DATABASE_URL.`, { cause: error });
  }
  await admin.query(`create database "${name}"`);
  return {
    url: Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString(),
    async drop() {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
