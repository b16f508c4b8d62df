// A new PGlite data folder costs an initdb: seconds of CPU and, for the rest of the process's life, the
// memory of the second PostgreSQL instance PGlite runs it in (a first `fordeler work` held ~800 MB at
// rest against ~260 MB for the same process on an existing folder). So the first initdb on a machine
// keeps the fresh cluster — before any migration, so nothing of Fordeler's is in it — as a gzipped
// tarball in node_modules/.cache/fordeler/, and every later new folder is unpacked from it instead.
// The name carries the PGlite version: an upgrade makes a new one. Nothing is downloaded.
// FORDELER_PGLITE_SEED names another file for it, or `off` makes every new folder initdb.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

export interface PgliteSeed {
  /** The saved cluster as a tar archive, if there is one that unpacks. */
  load(): Promise<Blob | undefined>;
  /** Saves a dump of a fresh cluster (written whole, then renamed: readers never see half a file). */
  save(dump: () => Promise<Blob>): Promise<void>;
  /** Forgets a seed that did not load. */
  discard(): Promise<void>;
}

const unzip = promisify(gunzip);

/** A tar archive has "ustar" at byte 257 of its first header. */
const isTar = (bytes: Uint8Array) => Buffer.from(bytes.subarray(257, 262)).toString('latin1') === 'ustar';

/** PGlite's package folder: its main entry is <package>/dist/index.*. */
function pglitePackageDir(): string {
  return dirname(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')));
}

/** Where the seed is kept, or undefined when FORDELER_PGLITE_SEED is `off`. */
export async function seedPath(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const chosen = env.FORDELER_PGLITE_SEED;
  if (chosen === 'off') return undefined;
  return chosen || defaultSeedPath();
}

export async function defaultSeedPath(): Promise<string> {
  const packageDir = pglitePackageDir();
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  // <node_modules>/@electric-sql/pglite → <node_modules>/.cache/fordeler
  return join(packageDir, '..', '..', '.cache', 'fordeler', `pglite-${version}-cluster.tar.gz`);
}

export function pgliteSeed(path: string): PgliteSeed {
  return {
    async load() {
      let packed: Buffer;
      try {
        packed = await readFile(path);
      } catch {
        return undefined;
      }
      // Unpacked and checked here: PGlite's own gunzip reports a damaged file as an unhandled error.
      const tar = await unzip(packed).catch(() => undefined);
      return tar && isTar(tar) ? new Blob([new Uint8Array(tar)]) : undefined;
    },
    async save(dump) {
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
      try {
        await writeFile(temp, new Uint8Array(await (await dump()).arrayBuffer()));
        await rename(temp, path);
      } finally {
        await rm(temp, { force: true });
      }
    },
    async discard() {
      await rm(path, { force: true });
    },
  };
}

/** A data folder PGlite would initdb: `memory://`, or a folder that does not exist or is empty. */
export async function isNewDataDir(dataDir: string): Promise<boolean> {
  if (dataDir.startsWith('memory://')) return true;
  if (dataDir.includes('://')) return false;
  try {
    return (await readdir(dataDir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}
