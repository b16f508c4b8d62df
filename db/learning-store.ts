// What the classifier learns from, on PostgreSQL/PGlite: confirmed KLE numbers per item (with the
// sender keys and case numbers it carried), the learned model's versions, and the aggregates the
// classifier reads at start-up — sender history and the case index.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { ExtractedContent } from '../core/model.js';
import type { Db } from './connect.js';
import { isItemId, ItemNotFoundError } from './item-store.js';
import { classifierModels, confirmations, items } from './schema.js';

export type ConfirmationSource = 'redistribution' | 'accepted_receipt' | 'manual';

export interface Confirmation {
  itemId: string;
  kleNr: string;
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

export function createLearningStore(db: Db) {
  return {
    /** Records (or replaces) what an item was confirmed as. */
    async confirm(c: Confirmation): Promise<void> {
      if (!isItemId(c.itemId)) throw new ItemNotFoundError(c.itemId);
      const [item] = await db.select({ tenantId: items.tenantId }).from(items).where(eq(items.id, c.itemId));
      if (!item) throw new ItemNotFoundError(c.itemId);
      const row = {
        tenantId: item.tenantId,
        kleNr: c.kleNr,
        source: c.source,
        confirmedBy: c.confirmedBy ?? null,
        confirmedAt: c.at ?? new Date(),
        senderKeys: c.senderKeys,
        caseNumbers: c.caseNumbers,
      };
      await db.insert(confirmations).values({ itemId: c.itemId, ...row }).onConflictDoUpdate({ target: confirmations.itemId, set: row });
    },

    /** Confirmed items with their stored content, oldest first (deterministic training order). */
    async trainingExamples(tenantId: string): Promise<TrainingExample[]> {
      const rows = await db
        .select({ itemId: confirmations.itemId, kleNr: confirmations.kleNr, content: items.extracted })
        .from(confirmations)
        .innerJoin(items, eq(items.id, confirmations.itemId))
        .where(and(eq(confirmations.tenantId, tenantId), sql`${items.extracted} is not null`))
        .orderBy(confirmations.confirmedAt, confirmations.itemId);
      return rows.map((r) => ({ itemId: r.itemId, kleNr: r.kleNr, content: r.content! }));
    },

    async saveModel(tenantId: string, model: { examples: number; checksum: string; serialized: string }): Promise<number> {
      const [row] = await db
        .insert(classifierModels)
        .values({ tenantId, examples: model.examples, checksum: model.checksum, model: model.serialized })
        .returning({ id: classifierModels.id });
      return row!.id;
    },

    async latestModel(tenantId: string): Promise<StoredModel | undefined> {
      const [row] = await db.select().from(classifierModels).where(eq(classifierModels.tenantId, tenantId)).orderBy(desc(classifierModels.id)).limit(1);
      return row ? { id: row.id, examples: row.examples, checksum: row.checksum, model: row.model, createdAt: row.createdAt } : undefined;
    },

    /** The newest model version's id, without its (large) body: a cheap "has anything been learned?". */
    async latestModelId(tenantId: string): Promise<number | null> {
      const [row] = await db.select({ id: classifierModels.id }).from(classifierModels).where(eq(classifierModels.tenantId, tenantId)).orderBy(desc(classifierModels.id)).limit(1);
      return row?.id ?? null;
    },

    /** Sender key → emne → number of confirmed items. */
    async senderHistory(tenantId: string): Promise<Map<string, Map<string, number>>> {
      const rows = await db.execute(
        sql`select k as key, kle_nr as kle, count(*) as n from ${confirmations}, unnest(${confirmations.senderKeys}) as k where ${confirmations.tenantId} = ${tenantId} group by k, kle_nr`,
      );
      return nest(resultRows<CountRow>(rows).map((r) => [r.key, r.kle, Number(r.n)]));
    },

    /** Case number → the emne items quoting it were confirmed as (the most frequent). */
    async caseIndex(tenantId: string): Promise<Map<string, string>> {
      const rows = await db.execute(
        sql`select c as key, kle_nr as kle, count(*) as n from ${confirmations}, unnest(${confirmations.caseNumbers}) as c where ${confirmations.tenantId} = ${tenantId} group by c, kle_nr`,
      );
      const index = new Map<string, string>();
      for (const [key, counts] of nest(resultRows<CountRow>(rows).map((r) => [r.key, r.kle, Number(r.n)]))) {
        const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
        if (best) index.set(key, best[0]);
      }
      return index;
    },
  };
}

export type LearningStore = ReturnType<typeof createLearningStore>;

interface CountRow {
  key: string;
  kle: string;
  n: number | string;
}

/** node-postgres returns `{ rows }`, PGlite returns the rows' holder too; both shapes are read here. */
function resultRows<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
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
