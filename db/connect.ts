// Opens the item database — PGlite in a local folder, or PostgreSQL when a URL is given — and brings
// its schema up to date. Both drivers are exposed as one drizzle type so repositories are written once.
// Each driver is imported when it is opened: a PostgreSQL process never loads PGlite's WebAssembly, and
// a PGlite process never loads pg.
import { mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGliteOptions } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Pool, PoolClient } from 'pg';
import { copySeed, discardSeed, isNewDataDir, saveSeed, seedPath } from './pglite-seed.js';
import { pgliteStartParams } from './pglite-settings.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Ends the connection(s); an open PGlite keeps the process alive. Safe to call twice. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL; wins over everything else. */
  databaseUrl?: string;
  /** The PGlite data folder itself, or `memory://` for a throwaway database. */
  dataDir?: string;
}

const migrationsFolder = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * Explicit options beat the environment: `databaseUrl`, then `dataDir`, then `DATABASE_URL`, then
 * PGlite in `$FORDELER_DATA_DIR/pglite` (default `./data/pglite`). Migrations run on every open;
 * they are idempotent.
 */
export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  if (opts.dataDir) return openPglite(opts.dataDir);
  if (process.env.DATABASE_URL) return openPostgres(process.env.DATABASE_URL);
  return openPglite(resolve(process.env.FORDELER_DATA_DIR || './data', 'pglite'));
}

async function openPglite(dataDir: string): Promise<Database> {
  const [{ PGlite }, { pg_trgm }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  const options: PGliteOptions = { extensions: { pg_trgm }, startParams: pgliteStartParams(PGlite.defaultStartParams) };
  const open = async (): Promise<Database> => {
    const client = await PGlite.create(dataDir, options);
    const close = once(() => client.close());
    try {
      const db = drizzlePglite({ client, schema });
      await migratePglite(db, { migrationsFolder });
      return { db, kind: 'pglite', close };
    } catch (error) {
      await close();
      throw error;
    }
  };
  const folder = !dataDir.includes('://');
  const seed = folder && (await isNewDataDir(dataDir)) ? await seedPath(migrationsFolder) : undefined;
  if (folder) await mkdir(dataDir, { recursive: true });
  if (!seed) return open();
  if (await copySeed(seed, dataDir)) {
    try {
      return await open();
    } catch {
      // A seed that does not open: forget it, empty the folder (it was new) and make it afresh.
      await discardSeed(seed);
      await rm(dataDir, { recursive: true, force: true });
      await mkdir(dataDir, { recursive: true });
    }
  }
  // The first new folder: made and migrated, closed, kept as the seed (a cache: failing to keep it is
  // no failure), and opened again, so this process does not keep the initdb instance's memory.
  const made = await open();
  await made.close();
  await saveSeed(dataDir, seed).catch(() => {});
  return open();
}

async function openPostgres(url: string): Promise<Database> {
  const [{ default: pg }, { drizzle: drizzlePg }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // An idle client that loses its server emits 'error' on the pool; unhandled, that would crash the
  // process. The next query reports the problem instead.
  pool.on('error', () => {});
  const close = once(() => pool.end());
  try {
    await migrateLocked(pool, url);
    return { db: drizzlePg({ client: pool, schema }), kind: 'postgres', close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Several workers may start at once: an advisory lock makes one migrate while the others wait. */
async function migrateLocked(pool: Pool, url: string): Promise<void> {
  const [{ drizzle: drizzlePg }, { migrate: migratePg }] = await Promise.all([import('drizzle-orm/node-postgres'), import('drizzle-orm/node-postgres/migrator')]);
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw new Error(`cannot connect to PostgreSQL at ${redact(url)}: ${connectionProblem(error)}`, { cause: error });
  }
  try {
    await client.query(`select pg_advisory_lock(hashtext('fordeler.migrations'))`);
    try {
      await migratePg(drizzlePg({ client, schema }), { migrationsFolder });
    } finally {
      await client.query(`select pg_advisory_unlock(hashtext('fordeler.migrations'))`);
    }
  } finally {
    client.release();
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable connection string)';
  }
}

/** Connection failures to `localhost` arrive as an AggregateError with an empty message. */
function connectionProblem(error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: { message?: string }[] };
  return e.message || e.code || e.errors?.[0]?.message || String(error);
}
