// What the classifier learns from, on PostgreSQL/PGlite: confirmed KLE numbers per item (with the
// sender keys and case numbers it carried), the learned model's versions, and the aggregates the
// classifier reads at start-up — sender history and the case index. Bound to one tenant: an item of
// another municipality cannot be confirmed (ItemNotFoundError, nothing written), and nothing is read across.
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ExtractedContent } from '../core/model.js';
import type { Db } from './connect.js';
import { isItemId, ItemNotFoundError } from './item-store.js';
import { classifierModels, confirmations, items } from './schema.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export type ConfirmationSource = 'redistribution' | 'accepted_receipt' | 'manual';

export interface Confirmation {
  itemId: string;
  /** null: only the destination is known (a folder move); an earlier confirmed emne is then kept. */
  kleNr: string | null;
  /** Where the item belongs, when a person chose it or the receiver accepted it; an earlier one is kept when absent. */
  destination?: string | null;
  source: ConfirmationSource;
  confirmedBy?: string;
  senderKeys: string[];
  caseNumbers: string[];
  at?: Date;
}

export interface TrainingExample {
  itemId: string;
  kleNr: string;
  content: ExtractedContent;
}

export interface StoredModel {
  id: number;
  examples: number;
  checksum: string;
  model: string;
  createdAt: Date;
}

export function createLearningStore(db: Db, scope: TenantScope) {
  const tenantId = boundTenant(scope);
  return {
    tenantId,

    /** Records (or replaces) what an item of this tenant was confirmed as. */
    async confirm(c: Confirmation): Promise<void> {
      if (!isItemId(c.itemId)) throw new ItemNotFoundError(c.itemId);
      const row = {
        tenantId,
        kleNr: c.kleNr,
        destination: c.destination ?? null,
        source: c.source,
        confirmedBy: c.confirmedBy ?? null,
        confirmedAt: c.at ?? new Date(),
        senderKeys: c.senderKeys,
        caseNumbers: c.caseNumbers,
      };
      await db.transaction(async (tx) => {
        // The item must be this tenant's; the lock keeps it so until the confirmation is written.
        const [item] = await tx.select({ id: items.id }).from(items).where(and(eq(items.id, c.itemId), eq(items.tenantId, tenantId))).for('share');
        if (!item) throw new ItemNotFoundError(c.itemId);
        await tx
          .insert(confirmations)
          .values({ itemId: c.itemId, ...row })
          .onConflictDoUpdate({
            target: confirmations.itemId,
            // A confirmation that names only one of emne and destination keeps the other from before.
            set: { ...row, kleNr: sql`coalesce(excluded.kle_nr, ${confirmations.kleNr})`, destination: sql`coalesce(excluded.destination, ${confirmations.destination})` },
            setWhere: eq(confirmations.tenantId, tenantId),
          });
      });
    },

    /** Confirmed items with their stored content, oldest first (deterministic training order). */
    async trainingExamples(): Promise<TrainingExample[]> {
      const rows = await db
        .select({ itemId: confirmations.itemId, kleNr: confirmations.kleNr, content: items.extracted })
        .from(confirmations)
        .innerJoin(items, and(eq(items.id, confirmations.itemId), eq(items.tenantId, tenantId)))
        .where(and(eq(confirmations.tenantId, tenantId), isNotNull(confirmations.kleNr), isNotNull(items.extracted)))
        .orderBy(confirmations.confirmedAt, confirmations.itemId);
      return rows.flatMap((r) => (r.content && r.kleNr ? [{ itemId: r.itemId, kleNr: r.kleNr, content: r.content }] : []));
    },

    async saveModel(model: { examples: number; checksum: string; serialized: string }): Promise<number> {
      const [row] = await db
        .insert(classifierModels)
        .values({ tenantId, examples: model.examples, checksum: model.checksum, model: model.serialized })
        .returning({ id: classifierModels.id });
      if (!row) throw new Error('the model version was not stored');
      return row.id;
    },

    async latestModel(): Promise<StoredModel | undefined> {
      const [row] = await db.select().from(classifierModels).where(eq(classifierModels.tenantId, tenantId)).orderBy(desc(classifierModels.id)).limit(1);
      return row ? { id: row.id, examples: row.examples, checksum: row.checksum, model: row.model, createdAt: row.createdAt } : undefined;
    },

    /** The newest model version's id, without its (large) body: a cheap "has anything been learned?". */
    async latestModelId(): Promise<number | null> {
      const [row] = await db.select({ id: classifierModels.id }).from(classifierModels).where(eq(classifierModels.tenantId, tenantId)).orderBy(desc(classifierModels.id)).limit(1);
      return row?.id ?? null;
    },

    /** Sender key → emne → number of confirmed items. */
    async senderHistory(): Promise<Map<string, Map<string, number>>> {
      const rows = await db.execute(
        sql`select k as key, kle_nr as kle, count(*) as n from ${confirmations}, unnest(${confirmations.senderKeys}) as k where ${confirmations.tenantId} = ${tenantId} and kle_nr is not null group by k, kle_nr`,
      );
      return nest(countRows(rows).map((r) => [r.key, r.kle, r.n]));
    },

    /** Case number → the emne items quoting it were confirmed as (the most frequent). */
    async caseIndex(): Promise<Map<string, string>> {
      const rows = await db.execute(
        sql`select c as key, kle_nr as kle, count(*) as n from ${confirmations}, unnest(${confirmations.caseNumbers}) as c where ${confirmations.tenantId} = ${tenantId} and kle_nr is not null group by c, kle_nr`,
      );
      const index = new Map<string, string>();
      for (const [key, counts] of nest(countRows(rows).map((r) => [r.key, r.kle, r.n]))) {
        const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
        if (best) index.set(key, best[0]);
      }
      return index;
    },
  };
}

export type LearningStore = ReturnType<typeof createLearningStore>;

const CountRowSchema = z.object({ key: z.string(), kle: z.string(), n: z.coerce.number() });

/** node-postgres returns `{ rows }`, PGlite the rows' holder too; both shapes are read and checked here. */
function countRows(result: unknown): z.infer<typeof CountRowSchema>[] {
  const rows: unknown = Array.isArray(result) ? result : z.object({ rows: z.array(z.unknown()).default([]) }).parse(result).rows;
  return z.array(CountRowSchema).parse(rows);
}

function nest(rows: [string, string, number][]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const [key, kle, n] of rows) {
    const inner = out.get(key) ?? new Map<string, number>();
    inner.set(kle, n);
    out.set(key, inner);
  }
  return out;
}
