// Drizzle schema, outbound events: each configured webhook subscriber reads item events (item_events, the
// transactional record of every state change) after its cursor; a delivery row per event and subscriber
// carries the attempts, so delivery is at-least-once and survives restarts. PostgreSQL stays the truth.
import { bigint, index, integer, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { tenantId } from './schema-core.js';

/** How far each subscriber's deliveries have been planned: the last item_events.id turned into deliveries. */
export const webhookCursors = pgTable(
  'webhook_cursors',
  {
    tenantId: tenantId(),
    subscriber: text('subscriber').notNull(),
    lastEventId: bigint('last_event_id', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.subscriber] })],
);

/** One event to one subscriber: pending until a 2xx answer (delivered) or the last attempt (dead). */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: tenantId(),
    subscriber: text('subscriber').notNull(),
    /** item_events.id; with the subscriber, the idempotency key the receiver sees (no FK: events may be purged). */
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    /** The JSON body as first built, so a retry sends the same bytes and signature input. */
    payload: text('payload').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [unique('webhook_deliveries_event_uq').on(t.tenantId, t.subscriber, t.eventId), index('webhook_deliveries_due_idx').on(t.tenantId, t.status, t.nextAttemptAt)],
);
