// The Drift page's overview of one municipality's items: per state how many there are, when the oldest of
// them was received and since when the longest-waiting one has been in that state. Counts and times only,
// no item content; bound to one tenant like every query here (index items_tenant_state_changed_idx).
import { count, eq, min } from 'drizzle-orm';
import type { ItemState } from '../core/lifecycle.js';
import type { Db } from './connect.js';
import { items } from './schema.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export interface StateOverviewRow {
  state: ItemState;
  count: number;
  oldestReceivedAt: Date;
  oldestStateChangeAt: Date;
}

/** One row per state that has items, in no particular order. */
export async function stateOverview(db: Db, scope: TenantScope): Promise<StateOverviewRow[]> {
  const tenantId = boundTenant(scope);
  const rows = await db
    .select({ state: items.state, n: count(), oldestReceivedAt: min(items.receivedAt), oldestStateChangeAt: min(items.stateChangedAt) })
    .from(items)
    .where(eq(items.tenantId, tenantId))
    .groupBy(items.state);
  return rows.map((r) => ({ state: r.state, count: Number(r.n), oldestReceivedAt: new Date(r.oldestReceivedAt!), oldestStateChangeAt: new Date(r.oldestStateChangeAt!) }));
}
