// Labelled examples from the municipality's ESDH history (`fordeler learn import`), on PostgreSQL/PGlite.
// They are no items of ours: only what learning needs is kept — the features, the emne, the destination,
// the sender keys and when — never the text (data protection). Bound to one tenant like every store:
// nothing is read or written across municipalities, and an export's id is unique per tenant, so importing
// the same file twice adds nothing.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from './connect.js';
import { importedExamples } from './schema.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export interface ImportedExample {
  /** The export's id for the record, or a hash of the row. */
  externalId: string;
  kleNr: string;
  destination: string | null;
  senderKeys: string[];
  /** classifiers/learned/features.ts featuresOf(): stems and word pieces with their values. */
  features: ReadonlyMap<string, number>;
  occurredAt: Date | null;
  /** The export file's name (no folder). */
  sourceFile: string;
}

export interface StoredImportedExample {
  externalId: string;
  kleNr: string;
  features: Map<string, number>;
}

/** Rows written per statement: bounds the statement's size on a large export. */
const BATCH = 200;

export function createImportedExamplesStore(db: Db, scope: TenantScope) {
  const tenantId = boundTenant(scope);
  return {
    tenantId,

    /** Which of these external ids this tenant already has. */
    async existing(externalIds: readonly string[]): Promise<Set<string>> {
      const found = new Set<string>();
      for (let i = 0; i < externalIds.length; i += BATCH) {
        const ids = externalIds.slice(i, i + BATCH);
        const rows = await db
          .select({ externalId: importedExamples.externalId })
          .from(importedExamples)
          .where(and(eq(importedExamples.tenantId, tenantId), inArray(importedExamples.externalId, ids)));
        for (const row of rows) found.add(row.externalId);
      }
      return found;
    },

    /** Stores the examples this tenant does not have yet; returns the external ids actually added. */
    async add(examples: readonly ImportedExample[]): Promise<Set<string>> {
      const added = new Set<string>();
      await db.transaction(async (tx) => {
        for (let i = 0; i < examples.length; i += BATCH) {
          const rows = examples.slice(i, i + BATCH).map((e) => ({
            tenantId,
            externalId: e.externalId,
            kleNr: e.kleNr,
            destination: e.destination,
            senderKeys: e.senderKeys,
            features: Object.fromEntries(e.features),
            occurredAt: e.occurredAt,
            sourceFile: e.sourceFile,
          }));
          if (rows.length === 0) continue;
          const inserted = await tx
            .insert(importedExamples)
            .values(rows)
            .onConflictDoNothing({ target: [importedExamples.tenantId, importedExamples.externalId] })
            .returning({ externalId: importedExamples.externalId });
          for (const row of inserted) added.add(row.externalId);
        }
      });
      return added;
    },

    /** Every example of the tenant, oldest first (when known), then in import order: deterministic training. */
    async trainingExamples(): Promise<StoredImportedExample[]> {
      const rows = await db
        .select({ externalId: importedExamples.externalId, kleNr: importedExamples.kleNr, features: importedExamples.features })
        .from(importedExamples)
        .where(eq(importedExamples.tenantId, tenantId))
        .orderBy(sql`${importedExamples.occurredAt} asc nulls first`, importedExamples.id);
      return rows.map((row) => ({ externalId: row.externalId, kleNr: row.kleNr, features: new Map(Object.entries(FeaturesSchema.parse(row.features))) }));
    },

    async count(): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)` }).from(importedExamples).where(eq(importedExamples.tenantId, tenantId));
      return Number(row?.n ?? 0);
    },

    /** Sender key → emne → number of imported examples (the same shape as the confirmations' history). */
    async senderHistory(): Promise<Map<string, Map<string, number>>> {
      const result = await db.execute(
        sql`select k as key, kle_nr as kle, count(*) as n from ${importedExamples}, unnest(${importedExamples.senderKeys}) as k where ${importedExamples.tenantId} = ${tenantId} group by k, kle_nr`,
      );
      const out = new Map<string, Map<string, number>>();
      for (const row of countRows(result)) {
        const inner = out.get(row.key) ?? new Map<string, number>();
        inner.set(row.kle, row.n);
        out.set(row.key, inner);
      }
      return out;
    },
  };
}

export type ImportedExamplesStore = ReturnType<typeof createImportedExamplesStore>;

const FeaturesSchema = z.record(z.string(), z.number());
const CountRowSchema = z.object({ key: z.string(), kle: z.string(), n: z.coerce.number() });

/** node-postgres returns `{ rows }`, PGlite the rows' holder too; both shapes are read and checked here. */
function countRows(result: unknown): z.infer<typeof CountRowSchema>[] {
  const rows: unknown = Array.isArray(result) ? result : z.object({ rows: z.array(z.unknown()).default([]) }).parse(result).rows;
  return z.array(CountRowSchema).parse(rows);
}
