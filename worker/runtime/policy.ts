// What separates `fordeler process` from `fordeler work` is policy, not code: both run the same stage
// handlers through the same composition root. `work` hands routed items over and routes by the published
// rule set; `process` stops before delivery (it never hands over), routes by the rule file it was given and
// always runs the queues in its own process.
import { RESUME_STAGE, type ItemState } from '../../core/lifecycle.js';
import type { StageHandlers } from './queue/types.js';

export interface PipelinePolicy {
  /** Hand routed items over to their destination (`work`), or leave them `routed` (`process`). */
  handOver: boolean;
  /** Route by the municipality's published rule set when there is one, or by the rule file alone. */
  rules: 'published' | 'file';
  /** BullMQ when REDIS_URL is configured, or always the in-process queues. */
  queue: 'configured' | 'in-process';
}

export const WORK_POLICY: PipelinePolicy = { handOver: true, rules: 'published', queue: 'configured' };
export const PROCESS_POLICY: PipelinePolicy = { handOver: false, rules: 'file', queue: 'in-process' };

/** The handlers as the policy allows them: without handover, no item is ever queued for `deliver`. */
export function applyPolicy(handlers: StageHandlers, policy: PipelinePolicy): StageHandlers {
  if (policy.handOver) return handlers;
  const stopBeforeDelivery = (stage: keyof StageHandlers): StageHandlers[typeof stage] => async (itemId, attempt) => {
    const outcome = await handlers[stage](itemId, attempt);
    return outcome.next === 'deliver' ? {} : outcome;
  };
  return {
    ingest: stopBeforeDelivery('ingest'),
    extract: stopBeforeDelivery('extract'),
    ocr: stopBeforeDelivery('ocr'),
    classify: stopBeforeDelivery('classify'),
    route: stopBeforeDelivery('route'),
    // Never queued under this policy; a stray job hands nothing over.
    deliver: async () => ({}),
  };
}

/** true when the machine owes the item no more work under the policy (it waits for a person, or for nothing). */
export function isAtRest(state: ItemState, policy: PipelinePolicy): boolean {
  const stage = RESUME_STAGE[state];
  return stage === undefined || (!policy.handOver && stage === 'deliver');
}
