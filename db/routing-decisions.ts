// The tenant's confirmed routing decisions, for choosing its routing threshold by conformal risk control
// (classifiers/risk-control.ts). A decision counts when the routing-safety gate judged it on the
// classifier's guess (its stored SafetyRecord has basis 'classifier', routed or parked) and we know where the
// item belonged: a confirmed destination (a person's re-distribution, the receiver's accepted receipt), or
// — for rows from before destinations were confirmed — the item's latest re-distribution. Its probability is
// the top destination's at the time; it was wrong when that destination is not where the item belonged.
// Bound to one tenant like the other stores.
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ScoredDecision } from '../classifiers/risk-control.js';
import { SafetyRecordSchema } from '../core/outcomes.js';
import type { Db } from './connect.js';
import { confirmations, decisions, items, redistributions } from './schema.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

/** The newest decisions only: recent post is what the next item is exchangeable with, and the read stays bounded. */
export const ROUTING_DECISIONS_LIMIT = 5_000;

export interface RoutingDecisionStore {
  readonly tenantId: string;
  /** Newest first, at most `limit` (default ROUTING_DECISIONS_LIMIT). */
  scoredDecisions(options?: { limit?: number }): Promise<ScoredDecision[]>;
}

const GatedSchema = z.object({ safety: SafetyRecordSchema });

export function createRoutingDecisionStore(db: Db, scope: TenantScope): RoutingDecisionStore {
  const tenantId = boundTenant(scope);
  return {
    tenantId,
    async scoredDecisions(options = {}) {
      const limit = options.limit ?? ROUTING_DECISIONS_LIMIT;
      // Where the item ended up by hand, for items re-distributed before confirmations named a destination.
      const moved = sql<string | null>`(select ${redistributions.toDestination} from ${redistributions} where ${redistributions.itemId} = ${decisions.itemId} and ${redistributions.tenantId} = ${tenantId} order by ${redistributions.at} desc, ${redistributions.id} desc limit 1)`;
      const labelled = sql`${decisions.itemId} in (select ${confirmations.itemId} from ${confirmations} where ${confirmations.tenantId} = ${tenantId} and ${confirmations.destination} is not null union select ${redistributions.itemId} from ${redistributions} where ${redistributions.tenantId} = ${tenantId})`;
      const rows = await db
        .select({ outcome: decisions.outcome, confirmed: confirmations.destination, moved })
        .from(decisions)
        .innerJoin(items, and(eq(items.id, decisions.itemId), eq(items.tenantId, tenantId)))
        .leftJoin(confirmations, and(eq(confirmations.itemId, decisions.itemId), eq(confirmations.tenantId, tenantId)))
        .where(and(eq(decisions.tenantId, tenantId), eq(decisions.stage, 'route'), sql`${decisions.outcome} -> 'safety' ->> 'basis' = 'classifier'`, labelled))
        .orderBy(desc(decisions.id))
        .limit(limit);
      return rows.flatMap((row) => {
        const belonged = row.confirmed ?? row.moved;
        const parsed = GatedSchema.safeParse(row.outcome);
        if (belonged === null || !parsed.success) return [];
        const { safety } = parsed.data;
        return [{ probability: safety.probability, wrong: safety.destination !== belonged }];
      });
    },
  };
}
