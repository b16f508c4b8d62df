// The daily retention purge in `fordeler work`: erases each kind of data past the tenant's retention
// (worker/runtime/data-protection-config.ts), items under legal hold excepted. Filled in by the retention work.
import type { Clock } from '../../core/ports.js';
import type { Runtime } from '../runtime/compose.js';
import type { Logger } from '../runtime/logger.js';
import type { WorkConfig } from '../runtime/work-config.js';

export interface RetentionPurge {
  /** One purge now (tests; `clock` is the purge's now). */
  runOnce(clock?: Clock): Promise<{ items: number }>;
  stop(): Promise<void>;
}

export function startRetentionPurge(_config: WorkConfig, _runtime: Runtime, _logger: Logger): RetentionPurge {
  return { runOnce: async () => ({ items: 0 }), stop: async () => {} };
}
