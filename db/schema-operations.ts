// Drizzle schema, operations tables: alerts for people to hear about and the append-only configuration
// audit. Part of db/schema.ts.
import { bigint, index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, items, tenantId } from './schema-core.js';

/**
 * Things a person must hear about (failed shipments, missing receipts). `key` makes raising the same
 * alert twice one row; `mailed_at` is set when the batch mail that carried it was accepted by SMTP.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: tenantId(),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    itemId: uuid('item_id').references(() => items.id, { onDelete: 'set null' }),
    message: text('message').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    mailedAt: timestamp('mailed_at', { withTimezone: true }),
  },
  (t) => [unique('alerts_key_uq').on(t.tenantId, t.key), index('alerts_pending_idx').on(t.tenantId, t.mailedAt)],
);

/**
 * Append-only audit of configuration: who changed what and when, with the state before and after and a
 * summary of the difference. Rows are only ever inserted.
 */
export const configAudit = pgTable(
  'config_audit',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: tenantId(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    /** e.g. `rule_set.draft_created`, `rule_set.draft_updated`, `rule_set.published`, `rule_set.rolled_back` */
    action: text('action').notNull(),
    /** What was changed, e.g. the rule set version. */
    subject: text('subject').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    diff: jsonb('diff').$type<Record<string, unknown>>(),
  },
  (t) => [index('config_audit_tenant_idx').on(t.tenantId, t.id)],
);
