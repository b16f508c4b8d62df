// Outbound events in `fordeler work`: item state changes to each configured webhook subscriber, signed,
// retried with backoff, at least once (db/schema-webhooks.ts). Filled in by the webhook work.
import type { Runtime } from '../runtime/compose.js';
import type { Logger } from '../runtime/logger.js';
import type { WorkConfig } from '../runtime/work-config.js';

export interface WebhookDispatch {
  /** Plan and send what is due now (tests). */
  runOnce(): Promise<{ delivered: number }>;
  stop(): Promise<void>;
}

export function startWebhookDispatch(_config: WorkConfig, _runtime: Runtime, _logger: Logger): WebhookDispatch {
  return { runOnce: async () => ({ delivered: 0 }), stop: async () => {} };
}
