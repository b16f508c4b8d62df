// What a rule set would change on post already received, as the route stage would route it: the items of a
// period with their stored content and classification, routed again by the rule set, junk kept parked, and
// the routing-safety gate at the threshold the tenant's confirmed decisions give for its routing settings.
// One implementation for `fordeler rules simulate` (cli/commands/rules-analysis.ts) and
// POST /api/v1/rule-sets/draft/simulate (api/routes/rule-sets.ts), so both give the same report.
import { applyRouteSafety } from '../../core/stages/route-safety.js';
import type { Db } from '../../db/connect.js';
import { createRoutingDecisionStore } from '../../db/routing-decisions.js';
import { simulationItems } from '../../db/simulation-queries.js';
import type { TenantScope } from '../../db/tenant-scope.js';
import { createRouter } from '../../rules/router.js';
import { parseRuleFile } from '../../rules/schema.js';
import { simulate, type RouteGate, type SimulationReport } from '../../rules/simulate.js';
import { chooseSafety, type SafetyChoice } from '../runtime/knowledge.js';
import { RoutingSettingsSchema, type RoutingSettings } from '../runtime/work-config.js';

export interface RuleSetSimulationInput {
  /** The rule file (a stored version's body, or a file's JSON). */
  body: unknown;
  /** The stored version, when it is one (decisions name it). */
  version?: string;
  /** Items received from … (inclusive) … until (exclusive; default: no end). */
  since: Date;
  until?: Date;
  /** The tenant's routing settings (the work file's `routing`); default: a 1 % target misroute rate. */
  routing?: RoutingSettings;
  onProgress?: (done: number, total: number) => void;
  /** Called once the items are read, before they are routed (a progress bar's start). */
  onItems?: (count: number) => void;
}

export interface RuleSetSimulation {
  report: SimulationReport;
  /** How the routing-safety gate's threshold was chosen (risk control, default, or fixed). */
  safety: SafetyChoice;
}

export async function simulateRuleSet(db: Db, tenant: TenantScope, input: RuleSetSimulationInput): Promise<RuleSetSimulation> {
  const router = createRouter(parseRuleFile(input.body), input.version ? { version: input.version } : {});
  const items = await simulationItems(db, tenant, input.since, input.until);
  input.onItems?.(items.length);
  // As the route stage does: the routing-safety gate at the threshold the tenant's confirmed decisions give.
  const choice = await chooseSafety(input.routing ?? RoutingSettingsSchema.parse({}), () => createRoutingDecisionStore(db, tenant).scoredDecisions());
  const gate: RouteGate = (decision, item, draft) => applyRouteSafety({ decision, classification: item.classification, router: draft, safety: choice.safety, sensitive: item.sensitive }).decision;
  const report = await simulate(items, router, input.onProgress, gate);
  return { report, safety: choice };
}
