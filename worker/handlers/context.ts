// What the stage handlers share: the ports, and the rule that makes every handler safe to repeat —
// a stage runs only when the item is in that stage's input state; otherwise it already ran, and the
// handler just points at the stage that comes next.
import type { Item } from '../../core/model.js';
import type { BlobStore, Clock, ContentExtractor, DeliveryStore, Handover, ItemStore, KleClassifier, Router } from '../../core/ports.js';
import type { ItemQueries } from '../../db/item-queries.js';
import { INPUT_STATE, stageForState, type JobStage } from '../jobs.js';
import type { Logger } from '../logger.js';
import type { StageOutcome } from '../queue/types.js';

export interface HandlerDeps {
  items: ItemStore;
  queries: Pick<ItemQueries, 'listDecisions'>;
  blobs: BlobStore;
  clock: Clock;
  classify: KleClassifier;
  router: Router;
  /** Extraction with OCR, for the `ocr` stage. */
  extractorWithOcr: ContentExtractor;
  /** Extraction that refuses OCR: `ocrWanted()` tells whether the item needs the `ocr` stage. */
  textOnlyExtractor(): { extractor: ContentExtractor; ocrWanted(): boolean };
  deliveries: DeliveryStore;
  handover: Handover;
  extractTimeoutMs: number;
  logger: Logger;
}

export type ItemInStage = { item: Item; skip?: undefined } | { item?: undefined; skip: StageOutcome };

/** Loads the item for `stage`, or says what to do instead (item gone, or stage already done). */
export async function loadForStage(deps: HandlerDeps, stage: JobStage, itemId: string): Promise<ItemInStage> {
  const item = await deps.items.getItem(itemId);
  if (!item) {
    deps.logger.warn({ itemId, stage, code: 'job.item_missing' }, 'job for an item that does not exist');
    return { skip: {} };
  }
  if (item.state !== INPUT_STATE[stage]) {
    const next = stageForState(item.state);
    return { skip: next ? { next } : {} };
  }
  return { item };
}
