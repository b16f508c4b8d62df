// The seam between stage handlers and whatever moves work: BullMQ on Redis, or in-process queues in the
// embedded mode. Both run the same handlers with the same retry rules.
import type { JobStage, StagePolicies } from '../jobs.js';

export interface Attempt {
  /** 1 for the first try. */
  number: number;
  /** true on the last try allowed by the stage's policy: a failure now marks the item failed. */
  last: boolean;
}

export interface StageOutcome {
  /** The stage to queue next for this item, if any. */
  next?: JobStage;
}

export type StageHandler = (itemId: string, attempt: Attempt) => Promise<StageOutcome>;
export type StageHandlers = Record<JobStage, StageHandler>;

export interface WorkQueue {
  /** Queues `stage` for the item unless that job is already waiting or running (idempotent). */
  enqueue(stage: JobStage, itemId: string): Promise<void>;
  /** Jobs waiting or delayed, per stage (for metrics and tests). */
  depth(): Promise<Record<JobStage, number>>;
}

export interface StageRunnerOptions {
  handlers: StageHandlers;
  policies: StagePolicies;
  /** Called once when a job has used its last attempt; marks the item failed. */
  onExhausted(stage: JobStage, itemId: string, error: unknown): Promise<void>;
  /** Observes every finished try (metrics). */
  onAttempt?(stage: JobStage, outcome: 'completed' | 'retry' | 'failed', ms: number): void;
  /** Stages this process runs; default all (a dedicated OCR box runs only `ocr`). */
  stages?: readonly JobStage[];
}

export interface StageRunner extends WorkQueue {
  /** Starts consuming jobs. */
  start(): Promise<void>;
  /** Stops taking jobs, waits for the ones in hand, closes connections. */
  close(): Promise<void>;
}

/** Runs one try of a job: handler, then the next stage; decides retry vs failed. Shared by both runners. */
export async function runAttempt(
  options: StageRunnerOptions,
  queue: WorkQueue,
  stage: JobStage,
  itemId: string,
  attempt: Attempt,
): Promise<'completed' | 'retry' | 'failed'> {
  const started = performance.now();
  let outcome: 'completed' | 'retry' | 'failed' = 'completed';
  try {
    const { next } = await options.handlers[stage](itemId, attempt);
    if (next) await queue.enqueue(next, itemId);
  } catch (error) {
    if (!attempt.last) {
      outcome = 'retry';
      options.onAttempt?.(stage, outcome, performance.now() - started);
      throw error;
    }
    outcome = 'failed';
    await options.onExhausted(stage, itemId, error);
  }
  options.onAttempt?.(stage, outcome, performance.now() - started);
  return outcome;
}
