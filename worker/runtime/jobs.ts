// The work queues: one per stage, so OCR (CPU-bound) is scaled apart from the cheap stages. Jobs carry
// an item id only; everything else is read from the database, which stays the truth.
// The stages themselves, and which state each works on, are the lifecycle's (core/lifecycle.ts).
import { z } from 'zod';
import { JOB_STAGES, RESUME_STAGE, type ItemState, type JobStage } from '../../core/lifecycle.js';

export { JOB_STAGES, type JobStage };

export const JobPayloadSchema = z.object({ itemId: z.string().uuid() }).strict();
export type JobPayload = z.infer<typeof JobPayloadSchema>;

/**
 * One job per item and stage: queuing the same stage again while its job exists is a no-op.
 * BullMQ refuses custom ids with exactly one ':' (it reserves them for repeatable jobs), hence the
 * `item:` prefix around the `${itemId}:${stage}` key.
 */
export function jobIdFor(itemId: string, stage: JobStage): string {
  return `item:${itemId}:${stage}`;
}

export interface StagePolicy {
  /** Jobs of this stage run at once in one worker process. */
  concurrency: number;
  /** Tries before the item is marked failed. */
  attempts: number;
  /** First retry delay; doubles each try (exponential backoff). */
  backoffMs: number;
}

export type StagePolicies = Record<JobStage, StagePolicy>;

export function defaultStagePolicies(ocrWorkers: number): StagePolicies {
  return {
    ingest: { concurrency: 8, attempts: 5, backoffMs: 1_000 },
    extract: { concurrency: 2, attempts: 4, backoffMs: 2_000 },
    // One OCR job per tesseract worker: OCR is CPU-bound, more in flight only queue inside the pool.
    ocr: { concurrency: ocrWorkers, attempts: 3, backoffMs: 5_000 },
    classify: { concurrency: 8, attempts: 4, backoffMs: 1_000 },
    route: { concurrency: 8, attempts: 4, backoffMs: 1_000 },
    deliver: { concurrency: 4, attempts: 8, backoffMs: 2_000 },
  };
}

/** The stage that moves an item on from `state`; undefined for states that wait for a person or nothing. */
export function stageForState(state: ItemState): JobStage | undefined {
  return RESUME_STAGE[state];
}
