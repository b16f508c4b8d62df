// Drizzle schema, core tables: items and their events, blobs, decisions, rule sets, deliveries,
// re-distributions and the rest mailbox. db/schema.ts gathers this and the other parts; migrations are
// generated from it and must run on PostgreSQL 15 as well as PGlite.
// Every table carries tenant_id now so multi-tenancy needs no data migration later.
import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ITEM_STATES } from '../core/lifecycle.js';
import type { ExtractedContent, Reason } from '../core/model.js';

export const channelEnum = pgEnum('channel', ['email', 'digitalpost', 'scan']);
// The states are the lifecycle's (core/lifecycle.ts), in the order the enum was created with.
export const itemStateEnum = pgEnum('item_state', ITEM_STATES);
export const stageEnum = pgEnum('stage', ['ingest', 'extract', 'classify', 'route', 'deliver', 'park', 'receipt']);
export const attachmentRoleEnum = pgEnum('attachment_role', ['source', 'sidecar', 'attachment']);
export const textSourceEnum = pgEnum('text_source', ['plain', 'html', 'text-layer', 'ocr', 'none']);
export const ruleSetStatusEnum = pgEnum('rule_set_status', ['draft', 'published', 'retired']);
export const destinationKindEnum = pgEnum('destination_kind', ['overdragelse', 'imap-folder', 'smtp', 'rest']);

export const tenantId = () => text('tenant_id').notNull().default('default');
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const items = pgTable(
  'items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantId(),
    channel: channelEnum('channel').notNull(),
    state: itemStateEnum('state').notNull().default('received'),
    source: text('source').notNull(),
    fileName: text('file_name').notNull(),
    contentSha256: text('content_sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sidecarSha256: text('sidecar_sha256'),
    /** The e-mail's Message-ID (or MeMo messageUUID): a second copy from the same source is a duplicate. */
    messageId: text('message_id'),
    subject: text('subject'),
    kleNr: text('kle_nr'),
    kleConfidence: real('kle_confidence'),
    destination: text('destination'),
    /** Special-category topics (children, health, criminal) found by classify: access rules and UI take care. */
    sensitive: text('sensitive').array().notNull().default(sql`'{}'::text[]`),
    error: jsonb('error').$type<Reason>(),
    /** The extract stage's result without bytes; Dates inside come back as strings. */
    extracted: jsonb('extracted').$type<ExtractedContent>(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    stateChangedAt: timestamp('state_changed_at', { withTimezone: true }).notNull().defaultNow(),
    /** Delivery round: 1 for the first routing, one more per re-distribution; decisions belong to a round. */
    round: integer('round').notNull().default(1),
  },
  (t) => [
    // Idempotent ingest: the same bytes from the same source are one item.
    unique('items_tenant_content_source_uq').on(t.tenantId, t.contentSha256, t.source),
    uniqueIndex('items_tenant_source_message_uq').on(t.tenantId, t.source, t.messageId).where(sql`${t.messageId} is not null`),
    // Lists, statistics and the reconciler ("stuck in state X since …").
    index('items_tenant_state_changed_idx').on(t.tenantId, t.state, t.stateChangedAt),
  ],
);

/** Append-only track & trace: one row per thing that happened to an item. */
export const itemEvents = pgTable(
  'item_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    tenantId: tenantId(),
    stage: stageEnum('stage').notNull(),
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    data: jsonb('data').$type<Record<string, unknown>>(),
    /** Makes an event idempotent: a repeated job writing the same keyed event adds no row. */
    key: text('key'),
  },
  (t) => [
    index('item_events_item_idx').on(t.itemId, t.id),
    uniqueIndex('item_events_item_key_uq').on(t.itemId, t.key).where(sql`${t.key} is not null`),
  ],
);

/** Content-addressed blobs known to the database; the bytes live in the blob store. */
export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  mimeType: text('mime_type'),
  createdAt: createdAt(),
});

export const attachments = pgTable(
  'attachments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    tenantId: tenantId(),
    role: attachmentRoleEnum('role').notNull(),
    name: text('name').notNull(),
    mimeType: text('mime_type'),
    /** Null when the attachment's bytes were not kept as a blob (e.g. an inline text part). */
    blobSha256: text('blob_sha256').references(() => blobs.sha256),
    textSource: textSourceEnum('text_source'),
    size: bigint('size', { mode: 'number' }).notNull(),
  },
  (t) => [index('attachments_item_idx').on(t.itemId, t.id), index('attachments_blob_idx').on(t.blobSha256)],
);

/**
 * One row per stage decision and delivery round, with the reasons and the rule (set) that made it. A stage
 * that decides again in the same round replaces its row; the events keep the history.
 */
export const decisions = pgTable(
  'decisions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    tenantId: tenantId(),
    stage: stageEnum('stage').notNull(),
    createdAt: createdAt(),
    outcome: jsonb('outcome').$type<Record<string, unknown>>().notNull(),
    reasons: jsonb('reasons').$type<Reason[]>().notNull(),
    ruleSetVersion: text('rule_set_version'),
    ruleId: text('rule_id'),
    round: integer('round').notNull().default(1),
  },
  (t) => [index('decisions_item_idx').on(t.itemId, t.id), unique('decisions_item_stage_round_uq').on(t.itemId, t.stage, t.round)],
);

export const ruleSets = pgTable(
  'rule_sets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantId(),
    version: text('version').notNull(),
    name: text('name').notNull(),
    status: ruleSetStatusEnum('status').notNull().default('draft'),
    body: jsonb('body').notNull(),
    createdAt: createdAt(),
    createdBy: text('created_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    unique('rule_sets_tenant_version_uq').on(t.tenantId, t.version),
    // Routing must be unambiguous: publish a new version and retire the old one in one transaction.
    uniqueIndex('rule_sets_one_published_uq').on(t.tenantId).where(sql`${t.status} = 'published'`),
  ],
);

export const destinations = pgTable(
  'destinations',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    kind: destinationKindEnum('kind').notNull(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/**
 * How far a source has been read: for an IMAP mailbox its UIDVALIDITY and the highest UID stored.
 * Advanced only after the messages up to `last_uid` are stored as items.
 */
export const sourceCheckpoints = pgTable(
  'source_checkpoints',
  {
    tenantId: tenantId(),
    source: text('source').notNull(),
    uidValidity: text('uid_validity').notNull(),
    lastUid: bigint('last_uid', { mode: 'number' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.source] })],
);

export const deliveryStatusEnum = pgEnum('delivery_status', ['pending', 'sent']);

/**
 * Handovers of an item, one row per round: round 1 is the first routing, each re-distribution starts the
 * next. The row and its transaction id (SF2900's AnvenderTransaktionsID) are written before the receiver
 * is called, so a retry sends the same id and the receiver can drop the repeat.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    round: bigint('round', { mode: 'number' }).notNull().default(1),
    tenantId: tenantId(),
    destination: text('destination').notNull(),
    transactionId: uuid('transaction_id').notNull().defaultRandom(),
    status: deliveryStatusEnum('status').notNull().default('pending'),
    attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    receipt: jsonb('receipt').$type<Record<string, unknown>>(),
    /** Set when the missing-receipt alert for this handover was raised, so it is raised once. */
    receiptAlertedAt: timestamp('receipt_alerted_at', { withTimezone: true }),
  },
  (t) => [unique('deliveries_transaction_uq').on(t.transactionId), unique('deliveries_item_round_uq').on(t.itemId, t.round)],
);

/**
 * A person placed an item: who, when, from which destination (none when it was parked) to which, and
 * through what (CLI, API, a folder move in the IMAP rest mailbox). `source_ref` makes a repeated
 * report of the same action (a folder move seen twice after a crash) one row.
 */
export const redistributions = pgTable(
  'redistributions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: tenantId(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    fromDestination: text('from_destination'),
    toDestination: text('to_destination').notNull(),
    /** The KLE emne the re-distribution confirmed, when the destination's rules say which one. */
    kleNr: text('kle_nr'),
    by: text('by').notNull(),
    via: text('via').notNull(),
    sourceRef: text('source_ref'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('redistributions_source_ref_uq').on(t.sourceRef), index('redistributions_item_idx').on(t.itemId, t.at)],
);

/**
 * A parked item appended to the IMAP rest folder, once per delivery round (a rejected item comes back
 * for the round it was rejected in). The Message-ID lets a retry find an append that was not recorded.
 */
export const restPostings = pgTable(
  'rest_postings',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    round: bigint('round', { mode: 'number' }).notNull(),
    tenantId: tenantId(),
    mailbox: text('mailbox').notNull(),
    messageId: text('message_id').notNull(),
    postedAt: timestamp('posted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.round] })],
);
