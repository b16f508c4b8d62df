// classify and route jobs: pure stages over the content stored by extract. Route reads the
// classification back from the classify decision, so a re-run routes on what was decided, not on a
// classifier that may have changed since.
import type { Classification, ExtractedContent, KleCandidate } from '../../core/model.js';
import { classifyStage } from '../../core/stages/classify.js';
import { routeStage } from '../../core/stages/route.js';
import { applyStageResult } from '../../core/stages/stage-result.js';
import type { StageHandler } from '../queue/types.js';
import { loadForStage, type HandlerDeps } from './context.js';

export function classifyHandler(deps: HandlerDeps): StageHandler {
  return async (itemId) => {
    const { item, skip } = await loadForStage(deps, 'classify', itemId);
    if (skip) return skip;
    const content = await storedContent(deps, itemId);
    const { result } = classifyStage(item, content, deps);
    await applyStageResult(deps.items, result);
    return { next: 'route' };
  };
}

export function routeHandler(deps: HandlerDeps): StageHandler {
  return async (itemId) => {
    const { item, skip } = await loadForStage(deps, 'route', itemId);
    if (skip) return skip;
    const content = await storedContent(deps, itemId);
    const classification = await storedClassification(deps, itemId);
    const routed = await routeStage(item, content, classification, deps);
    await applyStageResult(deps.items, routed.result);
    return routed.decision.status === 'routed' ? { next: 'deliver' } : {};
  };
}

async function storedContent(deps: HandlerDeps, itemId: string): Promise<ExtractedContent> {
  const content = await deps.items.getExtracted(itemId);
  if (!content) throw new Error(`item ${itemId} has no stored content`);
  return content;
}

async function storedClassification(deps: HandlerDeps, itemId: string): Promise<Classification> {
  const decision = (await deps.queries.listDecisions(itemId)).filter((d) => d.stage === 'classify').at(-1);
  if (!decision) throw new Error(`item ${itemId} has no classify decision`);
  const outcome = decision.outcome as { nr?: string | null; confidence?: number; source?: Classification['source']; candidates?: KleCandidate[] };
  return {
    nr: outcome.nr ?? null,
    confidence: outcome.confidence ?? 0,
    source: outcome.source ?? 'none',
    candidates: outcome.candidates ?? [],
    reasons: decision.reasons,
  };
}
