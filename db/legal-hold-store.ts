// Legal holds, bound to one tenant: an item under hold (a complaint, a court case, an inspection) is never
// touched by the retention purge (db/retention-purge.ts) until the hold is lifted. Placing and lifting each
// write one config_audit line (`legal_hold.placed` / `legal_hold.lifted`, subject = the item id) in the same
// transaction. The reason and the actor are free text chosen by a person: they pass the one CPR masker
// before they are stored, so neither the hold nor its audit line carries a CPR number.
import { and, desc, eq } from 'drizzle-orm';
import { maskCprFully } from '../classifiers/entities/cpr.js';
import type { Db } from './connect.js';
import { isItemId } from './item-store.js';
import { configAudit, items, legalHolds } from './schema.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export interface LegalHold {
  itemId: string;
  reason: string;
  placedBy: string;
  placedAt: Date;
}

export type PlaceResult = { outcome: 'placed' | 'already_held'; hold: LegalHold } | { outcome: 'not_found' };
export type LiftResult = { outcome: 'lifted'; hold: LegalHold } | { outcome: 'not_held' | 'not_found' };

export interface LegalHoldStore {
  readonly tenantId: string;
  place(itemId: string, input: { reason: string; by: string }): Promise<PlaceResult>;
  lift(itemId: string, input: { by: string }): Promise<LiftResult>;
  /** Holds of this tenant, newest first. */
  list(limit?: number): Promise<LegalHold[]>;
  find(itemId: string): Promise<LegalHold | undefined>;
}

const MAX_TEXT = 500;
const clean = (text: string): string => maskCprFully(text.trim()).slice(0, MAX_TEXT);

const columns = { itemId: legalHolds.itemId, reason: legalHolds.reason, placedBy: legalHolds.placedBy, placedAt: legalHolds.placedAt };

export function createLegalHoldStore(db: Db, scope: TenantScope): LegalHoldStore {
  const tenantId = boundTenant(scope);
  const ofTenant = (itemId: string) => and(eq(legalHolds.tenantId, tenantId), eq(legalHolds.itemId, itemId));

  async function find(itemId: string): Promise<LegalHold | undefined> {
    if (!isItemId(itemId)) return undefined;
    const [row] = await db.select(columns).from(legalHolds).where(ofTenant(itemId)).limit(1);
    return row;
  }

  return {
    tenantId,
    find,
    async place(itemId, input) {
      const reason = clean(input.reason);
      const by = clean(input.by);
      if (!reason) throw new RangeError('a legal hold needs a reason');
      if (!by) throw new RangeError('a legal hold needs the name of who placed it');
      if (!isItemId(itemId)) return { outcome: 'not_found' };
      return db.transaction(async (tx) => {
        // Locks the item (KEY SHARE through the hold's foreign key would do too): a purge step running now
        // finishes first, and one starting after this commits sees the hold.
        const [item] = await tx.select({ id: items.id }).from(items).where(and(eq(items.id, itemId), eq(items.tenantId, tenantId))).for('share');
        if (!item) return { outcome: 'not_found' } as const;
        const [inserted] = await tx.insert(legalHolds).values({ tenantId, itemId, reason, placedBy: by }).onConflictDoNothing().returning(columns);
        if (!inserted) {
          const [existing] = await tx.select(columns).from(legalHolds).where(ofTenant(itemId)).limit(1);
          return { outcome: 'already_held', hold: existing! } as const;
        }
        await tx.insert(configAudit).values({ tenantId, actor: by, action: 'legal_hold.placed', subject: itemId, before: null, after: { reason, placedBy: by } });
        return { outcome: 'placed', hold: inserted } as const;
      });
    },
    async lift(itemId, input) {
      const by = clean(input.by);
      if (!by) throw new RangeError('lifting a legal hold needs the name of who lifts it');
      if (!isItemId(itemId)) return { outcome: 'not_found' };
      return db.transaction(async (tx) => {
        const [item] = await tx.select({ id: items.id }).from(items).where(and(eq(items.id, itemId), eq(items.tenantId, tenantId)));
        if (!item) return { outcome: 'not_found' } as const;
        const [removed] = await tx.delete(legalHolds).where(ofTenant(itemId)).returning(columns);
        if (!removed) return { outcome: 'not_held' } as const;
        await tx.insert(configAudit).values({
          tenantId,
          actor: by,
          action: 'legal_hold.lifted',
          subject: itemId,
          before: { reason: removed.reason, placedBy: removed.placedBy, placedAt: removed.placedAt.toISOString() },
          after: null,
        });
        return { outcome: 'lifted', hold: removed } as const;
      });
    },
    async list(limit = 1000) {
      return db.select(columns).from(legalHolds).where(eq(legalHolds.tenantId, tenantId)).orderBy(desc(legalHolds.placedAt), desc(legalHolds.id)).limit(limit);
    },
  };
}
