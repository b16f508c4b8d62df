// A CLI test's own embedded data folder: while its tests run, FORDELER_DATA_DIR points at a fresh folder,
// DATABASE_URL is empty (so the commands open the folder's PGlite) and FORDELER_TENANT is the test's tenant;
// `prepare` seeds the folder's database and closes it again (PGlite belongs to one opener at a time), and
// `restore` puts the environment back and removes the folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../db/connect.js';

export interface CliDataDir {
  dataDir: string;
  prepare(seed: (database: Database) => Promise<void>): Promise<void>;
  restore(): void;
}

export function cliDataDir(prefix: string, tenant: string): CliDataDir {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const saved = { dir: process.env.FORDELER_DATA_DIR, url: process.env.DATABASE_URL, tenant: process.env.FORDELER_TENANT };
  return {
    dataDir,
    async prepare(seed) {
      Object.assign(process.env, { FORDELER_DATA_DIR: dataDir, DATABASE_URL: '', FORDELER_TENANT: tenant });
      const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
      try {
        await seed(database);
      } finally {
        await database.close();
      }
    },
    restore() {
      Object.assign(process.env, { FORDELER_DATA_DIR: saved.dir ?? '', DATABASE_URL: saved.url ?? '', FORDELER_TENANT: saved.tenant ?? '' });
      if (saved.tenant === undefined) delete process.env.FORDELER_TENANT;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
