// deliver job: hand a routed item to its destination. The delivery row and its transaction id are
// written before the receiver is called, so a retry after a crash or a timeout repeats the same
// transaction and the receiver sees one handover, not two.
import { isBadInput } from '../../core/errors.js';
import type { Reason } from '../../core/model.js';
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
    const classified = summary.filter((d) => d.stage === 'classify').at(-1)?.outcome as { nr?: string | null; confidence?: number; candidates?: { nr: string }[] } | undefined;
    // A person who re-distributed the item may have said which emne it is: that beats the classifier.
    const placed = summary.filter((d) => d.stage === 'route').at(-1)?.outcome as { manual?: boolean; kle?: string | null } | undefined;
    const kle = placed?.manual && placed.kle ? { nr: placed.kle, confidence: 1 } : { nr: classified?.nr ?? null, confidence: classified?.confidence ?? null };
    let receipt;
    try {
      receipt = await deps.handover.deliver({
        transactionId: delivery.transactionId,
        destination: delivery.destination,
        item,
        content,
        kle,
        kleSuggestion: classified?.candidates?.[0]?.nr ?? null,
      });
    } catch (error) {
      if (!isBadInput(error)) throw error;
      return refused(deps, itemId, delivery.destination, error.toReason('deliver'));
    }
    await deps.deliveries.markSent(delivery.transactionId, receipt);
    await applyStageResult(deps.items, {
      itemId,
      state: 'delivered',
      event: {
        stage: 'deliver',
        type: 'delivered',
        at: deps.clock.now(),
        data: { destination: delivery.destination, transactionId: delivery.transactionId, attempt: delivery.attempts, ...(receipt.reference ? { reference: receipt.reference } : {}), ...(receipt.code ? { receipt: receipt.code } : {}) },
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

/**
 * The receiver refused the item for a reason retrying cannot fix. A rejection, a missing KLE or an emne
 * with no receiver sends it back to the rest mailbox for a person to place; a contract error is a
 * failed shipment to look at.
 */
async function refused(deps: HandlerDeps, itemId: string, destination: string, reason: Reason) {
  const backToRest = reason.code === 'deliver.overdragelse_afvist' || reason.code === 'deliver.overdragelse_no_kle' || reason.code === 'deliver.overdragelse_no_receiver';
  const state = backToRest ? 'parked' : 'failed';
  await applyStageResult(deps.items, {
    itemId,
    state,
    patch: { error: reason },
    event: { stage: 'deliver', type: backToRest ? 'returned_to_rest' : 'failed', at: deps.clock.now(), data: { destination, reason: reason.code } },
    decision: { stage: 'deliver', outcome: { status: state, destination }, reasons: [reason] },
  });
  return {};
}
