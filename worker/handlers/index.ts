// All stage handlers, and what happens when a stage has used its last attempt: the item is marked
// failed with the reason, visible in lists and track & trace — never silently dropped.
import { describeError } from '../../core/errors.js';
import { applyStageResult } from '../../core/stages/stage-result.js';
import type { Stage } from '../../core/model.js';
import type { JobStage } from '../jobs.js';
import type { StageHandlers } from '../queue/types.js';
import { classifyHandler, routeHandler } from './classify-route.js';
import type { HandlerDeps } from './context.js';
import { deliverHandler } from './deliver.js';
import { extractHandler, ocrHandler } from './extract.js';
import { ingestHandler } from './ingest.js';

export type { HandlerDeps } from './context.js';

export function createStageHandlers(deps: HandlerDeps): StageHandlers {
  return {
    ingest: ingestHandler(deps),
    extract: extractHandler(deps),
    ocr: ocrHandler(deps),
    classify: classifyHandler(deps),
    route: routeHandler(deps),
    deliver: deliverHandler(deps),
  };
}

/** The item stage a job stage writes its events under (`ocr` is part of extraction). */
const ITEM_STAGE: Record<JobStage, Stage> = { ingest: 'ingest', extract: 'extract', ocr: 'extract', classify: 'classify', route: 'route', deliver: 'deliver' };

export function markExhausted(deps: Pick<HandlerDeps, 'items' | 'clock' | 'logger'>) {
  return async (stage: JobStage, itemId: string, error: unknown): Promise<void> => {
    const item = await deps.items.getItem(itemId);
    if (!item || item.state === 'failed') return;
    const reason = { code: `${ITEM_STAGE[stage]}.retries_exhausted`, message: `${stage} failed after all retries: ${describeError(error)}`.slice(0, 2000) };
    deps.logger.error({ itemId, stage, code: reason.code }, 'stage failed after all retries');
    await applyStageResult(deps.items, {
      itemId,
      state: 'failed',
      patch: { error: reason },
      event: { stage: ITEM_STAGE[stage], type: 'failed', at: deps.clock.now(), data: { reason: reason.code, jobStage: stage } },
      decision: { stage: ITEM_STAGE[stage], outcome: { status: 'failed' }, reasons: [reason] },
    });
  };
}
