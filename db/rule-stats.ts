// Per-rule usage for the UI and the journal function: matches per day and the last match, read from the
// route decisions (the truth) rather than kept as counters that could drift. Counts one tenant's decisions.
import { and, eq, gte, isNotNull, sql } from 'drizzle-orm';
import type { Db } from './connect.js';
import { decisions, items } from './schema.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export interface RuleUsage {
  ruleId: string;
  ruleSetVersion: string | null;
  total: number;
  lastMatch: Date;
  /** `YYYY-MM-DD` (UTC) → matches that day. */
  perDay: Record<string, number>;
}

export async function ruleUsage(db: Db, scope: TenantScope, since: Date): Promise<RuleUsage[]> {
  const tenantId = boundTenant(scope);
  const day = sql<string>`to_char(${decisions.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await db
    .select({ ruleId: decisions.ruleId, version: decisions.ruleSetVersion, day, n: sql<number>`count(*)::int`, last: sql<Date>`max(${decisions.createdAt})` })
    .from(decisions)
    .innerJoin(items, and(eq(items.id, decisions.itemId), eq(items.tenantId, tenantId)))
    .where(and(eq(decisions.tenantId, tenantId), eq(decisions.stage, 'route'), isNotNull(decisions.ruleId), gte(decisions.createdAt, since)))
    .groupBy(decisions.ruleId, decisions.ruleSetVersion, day);
  const byRule = new Map<string, RuleUsage>();
  for (const row of rows) {
    const key = `${row.ruleId}\u0000${row.version ?? ''}`;
    const last = new Date(row.last);
    if (row.ruleId === null) continue;
    const entry = byRule.get(key) ?? { ruleId: row.ruleId, ruleSetVersion: row.version, total: 0, lastMatch: last, perDay: {} };
    entry.total += Number(row.n);
    entry.perDay[row.day] = Number(row.n);
    if (last > entry.lastMatch) entry.lastMatch = last;
    byRule.set(key, entry);
  }
  return [...byRule.values()].sort((a, b) => b.total - a.total || a.ruleId.localeCompare(b.ruleId));
}
