// Stage queues inside this process for the embedded mode (no REDIS_URL): the same handlers, the same
// one-job-per-item-and-stage rule and the same retries with exponential backoff as on BullMQ. Nothing
// here survives a restart, and nothing needs to: the reconciler queues unfinished items from the database.
import { JOB_STAGES, jobIdFor, type JobStage } from '../jobs.js';
import { runAttempt, type StageRunner, type StageRunnerOptions } from './types.js';

interface PendingJob {
  stage: JobStage;
  itemId: string;
  attempt: number;
}

export function createInProcessRunner(options: StageRunnerOptions): StageRunner {
  const waiting = new Map<JobStage, PendingJob[]>(JOB_STAGES.map((stage) => [stage, []]));
  const running = new Map<JobStage, number>(JOB_STAGES.map((stage) => [stage, 0]));
  /** Jobs waiting for their retry (backoff). */
  const delayed = new Map<JobStage, number>(JOB_STAGES.map((stage) => [stage, 0]));
  /** jobIds waiting, delayed or running: queuing one of them again is a no-op. */
  const known = new Set<string>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const inFlight = new Set<Promise<void>>();
  const stages = new Set(options.stages ?? JOB_STAGES);
  let started = false;
  let closing = false;

  function pump(stage: JobStage): void {
    if (!started || closing || !stages.has(stage)) return;
    const list = waiting.get(stage)!;
    while (list.length > 0 && running.get(stage)! < options.policies[stage].concurrency) {
      const job = list.shift()!;
      running.set(stage, running.get(stage)! + 1);
      // Running → delayed in one step, so the depth never counts a retried job twice or not at all.
      const work = execute(job).then((retry) => {
        inFlight.delete(work);
        running.set(stage, running.get(stage)! - 1);
        if (retry) scheduleRetry(job);
        pump(stage);
      });
      inFlight.add(work);
    }
  }

  /** One try; true when it failed and should be tried again after its backoff. */
  async function execute(job: PendingJob): Promise<boolean> {
    const policy = options.policies[job.stage];
    const id = jobIdFor(job.itemId, job.stage);
    try {
      await runAttempt(options, queue, job.stage, job.itemId, { number: job.attempt, last: job.attempt >= policy.attempts });
      known.delete(id);
      return false;
    } catch {
      if (!closing) return true;
      known.delete(id);
      return false;
    }
  }

  function scheduleRetry(job: PendingJob): void {
    if (closing) return void known.delete(jobIdFor(job.itemId, job.stage));
    delayed.set(job.stage, delayed.get(job.stage)! + 1);
    const timer = setTimeout(() => {
      timers.delete(timer);
      delayed.set(job.stage, delayed.get(job.stage)! - 1);
      waiting.get(job.stage)!.push({ ...job, attempt: job.attempt + 1 });
      pump(job.stage);
    }, options.policies[job.stage].backoffMs * 2 ** (job.attempt - 1));
    timers.add(timer);
  }

  const queue = {
    async enqueue(stage: JobStage, itemId: string): Promise<void> {
      const id = jobIdFor(itemId, stage);
      if (known.has(id) || closing) return;
      known.add(id);
      waiting.get(stage)!.push({ stage, itemId, attempt: 1 });
      // Let the caller's job finish first, as a separate BullMQ job would.
      queueMicrotask(() => pump(stage));
    },
    async depth(): Promise<Record<JobStage, number>> {
      return Object.fromEntries(JOB_STAGES.map((stage) => [stage, waiting.get(stage)!.length + running.get(stage)! + delayed.get(stage)!])) as Record<JobStage, number>;
    },
  };

  return {
    ...queue,
    async start() {
      started = true;
      for (const stage of JOB_STAGES) pump(stage);
    },
    async close() {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const stage of JOB_STAGES) delayed.set(stage, 0);
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
