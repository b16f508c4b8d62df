// The ItemStore port on PostgreSQL/PGlite: item rows with their state, events, decisions and the
// extracted content. Written once against the common drizzle type from connect.ts.
import { and, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { ExtractedContent, Item, ItemState } from '../core/model.js';
import type { Clock, CreatedItem, ItemEvent, ItemStatePatch, ItemStore, NewItem, StageDecision } from '../core/ports.js';
import type { Db } from './connect.js';
import { attachments, blobs, decisions, itemEvents, items } from './schema.js';
import { storableJson, storableText, storableTextOrNull } from './storable.js';

/** A write referred to an item id that does not exist: a programming or data error, never bad input. */
export class ItemNotFoundError extends Error {
  override readonly name = 'ItemNotFoundError';
  constructor(readonly itemId: string) {
    super(`item not found: ${itemId.slice(0, 80)}`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that cannot be uuids are unknown items, not SQL errors (and the in-memory store agrees). */
export function isItemId(id: string): boolean {
  return UUID.test(id);
}

// Multi-row inserts stay far below PostgreSQL's 65535 bind parameters even for absurd attachment counts.
const INSERT_CHUNK = 500;

const systemClock: Clock = { now: () => new Date() };

export function toItem(row: typeof items.$inferSelect): Item {
  return {
    id: row.id,
    tenantId: row.tenantId,
    channel: row.channel,
    state: row.state,
    source: row.source,
    contentSha256: row.contentSha256,
    size: row.size,
    ...(row.sidecarSha256 != null ? { sidecarSha256: row.sidecarSha256 } : {}),
    ...(row.messageId != null ? { messageId: row.messageId } : {}),
    fileName: row.fileName,
    receivedAt: row.receivedAt,
  };
}

export function createItemStore(db: Db, clock: Clock = systemClock): ItemStore {
  async function tenantOf(itemId: string): Promise<string> {
    if (!isItemId(itemId)) throw new ItemNotFoundError(itemId);
    const [row] = await db.select({ tenantId: items.tenantId }).from(items).where(eq(items.id, itemId));
    if (!row) throw new ItemNotFoundError(itemId);
    return row.tenantId;
  }

  async function createItem(input: NewItem): Promise<CreatedItem> {
    const now = clock.now();
    const key = {
      tenantId: storableText(input.tenantId),
      contentSha256: storableText(input.contentSha256),
      source: storableText(input.source),
    };
    return db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(items)
        .values({
          ...key,
          channel: input.channel,
          state: 'received',
          fileName: storableText(input.fileName),
          size: input.size,
          sidecarSha256: storableTextOrNull(input.sidecarSha256),
          messageId: storableTextOrNull(input.messageId),
          receivedAt: input.receivedAt,
          updatedAt: now,
          stateChangedAt: now,
        })
        // Either unique key (content hash or Message-ID within the source) means "already known".
        .onConflictDoNothing()
        .returning();
      if (inserted) {
        await tx.insert(blobs).values({ sha256: key.contentSha256, size: input.size, createdAt: now }).onConflictDoNothing();
        await tx.insert(attachments).values({
          itemId: inserted.id,
          tenantId: key.tenantId,
          role: 'source',
          name: inserted.fileName,
          blobSha256: key.contentSha256,
          size: input.size,
        });
        return { item: toItem(inserted), created: true };
      }
      // The conflicting row is committed (ON CONFLICT waited for it), so this statement sees it.
      const [existing] = await tx
        .select()
        .from(items)
        .where(and(eq(items.tenantId, key.tenantId), eq(items.contentSha256, key.contentSha256), eq(items.source, key.source)));
      if (existing) return { item: toItem(existing), created: false };
      const messageId = storableTextOrNull(input.messageId);
      const [original] = messageId
        ? await tx
            .select()
            .from(items)
            .where(and(eq(items.tenantId, key.tenantId), eq(items.source, key.source), eq(items.messageId, messageId)))
        : [];
      if (!original) throw new Error(`item vanished during idempotent insert: ${key.source.slice(0, 200)}`);
      return { item: toItem(original), created: false, duplicate: true };
    });
  }

  async function getItem(id: string): Promise<Item | undefined> {
    if (!isItemId(id)) return undefined;
    const [row] = await db.select().from(items).where(eq(items.id, id));
    return row ? toItem(row) : undefined;
  }

  async function setState(id: string, state: ItemState, patch: ItemStatePatch = {}): Promise<void> {
    if (!isItemId(id)) throw new ItemNotFoundError(id);
    const now = clock.now();
    const changes: PgUpdateSetSource<typeof items> = {
      state,
      updatedAt: now,
      // "In this state since" only moves when the state really changes; the reconciler relies on it.
      stateChangedAt: sql`case when ${items.state} = ${state}::item_state then ${items.stateChangedAt} else ${now.toISOString()}::timestamptz end`,
    };
    if (patch.subject !== undefined) changes.subject = storableTextOrNull(patch.subject);
    if (patch.kleNr !== undefined) changes.kleNr = storableTextOrNull(patch.kleNr);
    if (patch.kleConfidence !== undefined) changes.kleConfidence = patch.kleConfidence;
    if (patch.destination !== undefined) changes.destination = storableTextOrNull(patch.destination);
    if (patch.sensitive !== undefined) changes.sensitive = patch.sensitive.map(storableText);
    if (patch.error !== undefined) changes.error = patch.error === null ? null : storableJson(patch.error);
    const updated = await db.update(items).set(changes).where(eq(items.id, id)).returning({ id: items.id });
    if (updated.length === 0) throw new ItemNotFoundError(id);
  }

  async function appendEvent(itemId: string, event: ItemEvent): Promise<void> {
    const tenantId = await tenantOf(itemId);
    await db.insert(itemEvents).values({
      itemId,
      tenantId,
      stage: event.stage,
      type: storableText(event.type),
      at: event.at,
      data: event.data === undefined ? null : storableJson(event.data),
    });
  }

  async function saveDecision(itemId: string, decision: StageDecision): Promise<void> {
    const tenantId = await tenantOf(itemId);
    await db.insert(decisions).values({
      itemId,
      tenantId,
      stage: decision.stage,
      createdAt: clock.now(),
      outcome: storableJson(decision.outcome),
      reasons: storableJson(decision.reasons),
      ruleSetVersion: storableTextOrNull(decision.ruleSetVersion),
      ruleId: storableTextOrNull(decision.ruleId),
    });
  }

  /** Stores the content on the item and replaces its attachment rows, so re-extraction is idempotent. */
  async function saveExtracted(itemId: string, content: ExtractedContent): Promise<void> {
    if (!isItemId(itemId)) throw new ItemNotFoundError(itemId);
    const now = clock.now();
    const stored = storableJson(content);
    await db.transaction(async (tx) => {
      const [row] = await tx
        .update(items)
        .set({ extracted: stored, updatedAt: now })
        .where(eq(items.id, itemId))
        .returning({ tenantId: items.tenantId });
      if (!row) throw new ItemNotFoundError(itemId);
      await tx.delete(attachments).where(and(eq(attachments.itemId, itemId), eq(attachments.role, 'attachment')));
      const blobRows = new Map<string, typeof blobs.$inferInsert>();
      for (const a of stored.attachments) {
        if (a.blob) blobRows.set(a.blob.sha256, { sha256: a.blob.sha256, size: a.blob.size, mimeType: a.mimeType, createdAt: now });
      }
      // Sorted keys: two items sharing blobs cannot deadlock on each other's uncommitted inserts.
      const sortedBlobs = [...blobRows.values()].sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
      for (const chunk of chunks(sortedBlobs)) {
        await tx.insert(blobs).values(chunk).onConflictDoNothing();
      }
      const attachmentRows = stored.attachments.map((a) => ({
        itemId,
        tenantId: row.tenantId,
        role: 'attachment' as const,
        name: a.name,
        mimeType: a.mimeType,
        blobSha256: a.blob?.sha256 ?? null,
        textSource: a.textSource,
        size: a.size,
      }));
      for (const chunk of chunks(attachmentRows)) await tx.insert(attachments).values(chunk);
    });
  }

  async function getExtracted(itemId: string): Promise<ExtractedContent | undefined> {
    if (!isItemId(itemId)) return undefined;
    const [row] = await db.select({ extracted: items.extracted }).from(items).where(eq(items.id, itemId));
    return row?.extracted ?? undefined;
  }

  return { createItem, getItem, setState, appendEvent, saveDecision, saveExtracted, getExtracted };
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) out.push(rows.slice(i, i + INSERT_CHUNK));
  return out;
}
