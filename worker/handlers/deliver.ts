// deliver job: hand a routed item to its destination. The delivery row and its transaction id are
// written before the receiver is called, so a retry after a crash or a timeout repeats the same
// transaction and the receiver sees one handover, not two.
import { applyStageResult } from '../../core/stages/stage-result.js';
import type { StageHandler } from '../queue/types.js';
import { loadForStage, type HandlerDeps } from './context.js';

export function deliverHandler(deps: HandlerDeps): StageHandler {
  return async (itemId) => {
    const { item, skip } = await loadForStage(deps, 'deliver', itemId);
    if (skip) return skip;
    const delivery = await deps.deliveries.begin(itemId);
    const content = await deps.items.getExtracted(itemId);
    if (!content) throw new Error(`item ${itemId} has no stored content`);
    const summary = await deps.queries.listDecisions(itemId);
    const classified = summary.filter((d) => d.stage === 'classify').at(-1)?.outcome as { nr?: string | null; confidence?: number } | undefined;
    const receipt = await deps.handover.deliver({
      transactionId: delivery.transactionId,
      destination: delivery.destination,
      item,
      content,
      kle: { nr: classified?.nr ?? null, confidence: classified?.confidence ?? null },
    });
    await deps.deliveries.markSent(itemId, receipt);
    await applyStageResult(deps.items, {
      itemId,
      state: 'delivered',
      event: {
        stage: 'deliver',
        type: 'delivered',
        at: deps.clock.now(),
        data: { destination: delivery.destination, transactionId: delivery.transactionId, attempt: delivery.attempts, ...(receipt.reference ? { reference: receipt.reference } : {}) },
      },
      decision: {
        stage: 'deliver',
        outcome: { destination: delivery.destination, transactionId: delivery.transactionId },
        reasons: [{ code: 'deliver.handed_over', message: `Handed over to ${delivery.destination}` }],
      },
    });
    return {};
  };
}
