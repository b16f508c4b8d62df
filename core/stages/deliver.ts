// deliver: the pure decisions around a handover. What KLE the receiver is told, the commit for a handover
// that was taken, refused or re-sent, and what to do when the receiver's business receipt is overdue:
// send the SAME round again with the SAME transaction id (SF2900 drops repeats by AnvenderTransaktionsID),
// a bounded number of times, then give the item to a person as a failed shipment.
import type { Classification, Item, Reason } from '../model.js';
import type { DeliveryRecord, HandoverReceipt, HandoverRequest, StageCommit, StoredDecisionOf } from '../ports.js';

/** Re-sends of one round while its business receipt is overdue, before the item goes `failed`. */
export const MAX_RESENDS = 3;

export interface ResendPolicy {
  /** Re-sends of one round before the item fails. */
  maxResends: number;
  /** A receipt is overdue this long after the round was last sent (the reconciler's limit). */
  overdueMs: number;
}

/**
 * A person who placed the item by hand may have said which emne it is: that beats the classifier, with
 * certainty. An emne inferred from the destination — the one a person chose, or the one the routing-safety
 * gate routed a parked item to by destination probability — also goes first, but keeps the classifier's own
 * score for it (no "100 %" for a guess).
 */
export function handoverKle(
  placed: StoredDecisionOf<'route'> | undefined,
  classification: Classification | undefined,
): Pick<HandoverRequest, 'kle' | 'kleSuggestion' | 'facet'> {
  const manualKle = placed?.outcome.manual || placed?.outcome.kleInferred ? (placed.outcome.kle ?? null) : null;
  const inferredScore = () => classification?.candidates.find((c) => c.nr === manualKle)?.score ?? null;
  const kle = manualKle
    ? { nr: manualKle, confidence: placed?.outcome.kleInferred ? inferredScore() : 1 }
    : { nr: classification?.nr ?? null, confidence: classification ? classification.confidence : null };
  return { kle, kleSuggestion: classification?.candidates[0]?.nr ?? null, ...(classification?.facet ? { facet: classification.facet } : {}) };
}

function receiptData(receipt: HandoverReceipt): Record<string, unknown> {
  return { ...(receipt.reference ? { reference: receipt.reference } : {}), ...(receipt.code ? { receipt: receipt.code } : {}) };
}

/** The first handover of a round was taken: delivered, with the delivery marked sent in the same step. */
export function deliveredCommit(item: Item, delivery: DeliveryRecord, receipt: HandoverReceipt, at: Date): StageCommit {
  const { destination, transactionId } = delivery;
  return {
    itemId: item.id,
    from: 'routed',
    to: 'delivered',
    deliverySent: { transactionId, receipt },
    event: { stage: 'deliver', type: 'delivered', at, data: { destination, transactionId, round: delivery.round, attempt: delivery.attempts, ...receiptData(receipt) } },
    decision: {
      stage: 'deliver',
      outcome: { status: 'delivered', destination, transactionId, ...(receipt.reference ? { reference: receipt.reference } : {}), ...(receipt.code ? { receipt: receipt.code } : {}) },
      reasons: [{ code: 'deliver.handed_over', message: `Handed over to ${destination}` }],
    },
  };
}

/** The same round sent again because its receipt is overdue: no new decision, one event per attempt. */
export function resentCommit(item: Item, delivery: DeliveryRecord, receipt: HandoverReceipt, resend: number, at: Date): StageCommit {
  const { destination, transactionId } = delivery;
  return {
    itemId: item.id,
    from: 'delivered',
    to: 'delivered',
    deliverySent: { transactionId, receipt },
    event: {
      stage: 'deliver',
      type: 'resent',
      at,
      key: `resent:${transactionId}:${delivery.attempts}`,
      data: { destination, transactionId, round: delivery.round, resend, attempt: delivery.attempts, ...receiptData(receipt) },
    },
  };
}

/**
 * The receiver refused the item for a reason retrying cannot fix. A rejection, a missing KLE or an emne
 * with no receiver sends it back to the rest mailbox for a person to place; a contract error is a failed
 * shipment to look at.
 */
export function refusedCommit(item: Item, destination: string, reason: Reason, at: Date): StageCommit {
  const backToRest = reason.code === 'deliver.overdragelse_afvist' || reason.code === 'deliver.overdragelse_no_kle' || reason.code === 'deliver.overdragelse_no_receiver';
  // From `delivered` (a re-send refused) there is no way back to the rest mailbox but through failed.
  const to = backToRest && item.state === 'routed' ? 'parked' : 'failed';
  return {
    itemId: item.id,
    from: item.state,
    to,
    patch: { error: reason },
    event: { stage: 'deliver', type: to === 'parked' ? 'returned_to_rest' : 'failed', at, data: { destination, reason: reason.code } },
    decision: { stage: 'deliver', outcome: { status: to, destination }, reasons: [reason] },
  };
}

/**
 * An item in `delivered` came back to the deliver stage. Only an overdue receipt is a reason to send again:
 * a repeated job (the one that delivered it, run twice) finds the round sent just now and does nothing.
 */
export type OverdueAction = { action: 'wait' } | { action: 'resend'; resend: number } | { action: 'fail'; commit: StageCommit };

export function overdueAction(item: Item, delivery: DeliveryRecord, resendsSoFar: number, at: Date, policy: ResendPolicy): OverdueAction {
  const { maxResends } = policy;
  if (delivery.sentAt && at.getTime() - delivery.sentAt.getTime() < policy.overdueMs) return { action: 'wait' };
  if (resendsSoFar < maxResends) return { action: 'resend', resend: resendsSoFar + 1 };
  const reason: Reason = {
    code: 'deliver.receipt_missing',
    message: `Ingen kvittering fra ${delivery.destination} efter ${maxResends} genafsendelser (transaktion ${delivery.transactionId})`,
    data: { destination: delivery.destination, transactionId: delivery.transactionId, round: delivery.round, resends: resendsSoFar },
  };
  return {
    action: 'fail',
    commit: {
      itemId: item.id,
      from: 'delivered',
      to: 'failed',
      patch: { error: reason },
      event: { stage: 'deliver', type: 'failed', at, data: { destination: delivery.destination, transactionId: delivery.transactionId, reason: reason.code } },
      decision: { stage: 'deliver', outcome: { status: 'failed', destination: delivery.destination, transactionId: delivery.transactionId }, reasons: [reason] },
    },
  };
}
