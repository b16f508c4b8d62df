// classify and route jobs: pure stages over the content stored by extract. Route reads the
// classification back as it was stored by classify, so a re-run (and `fordeler process`) routes on what
// was decided, not on a classifier that may have changed since; the routing-safety gate gets the tenant's
// current threshold and the item's sensitive flags.
import type { Classification, ExtractedContent } from '../../../core/model.js';
import { classifyStage } from '../../../core/stages/classify.js';
import { routeStage } from '../../../core/stages/route.js';
import { classificationOf } from '../../../db/item-store.js';
import type { StageHandler } from '../queue/types.js';
import { commitStep, loadForStage, type HandlerDeps } from './context.js';

export function classifyHandler(deps: HandlerDeps): StageHandler {
  return async (itemId) => {
    const { item, skip } = await loadForStage(deps, 'classify', itemId);
    if (skip) return skip;
    const content = await storedContent(deps, itemId);
    const { commit } = classifyStage(item, content, deps);
    return commitStep(deps, 'classify', commit, 'route');
  };
}

export function routeHandler(deps: HandlerDeps): StageHandler {
  return async (itemId) => {
    const { item, skip } = await loadForStage(deps, 'route', itemId);
    if (skip) return skip;
    const content = await storedContent(deps, itemId);
    const { classification, sensitive } = await storedClassification(deps, itemId);
    const ports = { router: deps.router, clock: deps.clock, ...(deps.junk ? { junk: deps.junk } : {}), ...(deps.safety ? { safety: deps.safety() } : {}) };
    const routed = await routeStage(item, content, classification, ports, { sensitive });
    return commitStep(deps, 'route', routed.commit, routed.decision.status === 'routed' ? 'deliver' : undefined);
  };
}

async function storedContent(deps: HandlerDeps, itemId: string): Promise<ExtractedContent> {
  const content = await deps.items.getExtracted(itemId);
  if (!content) throw new Error(`item ${itemId} has no stored content`);
  return content;
}

/** The stored classification and the sensitive flags classify found (the gate asks more of such an item): one read. */
async function storedClassification(deps: HandlerDeps, itemId: string): Promise<{ classification: Classification; sensitive: string[] }> {
  const decision = await deps.items.latestDecision(itemId, 'classify');
  const classification = classificationOf(decision);
  if (!classification) throw new Error(`item ${itemId} has no classification`);
  return { classification, sensitive: decision?.outcome.sensitive ?? [] };
}
