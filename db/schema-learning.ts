// Drizzle schema, learning tables: what the classifier and the routing safety learn from — confirmed
// decisions on the municipality's own items (KLE and, when known, the destination), examples imported from
// an ESDH export before go-live (`fordeler learn import`), and the learned model's versions.
import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, items, tenantId } from './schema-core.js';

export const confirmationSourceEnum = pgEnum('confirmation_source', ['redistribution', 'accepted_receipt', 'manual']);

/**
 * What a person (or a receiver's accepted receipt) confirmed an item's KLE to be: the labelled examples
 * the learned model, the sender history and the case index learn from. One row per item: the latest word.
 */
export const confirmations = pgTable(
  'confirmations',
  {
    itemId: uuid('item_id')
      .primaryKey()
      .references(() => items.id, { onDelete: 'cascade' }),
    tenantId: tenantId(),
    /** The confirmed emne; null when a person only chose where the item belongs (a folder move names no emne). */
    kleNr: text('kle_nr'),
    /** The destination the item belongs to (chosen by staff or accepted by the receiver); null when only the KLE is known. */
    destination: text('destination'),
    source: confirmationSourceEnum('source').notNull(),
    confirmedBy: text('confirmed_by'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }).notNull().defaultNow(),
    /** `cvr:…`, `email:…`, `domain:…` keys of the sender (classifiers/sender-history.ts). */
    senderKeys: text('sender_keys').array().notNull().default(sql`'{}'::text[]`),
    /** Case numbers the item quoted; a later reply quoting one may inherit this KLE. */
    caseNumbers: text('case_numbers').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [index('confirmations_tenant_idx').on(t.tenantId, t.confirmedAt)],
);

/** Versions of the learned KLE model per tenant; the newest is used. */
export const classifierModels = pgTable(
  'classifier_models',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: tenantId(),
    createdAt: createdAt(),
    examples: bigint('examples', { mode: 'number' }).notNull(),
    checksum: text('checksum').notNull(),
    /** classifiers/learned/model.ts serialize(): JSON text, kept byte-exact. */
    model: text('model').notNull(),
  },
  (t) => [index('classifier_models_tenant_idx').on(t.tenantId, t.id)],
);

/**
 * Labelled examples from the municipality's ESDH history (`fordeler learn import`): no item of ours, so
 * they teach the learned model and the sender history but are never shown as post. Only what learning needs
 * is kept — the example's features (stems and word pieces, classifiers/learned/features.ts), never its text.
 */
export const importedExamples = pgTable(
  'imported_examples',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: tenantId(),
    /** The export's own id for the record (or a hash of it), so importing a file twice adds nothing. */
    externalId: text('external_id').notNull(),
    kleNr: text('kle_nr').notNull(),
    destination: text('destination'),
    senderKeys: text('sender_keys').array().notNull().default(sql`'{}'::text[]`),
    features: jsonb('features').$type<Record<string, number>>().notNull(),
    /** When the case document was received, as the export says; null when it does not. */
    occurredAt: timestamp('occurred_at', { withTimezone: true }),
    /** The file it came from (name only), for the import report. */
    sourceFile: text('source_file').notNull(),
    importedAt: createdAt(),
  },
  (t) => [unique('imported_examples_external_uq').on(t.tenantId, t.externalId), index('imported_examples_tenant_idx').on(t.tenantId, t.occurredAt)],
);
