// `fordeler explain <item-id|file>`: why an item went where it went. For a stored item of FORDELER_TENANT,
// the route decision as recorded (another tenant's item is "not found"), with the routing-safety gate's
// reason; for a file, extract + classify + route + gate it now at the default threshold (nothing is stored).
import { maskedJson } from '../json-output.js';
import { detectFacet } from '../../classifiers/facet.js';
import { DEFAULT_DESTINATION_SAFETY } from '../../classifiers/destination-risk.js';
import { detectSensitiveTopics } from '../../classifiers/sensitive.js';
import { applyRouteSafety } from '../../core/stages/route-safety.js';
import type { StoredDecision, StoredDecisionOf } from '../../core/ports.js';
import { isItemId } from '../../db/item-store.js';
import { formatExplanation, type ExplainInput } from '../../rules/explain-format.js';
import { createPipelineClassifier } from '../../worker/adapters/classifier.js';
import { loadRouter } from '../../worker/runtime/knowledge.js';
import { loadConfig } from '../../worker/runtime/config.js';
import { extractFile } from '../extract-file.js';
import { requireItem, withTenant } from '../with-database.js';

export async function explainCommand(target: string, options: { rules?: string; json?: boolean }): Promise<number> {
  const decision = isItemId(target) ? await storedDecision(target) : await fileDecision(target, options.rules);
  process.stdout.write(options.json ? `${maskedJson(decision, 2)}\n` : `${formatExplanation(decision)}\n`);
  return 0;
}

const isRoute = (d: StoredDecision): d is StoredDecisionOf<'route'> => d.stage === 'route';
const isClassify = (d: StoredDecision): d is StoredDecisionOf<'classify'> => d.stage === 'classify';

async function storedDecision(itemId: string): Promise<ExplainInput> {
  return withTenant(async (context) => {
    await requireItem(context, itemId);
    const decisions = await context.queries.listDecisions(itemId);
    const route = decisions.filter(isRoute).at(-1);
    if (!route) throw new Error(`item ${itemId} has no route decision (not routed yet)`);
    const { status, destination, ruleId, trace, safety } = route.outcome;
    const classified = decisions.filter(isClassify).at(-1);
    // A stored classification without a facet may predate it, so it is not shown as "none detected".
    const facet = classified?.outcome.facet;
    return {
      status, destination, ruleId, ruleSetVersion: route.ruleSetVersion ?? route.outcome.ruleSetVersion ?? null, trace,
      reasons: route.reasons,
      ...(safety ? { safety } : {}),
      ...(facet !== undefined ? { facet } : {}),
    };
  });
}

async function fileDecision(file: string, rulesPath: string | undefined): Promise<ExplainInput> {
  if (!rulesPath) throw new Error('explaining a file needs --rules <file>');
  const config = loadConfig();
  const router = await loadRouter(rulesPath);
  const content = await extractFile(file, config.ocrWorkers);
  const { facet } = detectFacet(content);
  const classification = { ...createPipelineClassifier({ threshold: config.kleThreshold })(content), ...(facet ? { facet } : {}) };
  // The routing-safety gate as the route stage applies it, at the default threshold (a file has no tenant's decisions).
  const sensitive = detectSensitiveTopics(content, classification.nr ?? classification.candidates[0]?.nr ?? null).flags.length > 0;
  const gated = applyRouteSafety({ decision: await router.route(content, classification), classification, router, safety: DEFAULT_DESTINATION_SAFETY, sensitive });
  return { ...gated.decision, safety: gated.safety, facet };
}
