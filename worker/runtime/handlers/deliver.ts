// deliver job. In `routed`: the delivery row and its transaction id are written BEFORE the receiver is
// called, so a retry after a crash or a timeout repeats the same transaction and the receiver sees one
// handover, not two; then ONE commit marks the delivery sent, records the decision and moves the item to
// `delivered`. In `delivered` (the reconciler found the business receipt overdue): the same round is sent
// again with the same transaction id, a bounded number of times (core/stages/deliver.ts), then failed;
// a deliver job that finds the round sent less than the overdue limit ago is a repeat and does nothing.
import { isBadInput } from '../../../core/errors.js';
import type { Item, Reason } from '../../../core/model.js';
import type { DeliveryRecord, HandoverReceipt } from '../../../core/ports.js';
import { deliveredCommit, handoverKle, MAX_RESENDS, overdueAction, refusedCommit, resentCommit } from '../../../core/stages/deliver.js';
import { DEFAULT_RECEIPT_OVERDUE_MS } from '../reconciler.js';
import type { StageHandler, StageOutcome } from '../queue/types.js';
import { commitStep, loadForStage, type HandlerDeps } from './context.js';

export function deliverHandler(deps: HandlerDeps): StageHandler {
  return async (itemId) => {
    const { item, skip } = await loadForStage(deps, 'deliver', itemId);
    if (skip) return skip;
    if (item.state === 'delivered') return resend(deps, item);
    const delivery = await deps.deliveries.begin(itemId);
    const sent = await handOver(deps, item, delivery);
    if (!sent.ok) return commitStep(deps, 'deliver', refusedCommit(item, delivery.destination, sent.reason, deps.clock.now()));
    return commitStep(deps, 'deliver', deliveredCommit(item, delivery, sent.receipt, deps.clock.now()));
  };
}

async function resend(deps: HandlerDeps, item: Item): Promise<StageOutcome> {
  const current = await deps.deliveries.current(item.id);
  if (!current || current.status !== 'sent') throw new Error(`item ${item.id} is delivered but has no sent delivery`);
  const events = await deps.queries.listEvents(item.id);
  const resends = events.filter((e) => e.stage === 'deliver' && e.type === 'resent' && e.data?.transactionId === current.transactionId).length;
  const policy = { maxResends: deps.maxResends ?? MAX_RESENDS, overdueMs: deps.receiptOverdueMs ?? DEFAULT_RECEIPT_OVERDUE_MS };
  const action = overdueAction(item, current, resends, deps.clock.now(), policy);
  if (action.action === 'wait') return {};
  if (action.action === 'fail') {
    deps.logger.warn({ itemId: item.id, code: 'deliver.receipt_missing', destination: current.destination, resends }, 'no business receipt after the last re-send');
    return commitStep(deps, 'deliver', action.commit);
  }
  // Same round, same transaction id: begin() counts the attempt and keeps the id.
  const delivery = await deps.deliveries.begin(item.id);
  if (delivery.transactionId !== current.transactionId) throw new Error(`item ${item.id}: a re-send opened a new round`);
  const sent = await handOver(deps, item, delivery);
  if (!sent.ok) return commitStep(deps, 'deliver', refusedCommit(item, delivery.destination, sent.reason, deps.clock.now()));
  return commitStep(deps, 'deliver', resentCommit(item, delivery, sent.receipt, action.resend, deps.clock.now()));
}

type Sent = { ok: true; receipt: HandoverReceipt } | { ok: false; reason: Reason };

async function handOver(deps: HandlerDeps, item: Item, delivery: DeliveryRecord): Promise<Sent> {
  const content = await deps.items.getExtracted(item.id);
  if (!content) throw new Error(`item ${item.id} has no stored content`);
  const kle = handoverKle(await deps.items.latestDecision(item.id, 'route'), await deps.items.latestClassification(item.id));
  try {
    const receipt = await deps.handover.deliver({ transactionId: delivery.transactionId, destination: delivery.destination, item, content, ...kle });
    return { ok: true, receipt };
  } catch (error) {
    if (!isBadInput(error)) throw error;
    return { ok: false, reason: error.toReason('deliver') };
  }
}
