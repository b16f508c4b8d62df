// Who published which rule-set version and when, read from the append-only configuration audit (the
// rule_sets row keeps when a version was published, not by whom): for the API's list of versions. Bound to
// one tenant, as every store.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from './connect.js';
import { configAudit } from './schema.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export interface Publication {
  actor: string;
  at: Date;
  /** `rule_set.published`, or `rule_set.rolled_back` when an earlier version was published again. */
  action: string;
}

/** The latest publication (or rollback) of each version, by version. */
export async function latestPublications(db: Db, scope: TenantScope): Promise<Map<string, Publication>> {
  const tenantId = boundTenant(scope);
  const rows = await db
    .select({ subject: configAudit.subject, actor: configAudit.actor, at: configAudit.at, action: configAudit.action })
    .from(configAudit)
    .where(and(eq(configAudit.tenantId, tenantId), inArray(configAudit.action, ['rule_set.published', 'rule_set.rolled_back'])))
    .orderBy(asc(configAudit.id));
  return new Map(rows.map((row) => [row.subject, { actor: row.actor, at: row.at, action: row.action }]));
}
