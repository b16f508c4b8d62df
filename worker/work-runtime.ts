// Kept for importers from before the one composition root: `fordeler work`'s runtime is the shared
// runtime (worker/runtime/compose.ts) under the work policy.
import type { JobStage } from './jobs.js';
import type { Logger } from './logger.js';
import type { WorkMetrics } from './metrics.js';
import { openRuntime, type Runtime } from './runtime/compose.js';
import type { WorkConfig } from './work-config.js';

export type { RedistributeInput } from './runtime/compose.js';
export type WorkRuntime = Runtime;

export function openWorkRuntime(config: WorkConfig, logger: Logger, metrics?: Pick<WorkMetrics, 'observeAttempt'>, stages?: readonly JobStage[]): Promise<WorkRuntime> {
  return openRuntime(config, { logger, ...(metrics ? { metrics } : {}), ...(stages ? { stages } : {}) });
}
