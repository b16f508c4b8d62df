// openDatabase loads each driver only when it opens it; here: both still open and migrate, the
// embedded database runs with the small buffer pool of db/pglite-settings.ts (its memory at rest), and a
// new PGlite folder is unpacked from the saved fresh cluster (db/pglite-seed.ts), or made and saved.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connect.js';
import { DEFAULT_PGLITE_SHARED_BUFFERS } from '../../db/pglite-settings.js';
import { createThrowawayDatabase } from '../support/test-databases.js';

const cleanups: (() => Promise<void>)[] = [];
const seedBefore = process.env.FORDELER_PGLITE_SEED;
afterAll(async () => {
  if (seedBefore === undefined) delete process.env.FORDELER_PGLITE_SEED;
  else process.env.FORDELER_PGLITE_SEED = seedBefore;
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

  it('makes the first new folder and keeps it as the seed; later new folders are copies; a broken seed is replaced', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fordeler-seed-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const seed = join(dir, 'seed');
    process.env.FORDELER_PGLITE_SEED = seed;
    const first = await openDatabase({ dataDir: join(dir, 'a') });
    await first.db.execute(sql`create table seed_marker (id int)`);
    await first.close();
    // The seed was taken before anything was written: a copy has the schema, not the marker.
    expect((await stat(join(seed, 'PG_VERSION'))).isFile()).toBe(true);
    await writeFile(join(seed, 'seed_was_here'), 'a file PGlite ignores');
    const copy = await openDatabase({ dataDir: join(dir, 'b') });
    await copy.db.execute(sql`select count(*) from items`);
    await expect(copy.db.execute(sql`select count(*) from seed_marker`)).rejects.toThrow();
    await copy.close();
    expect(await readFile(join(dir, 'b', 'seed_was_here'), 'utf8')).toBe('a file PGlite ignores');

    await writeFile(join(seed, 'PG_VERSION'), 'not a version');
    const remade = await openDatabase({ dataDir: join(dir, 'c') });
    await remade.db.execute(sql`select count(*) from items`);
    await remade.close();
    expect(await readFile(join(seed, 'PG_VERSION'), 'utf8')).not.toBe('not a version');
  }, 300_000);

  it('opens PostgreSQL by URL, migrated', async () => {
    const throwaway = await createThrowawayDatabase('connect');
    cleanups.push(() => throwaway.drop());
    const database = await openDatabase({ databaseUrl: throwaway.url });
    cleanups.push(() => database.close());
    expect(database.kind).toBe('postgres');
    await database.db.execute(sql`select count(*) from items`);
  }, 60_000);
});
