// The items a rule-set simulation re-routes: received since a date, with their stored content and the
// latest classify and route decisions (one query for the decisions, not one per item).
import { and, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Classification, KleCandidate } from '../core/model.js';
import type { SimulationItem } from '../rules/simulate.js';
import type { Db } from './connect.js';
import { decisions, items } from './schema.js';

const BATCH = 500;

export async function simulationItems(db: Db, tenantId: string, since: Date): Promise<SimulationItem[]> {
  const rows = await db
    .select({ id: items.id, fileName: items.fileName, subject: items.subject, extracted: items.extracted })
    .from(items)
    .where(and(eq(items.tenantId, tenantId), gte(items.receivedAt, since), isNotNull(items.extracted)))
    .orderBy(items.receivedAt, items.id);
  const out: SimulationItem[] = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const latest = await db
      .selectDistinctOn([decisions.itemId, decisions.stage], { itemId: decisions.itemId, stage: decisions.stage, outcome: decisions.outcome, reasons: decisions.reasons, ruleId: decisions.ruleId })
      .from(decisions)
      .where(and(inArray(decisions.itemId, batch.map((r) => r.id)), inArray(decisions.stage, ['classify', 'route'])))
      .orderBy(decisions.itemId, decisions.stage, sql`${decisions.id} desc`);
    const byItem = new Map<string, { classify?: (typeof latest)[number]; route?: (typeof latest)[number] }>();
    for (const d of latest) byItem.set(d.itemId, { ...byItem.get(d.itemId), [d.stage]: d });
    for (const row of batch) {
      const found = byItem.get(row.id);
      // Items parked before routing (bad input) have nothing a rule could be tried on.
      if (!found?.classify || !found.route || !row.extracted) continue;
      const c = found.classify.outcome as { nr?: string | null; confidence?: number; source?: Classification['source']; candidates?: KleCandidate[] };
      const r = found.route.outcome as { status?: string; destination?: string | null; ruleId?: string | null };
      out.push({
        itemId: row.id,
        fileName: row.fileName,
        subject: row.subject,
        content: row.extracted,
        classification: { nr: c.nr ?? null, confidence: c.confidence ?? 0, source: c.source ?? 'none', candidates: c.candidates ?? [], reasons: found.classify.reasons },
        current: { status: r.status === 'routed' ? 'routed' : 'parked', destination: r.destination ?? null, ruleId: r.ruleId ?? null },
      });
    }
  }
  return out;
}
