// Drizzle schema, access tables: who is logged in (sessions) and who read what (the access log). Both
// outlive the items they mention — an erased item's access-log lines stay until their own retention — so
// neither references items by foreign key.
import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantId } from './schema-core.js';

/**
 * Logged-in browser sessions. The cookie carries a random id; only its SHA-256 is stored, so a copy of the
 * table logs no one in. `principal` is the api/principal.ts Principal as it was at login.
 */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    tenantId: tenantId(),
    subject: text('subject').notNull(),
    principal: jsonb('principal').$type<Record<string, unknown>>().notNull(),
    /** Per-session secret for CSRF tokens. */
    csrfSecret: text('csrf_secret').notNull(),
    /** For RP-initiated logout at the identity provider (id_token_hint); null for local logins. */
    idToken: text('id_token'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_expiry_idx').on(t.expiresAt), index('sessions_subject_idx').on(t.tenantId, t.subject)],
);

/**
 * Every read of item content, extracted text, an original file or an export: who, when, which item, what
 * was shown, and the purpose when given. Append-only (a trigger refuses UPDATE); rows leave only by the
 * retention purge. Never a CPR number or a body: `shown` names parts ('metadata', 'text', 'original', …).
 */
export const accessLog = pgTable(
  'access_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: tenantId(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** The principal's subject and display name at the time. */
    actor: text('actor').notNull(),
    actorName: text('actor_name').notNull(),
    via: text('via').notNull(),
    /** e.g. `item.read`, `item.text`, `item.original`, `item.export`, `item.cpr_revealed`. */
    action: text('action').notNull(),
    itemId: uuid('item_id'),
    shown: text('shown').array().notNull(),
    purpose: text('purpose'),
    /** The request id, to tie a line to the API call. */
    requestId: text('request_id'),
  },
  (t) => [index('access_log_tenant_at_idx').on(t.tenantId, t.at), index('access_log_item_idx').on(t.tenantId, t.itemId), index('access_log_actor_idx').on(t.tenantId, t.actor, t.at)],
);
