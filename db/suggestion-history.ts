// The history rule suggestions learn from: items whose KLE staff confirmed (re-distributions, placed
// parked post, accepted receipts), with where the rules sent them and the traits a rule could use.
// One tenant's confirmations of its own items only.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Router } from '../core/ports.js';
import type { HistoryItem } from '../rules/suggest.js';
import type { Db } from './connect.js';
import { confirmations, items } from './schema.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

const ROUTED_STATES = new Set(['routed', 'delivered', 'accepted', 'rejected']);

export async function suggestionHistory(db: Db, scope: TenantScope, router: Pick<Router, 'destinationForKle'>): Promise<HistoryItem[]> {
  const tenantId = boundTenant(scope);
  const rows = await db
    .select({ itemId: items.id, kle: confirmations.kleNr, state: items.state, destination: items.destination, subject: items.subject, content: items.extracted })
    .from(confirmations)
    .innerJoin(items, and(eq(items.id, confirmations.itemId), eq(items.tenantId, tenantId)))
    .where(and(eq(confirmations.tenantId, tenantId), isNotNull(confirmations.kleNr)))
    .orderBy(confirmations.confirmedAt, items.id);
  return rows.flatMap((row) => {
    if (row.kle === null) return [];
    // Where the confirmed KLE belongs under the current rules; no KLE route means the rest mailbox: no rule to suggest.
    const belongs = router.destinationForKle(row.kle).destination;
    if (!belongs) return [];
    const sender = row.content?.sender ?? {};
    const email = sender.email ?? (sender.idType === 'EMAIL' ? sender.id : undefined);
    return [{
      itemId: row.itemId,
      destination: belongs,
      routedTo: ROUTED_STATES.has(row.state) ? row.destination : null,
      senderDomain: email?.includes('@') ? email.split('@')[1]!.toLowerCase() : null,
      senderCvr: sender.idType === 'CVR' && sender.id ? sender.id.replace(/\D/g, '') : null,
      kle: row.kle,
      subject: row.subject,
    }];
  });
}
