// All stage handlers, and what happens when a stage has used its last attempt: the item is marked
// failed with the reason, visible in lists and track & trace — never silently dropped.
import { describeError } from '../../../core/errors.js';
import { isInputState, type JobStage } from '../../../core/lifecycle.js';
import type { Reason, Stage } from '../../../core/model.js';
import type { StageDecision } from '../../../core/ports.js';
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
const ITEM_STAGE = { ingest: 'ingest', extract: 'extract', ocr: 'extract', classify: 'classify', route: 'route', deliver: 'deliver' } as const satisfies Record<JobStage, Stage>;

/** The failed decision of an item stage, typed by that stage's outcome schema. */
function failedDecision(stage: (typeof ITEM_STAGE)[JobStage], reason: Reason): StageDecision {
  const reasons = [reason];
  switch (stage) {
    case 'ingest':
      return { stage, outcome: { status: 'failed' }, reasons };
    case 'extract':
      return { stage, outcome: { status: 'failed' }, reasons };
    case 'classify':
      return { stage, outcome: { status: 'failed' }, reasons };
    case 'route':
      return { stage, outcome: { status: 'failed' }, reasons };
    case 'deliver':
      return { stage, outcome: { status: 'failed' }, reasons };
  }
}

export function markExhausted(deps: Pick<HandlerDeps, 'items' | 'clock' | 'logger'>) {
  return async (stage: JobStage, itemId: string, error: unknown): Promise<void> => {
    const item = await deps.items.getItem(itemId);
    // Only an item still waiting for this stage: one that moved on meanwhile is not failed by a stale job.
    if (!item || !isInputState(stage, item.state)) return;
    const reason: Reason = { code: `${ITEM_STAGE[stage]}.retries_exhausted`, message: `${stage} failed after all retries: ${describeError(error)}`.slice(0, 2000) };
    deps.logger.error({ itemId, stage, code: reason.code }, 'stage failed after all retries');
    // Compare-and-set on the state read just now: if another run moved the item meanwhile, it is not failed.
    const result = await deps.items.commit({
      itemId,
      from: item.state,
      to: 'failed',
      patch: { error: reason },
      event: { stage: ITEM_STAGE[stage], type: 'failed', at: deps.clock.now(), data: { reason: reason.code, jobStage: stage } },
      decision: failedDecision(ITEM_STAGE[stage], reason),
    });
    if (!result.committed) deps.logger.info({ itemId, stage, code: 'job.already_done', state: result.state }, 'item moved on before it could be marked failed');
  };
}
