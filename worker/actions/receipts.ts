// Business receipts from the receiving side (SF2900 FordelingskvitteringModtag), the I/O around the pure
// decision in core/stages/receipt.ts: find the delivery the receipt names, decide against the item as it
// is, and apply the decision in one compare-and-set commit. A receipt that loses a race (the deliver job
// or a person moved the item meanwhile) is decided once more against the fresh state. Unknown
// transactions, and those of another tenant, are refused.
import { decideReceipt, type ReceiptEffect } from '../../core/stages/receipt.js';
import type { Clock, DeliveryStore, ItemStore } from '../../core/ports.js';
import { obj, parseReceipt, parseSoap, text0 } from '../../sf2900/index.js';
import type { Logger } from '../runtime/logger.js';

export interface ReceiptDeps {
  items: ItemStore;
  deliveries: Pick<DeliveryStore, 'findByTransaction'>;
  clock: Clock;
  logger: Logger;
}

export type ReceiptOutcome = ReceiptEffect | 'unknown_transaction';

/** Tries: the first decision, and one more against the state that won the race. */
const ATTEMPTS = 2;

export async function recordBusinessReceipt(deps: ReceiptDeps, transactionId: string, code: string, reason?: string): Promise<ReceiptOutcome> {
  const delivery = await deps.deliveries.findByTransaction(transactionId);
  if (!delivery) return 'unknown_transaction';
  const at = deps.clock.now();
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const item = await deps.items.getItem(delivery.itemId);
    if (!item) return 'unknown_transaction';
    const decision = decideReceipt({ item, delivery, code, ...(reason ? { reason } : {}), at });
    if (decision.kind === 'event') {
      await deps.items.appendEvent(item.id, decision.event);
      return decision.effect;
    }
    const result = await deps.items.commit(decision.commit);
    if (result.committed) {
      if (decision.effect !== 'accepted') {
        deps.logger.info({ code: decision.commit.patch?.error?.code, itemId: item.id, destination: delivery.destination }, 'receiver refused an item');
      }
      return decision.effect;
    }
    deps.logger.info({ code: 'receipt.state_changed', itemId: item.id, expected: decision.commit.from, found: result.state ?? null, attempt }, 'the item moved while a receipt was applied');
  }
  throw new Error(`receipt ${code} for ${transactionId}: the item kept changing state; the receiver may send it again`);
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
