// Read side for track & trace and reports: an item's history, its attachments, and counts by state.
import { and, asc, count, eq, lt } from 'drizzle-orm';
import type { Item, ItemState, Reason, TextSource } from '../core/model.js';
import type { ItemEvent, StageDecision } from '../core/ports.js';
import type { Db } from './connect.js';
import { isItemId, toItem } from './item-store.js';
import { attachments, decisions, itemEvents, items, itemStateEnum } from './schema.js';

export const ITEM_STATES: readonly ItemState[] = itemStateEnum.enumValues;

export interface StoredDecision extends StageDecision {
  /** Normalised: a missing rule id reads back as null. */
  ruleId: string | null;
  createdAt: Date;
}

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
  /** Events in the order they were appended. */
  listEvents(itemId: string): Promise<ItemEvent[]>;
  /** Decisions in the order they were saved. */
  listDecisions(itemId: string): Promise<StoredDecision[]>;
  /** The item's source, sidecar and extracted attachments in the order they were recorded. */
  listAttachments(itemId: string): Promise<StoredAttachment[]>;
  /** Every state, zero when no item is in it. */
  countByState(tenantId: string): Promise<Record<ItemState, number>>;
  /** Oldest state change first. */
  listItems(tenantId: string, options?: ListItemsOptions): Promise<ItemSummary[]>;
}

export function emptyStateCounts(): Record<ItemState, number> {
  return Object.fromEntries(ITEM_STATES.map((state) => [state, 0])) as Record<ItemState, number>;
}

export function createItemQueries(db: Db): ItemQueries {
  async function listEvents(itemId: string): Promise<ItemEvent[]> {
    if (!isItemId(itemId)) return [];
    const rows = await db.select().from(itemEvents).where(eq(itemEvents.itemId, itemId)).orderBy(asc(itemEvents.id));
    return rows.map((row) => ({
      stage: row.stage,
      type: row.type,
      at: row.at,
      ...(row.data != null ? { data: row.data } : {}),
    }));
  }

  async function listDecisions(itemId: string): Promise<StoredDecision[]> {
    if (!isItemId(itemId)) return [];
    const rows = await db.select().from(decisions).where(eq(decisions.itemId, itemId)).orderBy(asc(decisions.id));
    return rows.map((row) => ({
      stage: row.stage,
      outcome: row.outcome,
      reasons: row.reasons,
      ...(row.ruleSetVersion != null ? { ruleSetVersion: row.ruleSetVersion } : {}),
      ruleId: row.ruleId,
      createdAt: row.createdAt,
    }));
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
      .where(eq(attachments.itemId, itemId))
      .orderBy(asc(attachments.id));
  }

  async function countByState(tenantId: string): Promise<Record<ItemState, number>> {
    const rows = await db
      .select({ state: items.state, n: count() })
      .from(items)
      .where(eq(items.tenantId, tenantId))
      .groupBy(items.state);
    const counts = emptyStateCounts();
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  async function listItems(tenantId: string, options: ListItemsOptions = {}): Promise<ItemSummary[]> {
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
    return rows.map((row) => ({
      ...toItem(row),
      subject: row.subject,
      kleNr: row.kleNr,
      kleConfidence: row.kleConfidence,
      destination: row.destination,
      sensitive: row.sensitive,
      error: row.error,
      updatedAt: row.updatedAt,
      stateChangedAt: row.stateChangedAt,
    }));
  }

  return { listEvents, listDecisions, listAttachments, countByState, listItems };
}
