// Business receipts from the receiving side (SF2900 FordelingskvitteringModtag): recorded as item events;
// ACCEPTERET closes the item, AFVIST — the receiver says it is not theirs — sends it back to the rest
// mailbox with the rejection reason, FEJLET makes it a failed shipment. Unknown transactions are refused.
import { applyStageResult } from '../core/stages/stage-result.js';
import type { Clock, DeliveryStore, ItemStore } from '../core/ports.js';
import { obj, parseReceipt, parseSoap, text0 } from './adapters/overdragelse/soap.js';
import type { Logger } from './logger.js';

export interface ReceiptDeps {
  items: ItemStore;
  deliveries: DeliveryStore;
  clock: Clock;
  logger: Logger;
}

export type ReceiptOutcome = 'accepted' | 'returned_to_rest' | 'failed' | 'noted' | 'unknown_transaction';

export async function recordBusinessReceipt(deps: ReceiptDeps, transactionId: string, code: string, reason?: string): Promise<ReceiptOutcome> {
  const delivery = await deps.deliveries.findByTransaction(transactionId);
  if (!delivery) return 'unknown_transaction';
  const item = await deps.items.getItem(delivery.itemId);
  if (!item) return 'unknown_transaction';
  const at = deps.clock.now();
  const data = { transactionId, code, destination: delivery.destination, ...(reason ? { reason: reason.slice(0, 500) } : {}) };
  // A repeated or late receipt for a closed item is noted, never moves the item backwards. A receipt may
  // also overtake our own bookkeeping: the receiver got the item, but the answer to our call was lost and
  // the deliver job is still retrying (state `routed`); the receipt settles it, and the retry then finds
  // the item closed.
  // A receipt for an earlier round (the item was re-distributed since) is history, not news.
  const current = await deps.deliveries.current(item.id);
  if (current && current.round !== delivery.round) {
    await deps.items.appendEvent(item.id, { stage: 'deliver', type: 'receipt_ignored', at, data: { ...data, round: delivery.round, currentRound: current.round } });
    return 'noted';
  }
  if (item.state !== 'delivered' && item.state !== 'routed') {
    await deps.items.appendEvent(item.id, { stage: 'deliver', type: 'receipt_ignored', at, data: { ...data, state: item.state } });
    return 'noted';
  }
  if (code === 'ACCEPTERET') {
    if (delivery.status !== 'sent') await deps.deliveries.markSent(transactionId, { reference: transactionId, code, at });
    await applyStageResult(deps.items, { itemId: item.id, state: 'accepted', event: { stage: 'deliver', type: 'accepted', at, data } });
    return 'accepted';
  }
  if (code === 'AFVIST' || code === 'FEJLET') {
    const rejected = code === 'AFVIST';
    const why = { code: rejected ? 'deliver.rejected_by_receiver' : 'deliver.receiver_failed', message: `${delivery.destination} answered ${code}${reason ? `: ${reason}` : ''}`.slice(0, 1000), data };
    await applyStageResult(deps.items, {
      itemId: item.id,
      state: rejected ? 'parked' : 'failed',
      patch: { error: why },
      event: { stage: 'deliver', type: rejected ? 'rejected' : 'failed', at, data },
      decision: { stage: 'deliver', outcome: { status: rejected ? 'rejected' : 'failed', destination: delivery.destination }, reasons: [why] },
    });
    deps.logger.info({ code: why.code, itemId: item.id, destination: delivery.destination }, 'receiver refused an item');
    return rejected ? 'returned_to_rest' : 'failed';
  }
  await deps.items.appendEvent(item.id, { stage: 'deliver', type: 'receipt', at, data });
  return 'noted';
}

/** The SOAP callback body → its receipt; throws on anything that is not a FordelingskvitteringModtag. */
export function parseReceiptCallback(body: string): { transactionId: string; code: string; reason?: string } {
  const parsed = parseSoap(body);
  if (parsed.kind !== 'body') throw new Error('a SOAP fault is not a receipt');
  const receipt = parseReceipt(parsed.content.Forretningskvittering ?? parsed.content.ForretningsKvittering);
  const transactionId = text0(obj(parsed.content.DistributionContext).AnvenderTransaktionsID);
  if (!transactionId) throw new Error('the receipt names no AnvenderTransaktionsID');
  return { transactionId, code: receipt.code, ...(receipt.reason ? { reason: receipt.reason } : {}) };
}
