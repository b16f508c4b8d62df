// Which of a tenant's items are kept junk: junk and machine mail the route stage parked with the tenant's
// policy `keep` (the route decision's junk mark, classifiers/junk.ts), so it is never posted to the rest
// mailbox and is erased once its `keepUntil` has passed (worker/follow-ups/junk-purge.ts). Only an item
// still where that decision left it counts — parked, in the round the decision belongs to: one a person has
// placed since has moved on to a later round and is no junk to purge. Bound to one tenant.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './connect.js';
import { decisions, items } from './schema.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export interface KeptJunk {
  itemId: string;
  round: number;
  receivedAt: Date;
  kinds: string[];
  keepUntil: Date;
}

export interface JunkQueries {
  readonly tenantId: string;
  /** Kept junk, soonest erased first. */
  listKept(limit: number): Promise<KeptJunk[]>;
  /** Kept junk whose keepUntil is before `now`: what the purge erases. */
  listExpired(now: Date, limit: number): Promise<KeptJunk[]>;
}

export function createJunkQueries(db: Db, scope: TenantScope): JunkQueries {
  const tenantId = boundTenant(scope);
  const junk = (field: string) => sql`${decisions.outcome}->'junk'->>${field}`;
  const keepUntil = sql<string>`(${junk('keepUntil')})::timestamptz`;

  async function kept(before: Date | null, limit: number): Promise<KeptJunk[]> {
    const rows = await db
      .select({
        itemId: items.id,
        round: items.round,
        receivedAt: items.receivedAt,
        kinds: sql<unknown>`${decisions.outcome}->'junk'->'kinds'`,
        keepUntil: sql<string>`${junk('keepUntil')}`,
      })
      .from(items)
      .innerJoin(decisions, and(eq(decisions.itemId, items.id), eq(decisions.stage, 'route'), eq(decisions.round, items.round)))
      .where(
        and(
          eq(items.tenantId, tenantId),
          eq(decisions.tenantId, tenantId),
          eq(items.state, 'parked'),
          sql`${junk('action')} = 'keep'`,
          sql`${junk('keepUntil')} is not null`,
          before ? sql`${keepUntil} < ${before.toISOString()}::timestamptz` : undefined,
        ),
      )
      .orderBy(keepUntil, items.id)
      .limit(limit);
    return rows.map((row) => ({
      itemId: row.itemId,
      round: row.round,
      receivedAt: row.receivedAt,
      kinds: Array.isArray(row.kinds) ? row.kinds.filter((k): k is string => typeof k === 'string') : [],
      keepUntil: new Date(row.keepUntil),
    }));
  }

  return {
    tenantId,
    listKept: (limit) => kept(null, limit),
    listExpired: (now, limit) => kept(now, limit),
  };
}
