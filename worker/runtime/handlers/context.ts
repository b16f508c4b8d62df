// What the stage handlers share: the ports, and the rules that make every handler safe to repeat —
// a stage runs only when the item is in one of that stage's input states (core/lifecycle.ts), otherwise
// it already ran and the handler just points at the stage that comes next; and every step is one
// compare-and-set commit, so a step another run already made is refused, never written twice.
import { isInputState, RESUME_STAGE, type JobStage } from '../../../core/lifecycle.js';
import type { Item } from '../../../core/model.js';
import type { BlobStore, Clock, ContentExtractor, DeliveryStore, Handover, ItemStore, KleClassifier, Router, StageCommit } from '../../../core/ports.js';
import { nextStageAfter } from '../../../core/stages/stage-result.js';
import type { ItemQueries } from '../../../db/item-queries.js';
import type { Logger } from '../logger.js';
import type { StageOutcome } from '../queue/types.js';
import type { JunkPolicy } from '../../../classifiers/junk.js';
import type { DestinationSafety } from '../../../classifiers/destination-risk.js';

export interface HandlerDeps {
  items: ItemStore;
  /** The item's events: the deliver stage counts the re-sends of a round. */
  queries: Pick<ItemQueries, 'listEvents'>;
  blobs: BlobStore;
  clock: Clock;
  classify: KleClassifier;
  router: Router;
  /** One extractor: `extract(input, { ocr: false })` says when an item needs the `ocr` stage. */
  extractor: ContentExtractor;
  deliveries: DeliveryStore;
  handover: Handover;
  extractTimeoutMs: number;
  logger: Logger;
  /** Re-sends of a round whose business receipt is overdue before the item fails (default 3). */
  maxResends?: number;
  /** The reconciler's limit for an overdue business receipt (default DEFAULT_RECEIPT_OVERDUE_MS). */
  receiptOverdueMs?: number;
  /** The tenant's junk policy (work file `junk`); default: park junk in the rest mailbox. */
  junk?: JunkPolicy;
  /** The routing-safety gate's settings as chosen now (worker/runtime/knowledge.ts); default DEFAULT_DESTINATION_SAFETY. */
  safety?: () => DestinationSafety;
}

export type ItemInStage = { item: Item; skip?: undefined } | { item?: undefined; skip: StageOutcome };

/** Loads the item for `stage`, or says what to do instead (item gone, or stage already done). */
export async function loadForStage(deps: HandlerDeps, stage: JobStage, itemId: string): Promise<ItemInStage> {
  const item = await deps.items.getItem(itemId);
  if (!item) {
    deps.logger.warn({ itemId, stage, code: 'job.item_missing' }, 'job for an item that does not exist');
    return { skip: {} };
  }
  if (!isInputState(stage, item.state)) return { skip: resumeFrom(item.state) };
  return { item };
}

function resumeFrom(state: Item['state']): StageOutcome {
  const next = RESUME_STAGE[state];
  return next ? { next } : {};
}

/**
 * Writes one step of `stage` and says what comes next: `next` when it was written. A refused commit means
 * another run already moved the item: it goes on from the state it is in now — unless that is this very
 * stage again (the other run just did it; repeating it now would, for deliver, be a spurious re-send).
 */
export async function commitStep(deps: Pick<HandlerDeps, 'items' | 'logger'>, stage: JobStage, step: StageCommit, next?: JobStage): Promise<StageOutcome> {
  const result = await deps.items.commit(step);
  if (result.committed) return next ? { next } : {};
  deps.logger.info({ itemId: step.itemId, stage, code: 'job.already_done', from: step.from, state: result.state }, 'step already made by another run');
  const resume = nextStageAfter(result);
  return resume && resume !== stage ? { next: resume } : {};
}
