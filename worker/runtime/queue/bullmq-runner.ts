// Stage queues on Redis with BullMQ: one queue and one Worker per stage, each with its own concurrency,
// attempts and exponential backoff. Jobs hold an item id only and are removed when done, so the reconciler
// can queue an item's stage again; while a job exists, queuing it again is a no-op (jobId).
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { JOB_STAGES, JobPayloadSchema, jobIdFor, type JobStage } from '../jobs.js';
import { runAttempt, type StageRunner, type StageRunnerOptions } from './types.js';

export interface BullmqRunnerOptions extends StageRunnerOptions {
  redisUrl: string;
  /** Key prefix in Redis, so several deployments (or test runs) can share one server. */
  prefix: string;
  /** How long a job's lock lasts without renewal; after a crash the job is re-run that much later. */
  lockDurationMs?: number;
}

export function createBullmqRunner(options: BullmqRunnerOptions): StageRunner {
  // Workers block on Redis: they need their own connections and no per-request retry limit.
  const connect = () => new Redis(options.redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
  const producer = connect();
  const queues = new Map<JobStage, Queue>(
    JOB_STAGES.map((stage) => [stage, new Queue(stage, { connection: producer, prefix: options.prefix })]),
  );
  const workers: Worker[] = [];
  // BullMQ leaves connections it was given open on close(); these are ours to end.
  const connections: Redis[] = [producer];
  const lockDuration = options.lockDurationMs ?? 30_000;

  const queue = {
    async enqueue(stage: JobStage, itemId: string): Promise<void> {
      const payload = JobPayloadSchema.parse({ itemId });
      const policy = options.policies[stage];
      await queues.get(stage)!.add(stage, payload, {
        jobId: jobIdFor(itemId, stage),
        attempts: policy.attempts,
        backoff: { type: 'exponential', delay: policy.backoffMs },
        removeOnComplete: true,
        removeOnFail: true,
      });
    },
    async depth(): Promise<Record<JobStage, number>> {
      const counts = await Promise.all(
        JOB_STAGES.map(async (stage) => {
          const c = await queues.get(stage)!.getJobCounts('waiting', 'delayed', 'prioritized', 'active');
          return [stage, (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) + (c.active ?? 0)] as const;
        }),
      );
      return Object.fromEntries(counts) as Record<JobStage, number>;
    },
  };

  async function process(stage: JobStage, job: Job): Promise<void> {
    const parsed = JobPayloadSchema.safeParse(job.data);
    // A malformed job cannot be about a real item: drop it (the reconciler works from the database).
    if (!parsed.success) return;
    const attempts = job.opts.attempts ?? options.policies[stage].attempts;
    const number = job.attemptsMade + 1;
    await runAttempt(options, queue, stage, parsed.data.itemId, { number, last: number >= attempts });
  }

  return {
    ...queue,
    async start() {
      for (const stage of options.stages ?? JOB_STAGES) {
        const connection = connect();
        connections.push(connection);
        const worker = new Worker(stage, (job) => process(stage, job), {
          connection,
          prefix: options.prefix,
          concurrency: options.policies[stage].concurrency,
          lockDuration,
          stalledInterval: Math.max(1_000, Math.floor(lockDuration / 2)),
          // A SIGKILLed worker leaves its jobs stalled; they are run again, a few times, not failed.
          maxStalledCount: 5,
        });
        // Errors are per job (handled in runAttempt) or connection trouble (ioredis reconnects).
        worker.on('error', () => {});
        workers.push(worker);
      }
      await Promise.all(workers.map((w) => w.waitUntilReady()));
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
      for (const connection of connections) connection.disconnect();
    },
  };
}
