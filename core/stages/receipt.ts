// receipt: what a receiver's business receipt (SF2900 FordelingskvitteringModtag) does to an item, as a pure
// decision. ACCEPTERET closes the item, AFVIST — the receiver says it is not theirs — sends it to the rest
// mailbox (`rejected`) with the reason, FEJLET makes it a failed shipment. A receipt for an earlier delivery
// round, or for an item that is no longer waiting for one, is history: recorded once, it moves nothing.
// The caller applies the result through `ItemStore.commit` (compare-and-set) or `appendEvent` (keyed).
import { isOneOf, type ItemState } from '../lifecycle.js';
import type { Reason } from '../model.js';
import type { ItemEvent, StageCommit } from '../ports.js';

/** The states in which a business receipt for the item's current round still decides something. */
export const RECEIPT_INPUT_STATES = ['routed', 'delivered'] as const satisfies readonly ItemState[];

/** Business receipt codes that settle a delivery round. */
export const FINAL_RECEIPT_CODES = ['ACCEPTERET', 'AFVIST', 'FEJLET'] as const;
export type FinalReceiptCode = (typeof FINAL_RECEIPT_CODES)[number];

export interface ReceiptInput {
  item: { id: string; state: ItemState; round: number };
  /** The delivery the receipt names by its AnvenderTransaktionsID. */
  delivery: { round: number; status: 'pending' | 'sent'; destination: string; transactionId: string };
  /** As the receiver sent it: ACCEPTERET, AFVIST, FEJLET or another (e.g. AFLEVERET). */
  code: string;
  reason?: string;
  at: Date;
}

/** Staff and log facing: what the receipt did. */
export type ReceiptEffect = 'accepted' | 'returned_to_rest' | 'failed' | 'noted';

export type ReceiptDecision =
  | { kind: 'commit'; effect: Exclude<ReceiptEffect, 'noted'>; commit: StageCommit }
  | { kind: 'event'; effect: 'noted'; event: ItemEvent };

const MOVE: Record<FinalReceiptCode, { to: 'accepted' | 'rejected' | 'failed'; effect: Exclude<ReceiptEffect, 'noted'> }> = {
  ACCEPTERET: { to: 'accepted', effect: 'accepted' },
  AFVIST: { to: 'rejected', effect: 'returned_to_rest' },
  FEJLET: { to: 'failed', effect: 'failed' },
};

export function isFinalReceiptCode(code: string): code is FinalReceiptCode {
  return (FINAL_RECEIPT_CODES as readonly string[]).includes(code);
}

/**
 * Decides what a business receipt does. The same receipt again gives the same decision: a repeat against
 * a closed item becomes the same keyed event, which the store writes once.
 */
export function decideReceipt(input: ReceiptInput): ReceiptDecision {
  const { item, delivery, code, at } = input;
  const reason = input.reason?.slice(0, 500);
  const data: Record<string, unknown> = { transactionId: delivery.transactionId, code, destination: delivery.destination, ...(reason ? { reason } : {}) };
  const key = `receipt:${delivery.transactionId}:${code}`;
  // A receipt for an earlier round (the item was re-distributed since) is history, not news.
  if (delivery.round !== item.round) {
    return noted({ stage: 'receipt', type: 'receipt_ignored', at, key, data: { ...data, round: delivery.round, currentRound: item.round } });
  }
  if (!isFinalReceiptCode(code)) return noted({ stage: 'receipt', type: 'receipt', at, key, data });
  // Closed (accepted, rejected, failed) or placed by hand: a repeated or late receipt never moves it back.
  // A receipt may overtake our own bookkeeping: the receiver got the item but the answer to our call was
  // lost and the deliver job still retries (`routed`); the receipt settles it, the retry finds it closed.
  if (!isOneOf(item.state, RECEIPT_INPUT_STATES)) {
    return noted({ stage: 'receipt', type: 'receipt_ignored', at, key, data: { ...data, state: item.state } });
  }
  const { to, effect } = MOVE[code];
  const why: Reason =
    code === 'ACCEPTERET'
      ? { code: 'receipt.accepted', message: `${delivery.destination} answered ACCEPTERET`, data }
      : { code: code === 'AFVIST' ? 'deliver.rejected_by_receiver' : 'deliver.receiver_failed', message: `${delivery.destination} answered ${code}${reason ? `: ${reason}` : ''}`.slice(0, 1000), data };
  const commit: StageCommit = {
    itemId: item.id,
    from: item.state,
    to,
    event: { stage: 'receipt', type: to, at, data },
    decision: {
      stage: 'receipt',
      outcome: { status: to, code, destination: delivery.destination, transactionId: delivery.transactionId, ...(reason ? { reason } : {}) },
      reasons: [why],
    },
    patch: { error: code === 'ACCEPTERET' ? null : why },
    // The receiver has it, whatever our own call's answer was: the delivery is sent.
    ...(delivery.status === 'sent' ? {} : { deliverySent: { transactionId: delivery.transactionId, receipt: { reference: delivery.transactionId, code, at } } }),
  };
  return { kind: 'commit', effect, commit };
}

function noted(event: ItemEvent): ReceiptDecision {
  return { kind: 'event', effect: 'noted', event };
}
