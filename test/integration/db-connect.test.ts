// openDatabase loads each driver only when it opens it; here: both still open and migrate, the
// embedded database runs with the small buffer pool of db/pglite-settings.ts (its memory at rest), and a
// new PGlite folder is unpacked from the saved fresh cluster (db/pglite-seed.ts), or made and saved.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
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

  it('unpacks a new folder from the seed; a damaged seed is replaced by one made by initdb', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fordeler-seed-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const seedPath = join(dir, 'seed.tar.gz');
    process.env.FORDELER_PGLITE_SEED = seedPath;
    // A seed with a marker in it, to see that a new folder came from the seed and not from initdb.
    const marked = await PGlite.create('memory://');
    await marked.exec('create table seed_marker (id int)');
    await writeFile(seedPath, new Uint8Array(await (await marked.dumpDataDir('gzip')).arrayBuffer()));
    await marked.close();
    const fromSeed = await openDatabase({ dataDir: join(dir, 'a') });
    await fromSeed.db.execute(sql`select count(*) from seed_marker`);
    await fromSeed.db.execute(sql`select count(*) from items`);
    await fromSeed.close();

    await writeFile(seedPath, 'not a tarball');
    const made = await openDatabase({ dataDir: join(dir, 'b') });
    await made.db.execute(sql`select count(*) from items`);
    await expect(made.db.execute(sql`select count(*) from seed_marker`)).rejects.toThrow();
    await made.close();
    expect((await stat(seedPath)).size).toBeGreaterThan(100_000);
    expect((await readFile(seedPath)).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
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
