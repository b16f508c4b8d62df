// Throughput of `fordeler work` on PostgreSQL + BullMQ: text-only e-mails from intake to a final state
// with 1, 2 and 4 stage-worker processes, against the ceiling of the same six queues doing no work
// (a no-op job per stage, chained like the real stages) on the same Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createThrowawayDatabase } from '../db/throwaway-database.js';
import { forEachOrdered } from '../worker/runtime/concurrency.js';
import { loadConfig } from '../worker/runtime/config.js';
import { JOB_STAGES, defaultStagePolicies, jobIdFor } from '../worker/runtime/jobs.js';
import { createLogger } from '../worker/runtime/logger.js';
import { loadWorkConfig } from '../worker/runtime/work-config.js';
import { startWork } from '../worker/runtime/work.js';
import { markdownTable } from './table.js';

const root = resolve(import.meta.dirname, '..');
const adminUrl = process.env.FORDELER_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.FORDELER_BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const TEXT_MAILS = ['samples/post/d0005.eml', 'samples/post/d0055.eml', 'test/fixtures/dev/items/d0045.eml', 'test/fixtures/dev/items/d0052.eml'];

export interface ThroughputRow {
  setup: string;
  processes: number;
  items: number;
  seconds: number;
  itemsPerSecond: number;
}

export async function benchWorkThroughput(items = 300, processCounts = [1, 2, 4]): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [await noopCeiling(items)];
  for (const processes of processCounts) rows.push(await realPipeline(items, processes));
  return rows;
}

export function formatThroughput(rows: ThroughputRow[]): string {
  const ceiling = rows.find((r) => r.setup.startsWith('no-op'))?.itemsPerSecond ?? 0;
  return `Ingest → final, text-only e-mail, PostgreSQL + BullMQ on local Redis (2 cores; items/s of the no-op queues is the ceiling):\n\n${markdownTable(
    ['setup', 'worker processes', 'items', 'seconds', 'items/s', '% of ceiling'],
    rows.map((r) => [r.setup, r.processes, r.items, r.seconds.toFixed(1), r.itemsPerSecond.toFixed(1), ceiling ? `${((100 * r.itemsPerSecond) / ceiling).toFixed(0)} %` : '–']),
  )}`;
}

async function noopCeiling(items: number): Promise<ThroughputRow> {
  const prefix = `fordeler-bench-${randomBytes(4).toString('hex')}`;
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const policies = defaultStagePolicies(1);
  const queues = new Map(JOB_STAGES.map((stage) => [stage, new Queue(stage, { connection, prefix })]));
  let finished = 0;
  const workerConnections: Redis[] = [];
  const workers = JOB_STAGES.map((stage, index) => {
    const next = JOB_STAGES[index + 1];
    const own = new Redis(redisUrl, { maxRetriesPerRequest: null });
    workerConnections.push(own);
    return new Worker(
      stage,
      async (job) => {
        const { itemId } = job.data as { itemId: string };
        if (next) await queues.get(next)!.add(next, { itemId }, { jobId: jobIdFor(itemId, next), removeOnComplete: true });
        else finished++;
      },
      { connection: own, prefix, concurrency: policies[stage].concurrency },
    );
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const started = performance.now();
  for (let i = 0; i < items; i++) {
    const itemId = randomUUID();
    await queues.get('ingest')!.add('ingest', { itemId }, { jobId: jobIdFor(itemId, 'ingest'), removeOnComplete: true });
  }
  while (finished < items) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(workers.map((w) => w.close()));
  await Promise.all([...queues.values()].map((q) => q.close()));
  for (const c of [connection, ...workerConnections]) c.disconnect();
  await deleteKeys(prefix);
  return { setup: 'no-op jobs, 6 chained queues', processes: 1, items, seconds, itemsPerSecond: items / seconds };
}

async function realPipeline(items: number, processes: number): Promise<ThroughputRow> {
  const prefix = `fordeler-bench-${randomBytes(4).toString('hex')}`;
  const database = await createThrowawayDatabase(adminUrl, 'bench');
  const databaseUrl = database.url;
  const dataDir = await mkdtemp(join(tmpdir(), 'fordeler-bench-work-'));
  const configPath = join(dataDir, 'work.json');
  await writeFile(configPath, JSON.stringify({ rules: join(root, 'samples/rules.json'), http: { port: 0 } }));
  const env = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, FORDELER_QUEUE_PREFIX: prefix, FORDELER_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  // The producer: the Intake of a work process that runs no stages itself (and migrates the database).
  const producer = await startWork(await loadWorkConfig(loadConfig(env), configPath, env), { sources: false, stages: [], httpPort: null }, createLogger('silent'));
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < processes; i++) children.push(await startStageWorker(configPath, env));
    const templates = TEXT_MAILS.map((p) => readFileSync(join(root, p)));
    const started = performance.now();
    // Several messages in flight, as several mailboxes and folders deliver at once.
    await forEachOrdered(Array.from({ length: items }, (_, i) => i), 8, async (i) => {
      const raw = Buffer.concat([Buffer.from(`X-Fordeler-Bench: ${prefix}-${i}\r\n`), templates[i % templates.length]!]);
      await producer.intake.receive({ channel: 'email', source: 'bench:throughput', fileName: `${i}.eml`, bytes: (async function* () { yield raw; })() });
    }, () => {});
    for (;;) {
      const byState = await producer.queries.countByState();
      if (byState.delivered + byState.parked + byState.failed >= items) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    return { setup: 'fordeler work, all stages', processes, items, seconds, itemsPerSecond: items / seconds };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await producer.stop();
    await database.drop();
    await deleteKeys(prefix);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A `fordeler work --no-sources` process, resolved once it logs that it has started. */
function startStageWorker(configPath: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'bin/fordeler.js'), 'work', '--config', configPath, '--no-sources', '--http-port', 'none'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolveStarted, reject) => {
    let seen = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      seen = `${seen}${chunk.toString()}`.slice(-20_000);
      if (seen.includes('"work.started"')) resolveStarted(child);
    });
    child.once('exit', (code) => reject(new Error(`stage worker exited (${code}) before it started: ${seen.slice(-1000)}`)));
  });
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}
