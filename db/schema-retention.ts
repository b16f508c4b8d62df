// Drizzle schema, data protection: legal holds (an item under hold is never purged by retention) and the
// record of erasures on request (GDPR art. 17). The erasure record says who erased how many items on
// which basis — never the CPR or CVR number asked about, so the record itself holds no trace of it.
import { bigint, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { items, tenantId } from './schema-core.js';

/** One row per item under legal hold; removing the row lifts the hold. */
export const legalHolds = pgTable(
  'legal_holds',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: tenantId(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    /** Why (a case number, a court order); free text chosen by the person, shown to administrators. */
    reason: text('reason').notNull(),
    placedBy: text('placed_by').notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('legal_holds_item_uq').on(t.tenantId, t.itemId)],
);

/** What an erasure on request did: basis kind, the actor, how many items, and the report (without the identifier). */
export const erasures = pgTable(
  'erasures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: tenantId(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    /** 'cpr', 'cvr' or 'item'. */
    basis: text('basis').notNull(),
    itemCount: integer('item_count').notNull(),
    /** Counts per table and kind, items kept because of a legal hold, and the request's reference if given. */
    report: jsonb('report').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('erasures_tenant_at_idx').on(t.tenantId, t.at)],
);
