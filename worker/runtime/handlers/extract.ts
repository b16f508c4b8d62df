// extract and ocr jobs. `extract` reads text without OCR; when the extractor's result says the item needs
// OCR (a scan, an image-only PDF page, a photographed attachment) the item is passed to the `ocr` queue,
// whose workers are sized to the CPU, with nothing written. Both run the same pure extract stage, and
// content, decision, event and state are one commit.
import { extractStage } from '../../../core/stages/extract.js';
import type { JobStage } from '../../../core/lifecycle.js';
import type { Item } from '../../../core/model.js';
import type { StageHandler, StageOutcome } from '../queue/types.js';
import { commitStep, loadForStage, type HandlerDeps } from './context.js';

/** Thrown when an unexpected (not bad-input) extraction error should be retried. */
export class RetryableStageError extends Error {
  override readonly name = 'RetryableStageError';
}

export function extractHandler(deps: HandlerDeps): StageHandler {
  return async (itemId, attempt) => {
    const { item, skip } = await loadForStage(deps, 'extract', itemId);
    if (skip) return skip;
    return runExtract(deps, 'extract', item, attempt.last);
  };
}

export function ocrHandler(deps: HandlerDeps): StageHandler {
  return async (itemId, attempt) => {
    const { item, skip } = await loadForStage(deps, 'ocr', itemId);
    if (skip) return skip;
    return runExtract(deps, 'ocr', item, attempt.last);
  };
}

async function runExtract(deps: HandlerDeps, stage: JobStage, item: Item, lastAttempt: boolean): Promise<StageOutcome> {
  const extracted = await extractStage(item, { extractor: deps.extractor, clock: deps.clock }, { timeoutMs: deps.extractTimeoutMs, ocr: stage === 'ocr' });
  if (extracted.kind === 'needs-ocr') {
    // No state change, so no commit; the keyed event is written once however often this job repeats.
    await deps.items.appendEvent(item.id, { stage: 'extract', type: 'ocr_queued', at: deps.clock.now(), key: `ocr_queued:${item.round}`, data: { pages: extracted.pages } });
    return { next: 'ocr' };
  }
  if (extracted.kind === 'refused') {
    // Bad input parks now; an unexpected error is retried first and marks the item failed on the last try.
    if (extracted.commit.to === 'failed' && !lastAttempt) throw new RetryableStageError(extracted.reason.message);
    return commitStep(deps, stage, extracted.commit);
  }
  return commitStep(deps, stage, extracted.commit, 'classify');
}
