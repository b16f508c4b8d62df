// Read side for track & trace and reports: an item's history, its attachments, and counts by state.
// Bound to one tenant like the ItemStore: every query joins the item row and filters by the tenant, so an
// item of another municipality has no events, decisions or attachments here — it is "not found".
import { and, asc, count, eq, lt } from 'drizzle-orm';
import { ITEM_STATES, type ItemState } from '../core/lifecycle.js';
import type { Item, Reason, TextSource } from '../core/model.js';
import type { ItemEvent, StoredDecision } from '../core/ports.js';
import type { Db } from './connect.js';
import { isItemId, toItem } from './item-store.js';
import { attachments, decisions, itemEvents, items } from './schema.js';
import { decisionColumns, toStoredDecision } from './stored-decision.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export { ITEM_STATES };
export type { StoredDecision };

export interface StoredAttachment {
  role: 'source' | 'sidecar' | 'attachment';
  name: string;
  mimeType: string | null;
  blobSha256: string | null;
  textSource: TextSource | null;
  size: number;
}

/** An item with the denormalised columns that lists and statistics show. */
export interface ItemSummary extends Item {
  subject: string | null;
  kleNr: string | null;
  kleConfidence: number | null;
  destination: string | null;
  sensitive: string[];
  error: Reason | null;
  updatedAt: Date;
  stateChangedAt: Date;
}

export interface ListItemsOptions {
  state?: ItemState;
  /** Only items whose state last changed before this moment (the reconciler's "stuck" items). */
  changedBefore?: Date;
  /** Default 100. */
  limit?: number;
}

export interface ItemQueries {
  readonly tenantId: string;
  /** The item with its list columns; undefined when it does not exist in this tenant. */
  findItem(itemId: string): Promise<ItemSummary | undefined>;
  /** Events in the order they were appended; empty for an item of another tenant. */
  listEvents(itemId: string): Promise<ItemEvent[]>;
  /** Decisions in the order they were saved, each parsed through its stage's schema. */
  listDecisions(itemId: string): Promise<StoredDecision[]>;
  /** The item's source, sidecar and extracted attachments in the order they were recorded. */
  listAttachments(itemId: string): Promise<StoredAttachment[]>;
  /** Every state, zero when no item is in it. */
  countByState(): Promise<Record<ItemState, number>>;
  /** Oldest state change first. */
  listItems(options?: ListItemsOptions): Promise<ItemSummary[]>;
}

export function emptyStateCounts(): Record<ItemState, number> {
  const counts: Partial<Record<ItemState, number>> = {};
  for (const state of ITEM_STATES) counts[state] = 0;
  return counts as Record<ItemState, number>;
}

function toSummary(row: typeof items.$inferSelect): ItemSummary {
  return {
    ...toItem(row),
    subject: row.subject,
    kleNr: row.kleNr,
    kleConfidence: row.kleConfidence,
    destination: row.destination,
    sensitive: row.sensitive,
    error: row.error,
    updatedAt: row.updatedAt,
    stateChangedAt: row.stateChangedAt,
  };
}

export function createItemQueries(db: Db, scope: TenantScope): ItemQueries {
  const tenantId = boundTenant(scope);
  /** The item row of this tenant: the condition every per-item query joins on. */
  const ownItem = (itemId: string) => and(eq(items.id, itemId), eq(items.tenantId, tenantId));

  async function findItem(itemId: string): Promise<ItemSummary | undefined> {
    if (!isItemId(itemId)) return undefined;
    const [row] = await db.select().from(items).where(ownItem(itemId));
    return row ? toSummary(row) : undefined;
  }

  async function listEvents(itemId: string): Promise<ItemEvent[]> {
    if (!isItemId(itemId)) return [];
    const rows = await db
      .select({ stage: itemEvents.stage, type: itemEvents.type, at: itemEvents.at, data: itemEvents.data, key: itemEvents.key })
      .from(itemEvents)
      .innerJoin(items, eq(items.id, itemEvents.itemId))
      .where(and(eq(itemEvents.itemId, itemId), eq(items.tenantId, tenantId)))
      .orderBy(asc(itemEvents.id));
    return rows.map((row) => ({
      stage: row.stage,
      type: row.type,
      at: row.at,
      ...(row.data != null ? { data: row.data } : {}),
      ...(row.key != null ? { key: row.key } : {}),
    }));
  }

  async function listDecisions(itemId: string): Promise<StoredDecision[]> {
    if (!isItemId(itemId)) return [];
    const rows = await db
      .select(decisionColumns)
      .from(decisions)
      .innerJoin(items, eq(items.id, decisions.itemId))
      .where(and(eq(decisions.itemId, itemId), eq(items.tenantId, tenantId)))
      .orderBy(asc(decisions.id));
    return rows.map(toStoredDecision);
  }

  async function listAttachments(itemId: string): Promise<StoredAttachment[]> {
    if (!isItemId(itemId)) return [];
    return db
      .select({
        role: attachments.role,
        name: attachments.name,
        mimeType: attachments.mimeType,
        blobSha256: attachments.blobSha256,
        textSource: attachments.textSource,
        size: attachments.size,
      })
      .from(attachments)
      .innerJoin(items, eq(items.id, attachments.itemId))
      .where(and(eq(attachments.itemId, itemId), eq(items.tenantId, tenantId)))
      .orderBy(asc(attachments.id));
  }

  async function countByState(): Promise<Record<ItemState, number>> {
    const rows = await db
      .select({ state: items.state, n: count() })
      .from(items)
      .where(eq(items.tenantId, tenantId))
      .groupBy(items.state);
    const counts = emptyStateCounts();
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  async function listItems(options: ListItemsOptions = {}): Promise<ItemSummary[]> {
    const rows = await db
      .select()
      .from(items)
      .where(
        and(
          eq(items.tenantId, tenantId),
          options.state ? eq(items.state, options.state) : undefined,
          options.changedBefore ? lt(items.stateChangedAt, options.changedBefore) : undefined,
        ),
      )
      .orderBy(asc(items.stateChangedAt), asc(items.id))
      .limit(options.limit ?? 100);
    return rows.map(toSummary);
  }

  return { tenantId, findItem, listEvents, listDecisions, listAttachments, countByState, listItems };
}
