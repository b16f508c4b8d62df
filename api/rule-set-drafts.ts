// The rule-set work both the JSON API (api/routes/rule-sets.ts) and the Regler page (web/pages/rules.ts)
// do: the validator with the KLE catalogue, the current draft, and the simulation of the draft on stored
// post with its item lists cut to what the person may read. One implementation, so the page can never show
// a different simulation or accept a rule file the API would refuse. Not a route module: no HTTP here.
import { createKleCatalog } from '../classifiers/kle-catalog.js';
import { readableItemIds } from '../db/readable-item-ids.js';
import type { StoredRuleSet, RuleSetStore } from '../db/rule-set-store.js';
import { validateRuleSet, type ValidationCatalog, type ValidationResult } from '../rules/validate.js';
import { simulateRuleSet } from '../worker/actions/rule-set-simulation.js';
import { loadKleData } from '../worker/adapters/kle-data.js';
import type { RouteContext } from './context.js';
import type { Principal } from './principal.js';
import { simulationView } from './rule-set-views.js';

const DAY_MS = 86_400_000;
export const DEFAULT_SIMULATION_DAYS = 30;

let catalog: ValidationCatalog | undefined;
/** The KLE catalogue the validator checks patterns against, loaded on first use (once per process). */
const validationCatalog = (): ValidationCatalog => (catalog ??= createKleCatalog(loadKleData()));

/** The rule file checked as `fordeler rules validate` checks it. */
export const validateRuleFile = (body: unknown): ValidationResult => validateRuleSet(body, { catalog: validationCatalog() });

/** The draft being worked on: the newest version that is still a draft. */
export const currentDraft = async (store: RuleSetStore): Promise<StoredRuleSet | undefined> => (await store.list()).filter((r) => r.status === 'draft').at(-1);

/** The simulation period: `to` (or now) and `from` (or `days` before it); undefined when `to` is not after `from`. */
export function simulationPeriod(now: Date, input: { from?: Date | undefined; to?: Date | undefined; days?: number | undefined }): { from: Date; to: Date | null } | undefined {
  const to = input.to ?? null;
  const from = input.from ?? new Date((to ?? now).getTime() - (input.days ?? DEFAULT_SIMULATION_DAYS) * DAY_MS);
  return to && to <= from ? undefined : { from, to };
}

/** The draft run on the post received in the period, as `fordeler rules simulate` runs it; item lists cut to the principal's access. */
export async function simulateDraft(ctx: RouteContext, principal: Principal, draft: StoredRuleSet, period: { from: Date; to: Date | null }) {
  const { report, safety } = await simulateRuleSet(ctx.db, { tenantId: ctx.tenantId }, {
    body: draft.body,
    version: draft.version,
    since: period.from,
    ...(period.to ? { until: period.to } : {}),
    ...(ctx.routing ? { routing: ctx.routing } : {}),
  });
  const readable = await readableItemIds(ctx.db, principal, report.changes.map((c) => c.itemId));
  return simulationView(report, { version: draft.version, from: period.from, to: period.to, safety, readable });
}
