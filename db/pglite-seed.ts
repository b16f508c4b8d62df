// A new PGlite data folder costs an initdb and every migration: ~20 s on a busy machine, and, for the
// rest of the process's life, the memory of the second PostgreSQL instance PGlite runs initdb in (a
// first `fordeler work` held ~800 MB at rest against ~260 MB on an existing folder). So the first new
// folder on a machine, once made and migrated (no rows in it), is copied to node_modules/.cache/fordeler/,
// and every later new folder starts as a copy of it: a plain file copy, then an ordinary open. The
// name carries the PGlite version and a hash of the migrations: an upgrade or a new migration makes a
// new one. Nothing is downloaded. FORDELER_PGLITE_SEED names another folder for it, or `off`.
import { createHash, randomBytes } from 'node:crypto';
import { cp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** PGlite's package folder: its main entry is <package>/dist/index.*. */
function pglitePackageDir(): string {
  return dirname(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')));
}

/** Every file of the migrations folder (SQL and journal), by name and content. */
async function migrationsHash(migrationsFolder: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) await walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else hash.update(`${prefix}${entry.name}\0`).update(await readFile(join(dir, entry.name))).update('\0');
    }
  };
  await walk(migrationsFolder, '');
  return hash.digest('hex').slice(0, 16);
}

/** Where the seed folder for these migrations is kept, or undefined when FORDELER_PGLITE_SEED is `off`. */
export async function seedPath(migrationsFolder: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const chosen = env.FORDELER_PGLITE_SEED;
  if (chosen === 'off') return undefined;
  if (chosen) return chosen;
  const packageDir = pglitePackageDir();
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  // <node_modules>/@electric-sql/pglite → <node_modules>/.cache/fordeler
  return join(packageDir, '..', '..', '.cache', 'fordeler', `pglite-${version}-${await migrationsHash(migrationsFolder)}`);
}

/** A folder PGlite would initdb: one that does not exist or is empty (anything else is not ours to fill). */
export async function isNewDataDir(dataDir: string): Promise<boolean> {
  try {
    return (await readdir(dataDir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/** Fills the new folder `dataDir` from the seed; false when there is no seed. */
export async function copySeed(seed: string, dataDir: string): Promise<boolean> {
  try {
    await readFile(join(seed, 'PG_VERSION'));
  } catch {
    return false;
  }
  await cp(seed, dataDir, { recursive: true });
  return true;
}

/**
 * Keeps a copy of `dataDir` (closed, just made and migrated) as the seed: copied under a temporary name,
 * then renamed, so a reader never sees half of it. When another process was first, its seed stays.
 */
export async function saveSeed(dataDir: string, seed: string): Promise<void> {
  const temp = `${seed}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await cp(dataDir, temp, { recursive: true });
    await rename(temp, seed);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

export async function discardSeed(seed: string): Promise<void> {
  await rm(seed, { recursive: true, force: true });
}
