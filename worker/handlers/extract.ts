// extract and ocr jobs. `extract` reads text without OCR; an item that needs OCR (a scan, an image-only
// PDF page, a photographed attachment) is passed to the `ocr` queue, whose workers are sized to the CPU.
// Both run the same pure extract stage; content is saved before the state moves on.
import { extractStage } from '../../core/stages/extract.js';
import { applyStageResult } from '../../core/stages/stage-result.js';
import type { Item } from '../../core/model.js';
import type { ContentExtractor } from '../../core/ports.js';
import type { StageHandler } from '../queue/types.js';
import { loadForStage, type HandlerDeps } from './context.js';

/** Thrown when an unexpected (not bad-input) extraction error should be retried. */
export class RetryableStageError extends Error {
  override readonly name = 'RetryableStageError';
}

export function extractHandler(deps: HandlerDeps): StageHandler {
  return async (itemId, attempt) => {
    const { item, skip } = await loadForStage(deps, 'extract', itemId);
    if (skip) return skip;
    const textOnly = deps.textOnlyExtractor();
    const outcome = await runExtract(deps, item, textOnly.extractor, attempt.last, () => textOnly.ocrWanted());
    if (outcome === 'ocr') {
      await deps.items.appendEvent(item.id, { stage: 'extract', type: 'ocr_queued', at: deps.clock.now() });
      return { next: 'ocr' };
    }
    return outcome;
  };
}

export function ocrHandler(deps: HandlerDeps): StageHandler {
  return async (itemId, attempt) => {
    const { item, skip } = await loadForStage(deps, 'ocr', itemId);
    if (skip) return skip;
    const outcome = await runExtract(deps, item, deps.extractorWithOcr, attempt.last, () => false);
    return outcome === 'ocr' ? {} : outcome;
  };
}

async function runExtract(
  deps: HandlerDeps,
  item: Item,
  extractor: ContentExtractor,
  lastAttempt: boolean,
  ocrWanted: () => boolean,
): Promise<'ocr' | { next?: 'classify' }> {
  const extracted = await extractStage(item, { extractor, clock: deps.clock }, { timeoutMs: deps.extractTimeoutMs });
  if (ocrWanted()) return 'ocr';
  if (!extracted.ok) {
    // Bad input parks now; an unexpected error is retried first and marks the item failed on the last try.
    if (extracted.result.state === 'failed' && !lastAttempt) throw new RetryableStageError(extracted.reason.message);
    await applyStageResult(deps.items, extracted.result);
    return {};
  }
  await deps.items.saveExtracted(item.id, extracted.content);
  await applyStageResult(deps.items, extracted.result);
  return { next: 'classify' };
}
