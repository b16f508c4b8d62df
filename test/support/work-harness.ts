// Starts `fordeler work` in this process for a test: its own data folder, rules, and either the
// embedded default (PGlite, in-process queues) or a throwaway PostgreSQL database with BullMQ on Redis.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { Channel, ItemState } from '../../core/model.js';
import { openDatabase, type Database } from '../../db/connect.js';
import { createItemQueries, type ItemQueries } from '../../db/item-queries.js';
import { loadConfig } from '../../worker/runtime/config.js';
import { createLogger } from '../../worker/runtime/logger.js';
import { loadWorkConfig, type WorkConfig } from '../../worker/runtime/work-config.js';
import { startWork, type RunningWork, type WorkOptions } from '../../worker/runtime/work.js';
import { createThrowawayDatabase, testRedisUrl, type ThrowawayDatabase } from './test-databases.js';
import { until } from './stage-runner-contract.js';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const FINAL_STATES: readonly ItemState[] = ['delivered', 'accepted', 'rejected', 'parked', 'failed'];

export interface TestWork {
  work: RunningWork;
  config: WorkConfig;
  dataDir: string;
  queries: ItemQueries;
  /** A second connection to the PostgreSQL database (Redis mode only). */
  database?: Database;
  /** Every item of the tenant (up to 10,000). */
  allItems(): ReturnType<ItemQueries['listItems']>;
  waitUntilFinal(count: number, timeoutMs?: number): Promise<void>;
  receiveFile(path: string, channel: Channel, source?: string): ReturnType<RunningWork['intake']['receive']>;
  stop(): Promise<void>;
}

export interface TestWorkOptions {
  redis?: boolean;
  file?: Record<string, unknown>;
  work?: Partial<WorkOptions>;
  env?: Record<string, string>;
}

export async function startTestWork(options: TestWorkOptions = {}): Promise<TestWork> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fordeler-work-'));
  const throwaway: ThrowawayDatabase | undefined = options.redis ? await createThrowawayDatabase('work') : undefined;
  const prefix = `fordeler-test-${randomBytes(4).toString('hex')}`;
  const configPath = join(dataDir, 'work.json');
  await writeFile(configPath, JSON.stringify({ rules: join(repoRoot, 'samples/rules.json'), http: { port: 0 }, ...options.file }));
  const env = {
    ...process.env,
    FORDELER_DATA_DIR: dataDir,
    DATABASE_URL: throwaway?.url ?? '',
    REDIS_URL: options.redis ? testRedisUrl : '',
    FORDELER_QUEUE_PREFIX: prefix,
    FORDELER_OCR_WORKERS: '1',
    ...options.env,
  };
  const config = await loadWorkConfig(loadConfig(env), configPath, env);
  const work = await startWork(config, { sources: true, httpPort: 0, ...options.work }, createLogger('silent'));
  // PGlite belongs to one process, so embedded tests read through the worker's own queries.
  const database = throwaway ? await openDatabase({ databaseUrl: throwaway.url }) : undefined;
  const queries = database ? createItemQueries(database.db, { tenantId: config.app.tenantId }) : work.queries;
  const allItems = () => queries.listItems({ limit: 10_000 });
  return {
    work,
    config,
    dataDir,
    queries,
    database,
    allItems,
    async waitUntilFinal(count, timeoutMs = 120_000) {
      await until(async () => {
        const items = await allItems();
        return items.length >= count && items.every((item) => FINAL_STATES.includes(item.state));
      }, `${count} items in a final state`, timeoutMs);
    },
    receiveFile(path, channel, source = 'folder:test') {
      return work.intake.receive({ channel, source, fileName: basename(path), bytes: createReadStream(path) });
    },
    async stop() {
      await work.stop();
      await database?.close();
      await throwaway?.drop();
      if (options.redis) {
        const redis = new Redis(testRedisUrl);
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
