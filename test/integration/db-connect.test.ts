// openDatabase loads each driver only when it opens it; here: both still open and migrate, and the
// embedded database runs with the small buffer pool of db/pglite-settings.ts (its memory at rest).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connect.js';
import { DEFAULT_PGLITE_SHARED_BUFFERS } from '../../db/pglite-settings.js';
import { createThrowawayDatabase } from '../support/test-databases.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const setting = async (database: Awaited<ReturnType<typeof openDatabase>>, name: 'shared_buffers') => {
  const result = (await database.db.execute(sql.raw(`select current_setting('${name}') as value`))) as unknown as { rows: { value: string }[] };
  return result.rows[0]?.value;
};

describe('openDatabase', () => {
  it('opens PGlite in a folder with the small buffer pool, migrated, and opens it again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fordeler-connect-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const first = await openDatabase({ dataDir: join(dir, 'pglite') });
    expect(first.kind).toBe('pglite');
    expect(await setting(first, 'shared_buffers')).toBe(DEFAULT_PGLITE_SHARED_BUFFERS);
    await first.db.execute(sql`select count(*) from items`);
    await first.close();
    const again = await openDatabase({ dataDir: join(dir, 'pglite') });
    expect(await setting(again, 'shared_buffers')).toBe(DEFAULT_PGLITE_SHARED_BUFFERS);
    await again.close();
  }, 180_000);

  it('opens PostgreSQL by URL, migrated', async () => {
    const throwaway = await createThrowawayDatabase('connect');
    cleanups.push(() => throwaway.drop());
    const database = await openDatabase({ databaseUrl: throwaway.url });
    cleanups.push(() => database.close());
    expect(database.kind).toBe('postgres');
    await database.db.execute(sql`select count(*) from items`);
  }, 60_000);
});
