// `fordeler explain <item-id|file>`: why an item went where it went. For a stored item, the route
// decision as recorded; for a file, extract + classify + route it now (nothing is stored).
import type { RouteDecision } from '../../core/model.js';
import { createItemQueries } from '../../db/item-queries.js';
import { isItemId } from '../../db/item-store.js';
import { formatExplanation, type ExplainInput } from '../../rules/explain-format.js';
import { createPipelineClassifier } from '../../worker/adapters/classifier.js';
import { loadRouter } from '../../worker/app.js';
import { loadConfig } from '../../worker/config.js';
import { extractFile } from '../extract-file.js';
import { withDatabase } from '../with-database.js';

export async function explainCommand(target: string, options: { rules?: string; json?: boolean }): Promise<number> {
  const decision = isItemId(target) ? await storedDecision(target) : await fileDecision(target, options.rules);
  process.stdout.write(options.json ? `${JSON.stringify(decision, null, 2)}\n` : `${formatExplanation(decision)}\n`);
  return 0;
}

async function storedDecision(itemId: string): Promise<ExplainInput> {
  return withDatabase(async ({ db }) => {
    const route = (await createItemQueries(db).listDecisions(itemId)).filter((d) => d.stage === 'route').at(-1);
    if (!route) throw new Error(`item ${itemId} has no route decision (unknown item, or not routed yet)`);
    const outcome = route.outcome as { status: string; destination: string | null; ruleId: string | null; trace?: ExplainInput['trace'] };
    return { status: outcome.status, destination: outcome.destination, ruleId: outcome.ruleId, ruleSetVersion: route.ruleSetVersion ?? null, trace: outcome.trace ?? [] };
  });
}

async function fileDecision(file: string, rulesPath: string | undefined): Promise<ExplainInput> {
  if (!rulesPath) throw new Error('explaining a file needs --rules <file>');
  const config = loadConfig();
  const router = await loadRouter(rulesPath);
  const content = await extractFile(file, config.ocrWorkers);
  const decision: RouteDecision = await router.route(content, createPipelineClassifier({ threshold: config.kleThreshold })(content));
  return decision;
}
