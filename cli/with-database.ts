// Opens the item database the way the configuration says (DATABASE_URL, else PGlite in the data folder)
// for one command, and always closes it: an unclosed PGlite keeps the process alive.
import { join } from 'node:path';
import { openDatabase, type Database } from '../db/connect.js';
import { loadConfig, type AppConfig } from '../worker/config.js';

export async function withDatabase<T>(work: (database: Database, config: AppConfig) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), dataDir: join(config.dataDir, 'pglite') });
  try {
    return await work(database, config);
  } finally {
    await database.close();
  }
}
