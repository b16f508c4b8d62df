// The items a rule-set simulation re-routes: one tenant's items received in a period, with their stored
// content and the latest classify and route decisions (one query for the decisions, not one per item),
// read through the outcome schemas.
import { and, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { SimulationItem } from '../rules/simulate.js';
import type { Db } from './connect.js';
import { decisions, items } from './schema.js';
import { decisionColumns, toStoredDecision } from './stored-decision.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';
import type { StoredDecisionOf } from '../core/ports.js';

const BATCH = 500;

/** Items received from `since` (inclusive) until `until` (exclusive; no end when not given). */
export async function simulationItems(db: Db, scope: TenantScope, since: Date, until?: Date): Promise<SimulationItem[]> {
  const tenantId = boundTenant(scope);
  const rows = await db
    .select({ id: items.id, fileName: items.fileName, subject: items.subject, extracted: items.extracted })
    .from(items)
    .where(and(eq(items.tenantId, tenantId), gte(items.receivedAt, since), until ? lt(items.receivedAt, until) : undefined, isNotNull(items.extracted)))
    .orderBy(items.receivedAt, items.id);
  const out: SimulationItem[] = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const latest = await db
      .selectDistinctOn([decisions.itemId, decisions.stage], { itemId: decisions.itemId, ...decisionColumns })
      .from(decisions)
      .innerJoin(items, and(eq(items.id, decisions.itemId), eq(items.tenantId, tenantId)))
      .where(and(inArray(decisions.itemId, batch.map((r) => r.id)), inArray(decisions.stage, ['classify', 'route'])))
      .orderBy(decisions.itemId, decisions.stage, sql`${decisions.id} desc`);
    const byItem = new Map<string, { classify?: StoredDecisionOf<'classify'>; route?: StoredDecisionOf<'route'> }>();
    for (const row of latest) {
      const decision = toStoredDecision(row);
      const found = byItem.get(row.itemId) ?? {};
      if (decision.stage === 'classify') found.classify = decision;
      else if (decision.stage === 'route') found.route = decision;
      byItem.set(row.itemId, found);
    }
    for (const row of batch) {
      const found = byItem.get(row.id);
      // Items parked before routing (bad input) have nothing a rule could be tried on.
      if (!found?.classify || !found.route || !row.extracted) continue;
      const c = found.classify.outcome;
      const r = found.route.outcome;
      out.push({
        itemId: row.id,
        fileName: row.fileName,
        subject: row.subject,
        content: row.extracted,
        classification: { nr: c.nr, confidence: c.confidence, source: c.source, candidates: c.candidates, reasons: found.classify.reasons },
        sensitive: (c.sensitive ?? []).length > 0,
        junk: r.junk !== undefined,
        current: { status: r.status === 'routed' ? 'routed' : 'parked', destination: r.destination, ruleId: r.ruleId },
      });
    }
  }
  return out;
}
