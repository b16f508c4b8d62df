// The CheckpointStore port on PostgreSQL/PGlite: one row per (tenant, source). Bound to one tenant like
// every store; the port still names the tenant per call, and a call for any other tenant is refused
// before it reads or writes, so a mis-wired source cannot move another municipality's checkpoint.
import { and, eq } from 'drizzle-orm';
import type { CheckpointStore, Clock } from '../core/ports.js';
import type { Db } from './connect.js';
import { sourceCheckpoints } from './schema.js';
import { boundTenant, TenantError, type TenantScope } from './tenant-scope.js';

export interface CheckpointStoreOptions extends TenantScope {
  clock?: Clock;
}

export function createCheckpointStore(db: Db, options: CheckpointStoreOptions): CheckpointStore & { readonly tenantId: string } {
  const tenantId = boundTenant(options);
  const clock = options.clock ?? { now: () => new Date() };
  const own = (asked: string): string => {
    if (asked !== tenantId) throw new TenantError(`this checkpoint store belongs to tenant ${tenantId}, not ${asked.slice(0, 80)}`);
    return tenantId;
  };
  return {
    tenantId,
    async get(asked, source) {
      const [row] = await db
        .select({ uidValidity: sourceCheckpoints.uidValidity, lastUid: sourceCheckpoints.lastUid })
        .from(sourceCheckpoints)
        .where(and(eq(sourceCheckpoints.tenantId, own(asked)), eq(sourceCheckpoints.source, source)));
      return row;
    },
    async set(asked, source, { uidValidity, lastUid }) {
      const updatedAt = clock.now();
      await db
        .insert(sourceCheckpoints)
        .values({ tenantId: own(asked), source, uidValidity, lastUid, updatedAt })
        .onConflictDoUpdate({ target: [sourceCheckpoints.tenantId, sourceCheckpoints.source], set: { uidValidity, lastUid, updatedAt } });
    },
  };
}
