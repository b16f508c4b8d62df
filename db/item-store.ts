// The ItemStore port on PostgreSQL/PGlite, bound to one tenant: item rows with their state, events,
// decisions and extracted content. A stage step is ONE transaction with compare-and-set on the state, so
// a crash leaves either all of a step's rows or none, and a repeated step writes nothing.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { assertTransition } from '../core/lifecycle.js';
import type { Classification, ExtractedContent, Item } from '../core/model.js';
import { maskedOutcome, storedDecisionOf, storedReasons, storedSubject } from './stored-decision.js';
import { OUTCOME_SCHEMAS, type DecisionStage } from '../core/outcomes.js';
import type { Clock, CommitResult, CreatedItem, ItemEvent, ItemStatePatch, ItemStore, NewItem, StageCommit, StageDecision, StoredDecisionOf } from '../core/ports.js';
import type { Db } from './connect.js';
import { attachments, blobs, decisions, deliveries, itemEvents, items } from './schema.js';
import { storableJson, storableText, storableTextOrNull } from './storable.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

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

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

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
    round: row.round,
  };
}

export interface ItemStoreOptions extends TenantScope {
  clock?: Clock;
}


/** The decision a stage wrote, checked and version-stamped by its schema before it is stored (rule-trace fact values CPR-masked). */
export function storedOutcome(decision: StageDecision): Record<string, unknown> {
  return storableJson(maskedOutcome(OUTCOME_SCHEMAS[decision.stage].parse(decision.outcome) as Record<string, unknown>));
}

export function createItemStore(db: Db, options: ItemStoreOptions): ItemStore {
  const tenantId = boundTenant(options);
  const clock = options.clock ?? systemClock;
  const mine = (id: string) => and(eq(items.id, id), eq(items.tenantId, tenantId));

  async function createItem(input: NewItem): Promise<CreatedItem> {
    const now = clock.now();
    const key = { tenantId, contentSha256: storableText(input.contentSha256), source: storableText(input.source) };
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
        await tx.insert(attachments).values({ itemId: inserted.id, tenantId, role: 'source', name: inserted.fileName, blobSha256: key.contentSha256, size: input.size });
        return { item: toItem(inserted), created: true };
      }
      // The conflicting row is committed (ON CONFLICT waited for it), so this statement sees it.
      const [existing] = await tx
        .select()
        .from(items)
        .where(and(eq(items.tenantId, tenantId), eq(items.contentSha256, key.contentSha256), eq(items.source, key.source)));
      if (existing) return { item: toItem(existing), created: false };
      const messageId = storableTextOrNull(input.messageId);
      const [original] = messageId
        ? await tx.select().from(items).where(and(eq(items.tenantId, tenantId), eq(items.source, key.source), eq(items.messageId, messageId)))
        : [];
      if (!original) throw new Error(`item vanished during idempotent insert: ${key.source.slice(0, 200)}`);
      return { item: toItem(original), created: false, duplicate: true };
    });
  }

  async function getItem(id: string): Promise<Item | undefined> {
    if (!isItemId(id)) return undefined;
    const [row] = await db.select().from(items).where(mine(id));
    return row ? toItem(row) : undefined;
  }

  async function commit(step: StageCommit): Promise<CommitResult> {
    // A move the lifecycle does not allow is a defect: refused before anything touches the database.
    assertTransition(step.from, step.to);
    const outcome = step.decision ? storedOutcome(step.decision) : undefined;
    if (!isItemId(step.itemId)) return { committed: false, state: undefined };
    const now = clock.now();
    return db.transaction(async (tx): Promise<CommitResult> => {
      const changes: PgUpdateSetSource<typeof items> = {
        state: step.to,
        updatedAt: now,
        // "In this state since" only moves when the state really changes; the reconciler relies on it.
        stateChangedAt: step.from === step.to ? items.stateChangedAt : now,
        ...patchColumns(step.patch ?? {}),
        ...(step.nextRound ? { round: sql`${items.round} + 1` } : {}),
        ...(step.content ? { extracted: storableJson(step.content) } : {}),
      };
      // Compare-and-set: only while the item is still where this step started.
      const [row] = await tx
        .update(items)
        .set(changes)
        .where(and(mine(step.itemId), eq(items.state, step.from)))
        .returning();
      if (!row) {
        const [current] = await tx.select({ state: items.state }).from(items).where(mine(step.itemId));
        return { committed: false, state: current?.state };
      }
      if (step.content) await replaceAttachments(tx, row.id, step.content, now);
      if (step.decision && outcome) {
        const values = {
          outcome,
          reasons: storedReasons(step.decision.reasons),
          ruleSetVersion: storableTextOrNull(step.decision.ruleSetVersion),
          ruleId: storableTextOrNull(step.decision.ruleId),
          createdAt: now,
        };
        await tx
          .insert(decisions)
          .values({ itemId: row.id, tenantId, stage: step.decision.stage, round: row.round, ...values })
          .onConflictDoUpdate({ target: [decisions.itemId, decisions.stage, decisions.round], set: values });
      }
      await insertEvent(tx, row.id, step.event);
      if (step.deliverySent) {
        const { transactionId, receipt } = step.deliverySent;
        const sent = await tx
          .update(deliveries)
          .set({ status: 'sent', sentAt: receipt.at, receipt: storableJson({ ...receipt, at: receipt.at.toISOString() }) })
          .where(and(eq(deliveries.transactionId, transactionId), eq(deliveries.itemId, row.id)))
          .returning({ id: deliveries.id });
        // A handover this item never began is a defect: the whole step is rolled back.
        if (sent.length === 0) throw new Error(`item ${row.id} has no delivery ${transactionId.slice(0, 40)} to mark sent`);
      }
      return { committed: true, item: toItem(row) };
    });
  }

  async function insertEvent(tx: Db | Tx, itemId: string, event: ItemEvent): Promise<void> {
    await tx
      .insert(itemEvents)
      .values({
        itemId,
        tenantId,
        stage: event.stage,
        type: storableText(event.type),
        at: event.at,
        data: event.data === undefined ? null : storableJson(event.data),
        key: storableTextOrNull(event.key),
      })
      // Only the partial unique index on (item, key) can conflict: a keyed event already written.
      .onConflictDoNothing();
  }

  async function appendEvent(itemId: string, event: ItemEvent): Promise<void> {
    if (!(await getItem(itemId))) throw new ItemNotFoundError(itemId);
    await insertEvent(db, itemId, event);
  }

  /** Replaces the item's extracted attachment rows, so extracting again leaves one set. */
  async function replaceAttachments(tx: Tx, itemId: string, content: ExtractedContent, now: Date): Promise<void> {
    const stored = storableJson(content);
    await tx.delete(attachments).where(and(eq(attachments.itemId, itemId), eq(attachments.role, 'attachment')));
    // A Digital Post letter's MainDocument files are blobs of their own (handed over as its documents):
    // they get rows too, main documents first, so retention and blob GC see every blob the item holds.
    const files = [...(stored.mainDocuments ?? []), ...stored.attachments];
    const blobRows = new Map<string, typeof blobs.$inferInsert>();
    for (const a of files) {
      if (a.blob) blobRows.set(a.blob.sha256, { sha256: a.blob.sha256, size: a.blob.size, mimeType: a.mimeType, createdAt: now });
    }
    // Sorted keys: two items sharing blobs cannot deadlock on each other's uncommitted inserts.
    const sortedBlobs = [...blobRows.values()].sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
    for (const chunk of chunks(sortedBlobs)) await tx.insert(blobs).values(chunk).onConflictDoNothing();
    const attachmentRows = files.map((a) => ({
      itemId,
      tenantId,
      role: 'attachment' as const,
      name: a.name,
      mimeType: a.mimeType,
      blobSha256: a.blob?.sha256 ?? null,
      textSource: a.textSource,
      size: a.size,
    }));
    for (const chunk of chunks(attachmentRows)) await tx.insert(attachments).values(chunk);
  }

  async function getExtracted(itemId: string): Promise<ExtractedContent | undefined> {
    if (!isItemId(itemId)) return undefined;
    const [row] = await db.select({ extracted: items.extracted }).from(items).where(mine(itemId));
    return row?.extracted ?? undefined;
  }

  async function latestDecision<S extends DecisionStage>(itemId: string, stage: S): Promise<StoredDecisionOf<S> | undefined> {
    if (!isItemId(itemId)) return undefined;
    const [row] = await db
      .select()
      .from(decisions)
      .where(and(eq(decisions.itemId, itemId), eq(decisions.tenantId, tenantId), eq(decisions.stage, stage)))
      .orderBy(desc(decisions.round), desc(decisions.id))
      .limit(1);
    return row ? storedDecisionOf(stage, row) : undefined;
  }

  async function latestClassification(itemId: string): Promise<Classification | undefined> {
    return classificationOf(await latestDecision(itemId, 'classify'));
  }

  return { tenantId, createItem, getItem, commit, appendEvent, getExtracted, latestDecision, latestClassification };
}

/** The classification a classify decision holds; none when classification failed. */
export function classificationOf(decision: StoredDecisionOf<'classify'> | undefined): Classification | undefined {
  if (!decision || decision.outcome.status !== 'classified') return undefined;
  const { nr, confidence, source, candidates, facet } = decision.outcome;
  return {
    nr,
    confidence,
    source,
    candidates: candidates.map((c) => ({ nr: c.nr, ...(c.title !== undefined ? { title: c.title } : {}), score: c.score, reasons: c.reasons })),
    reasons: decision.reasons,
    ...(facet ? { facet } : {}),
  };
}

function patchColumns(patch: ItemStatePatch): PgUpdateSetSource<typeof items> {
  const changes: PgUpdateSetSource<typeof items> = {};
  if (patch.subject !== undefined) changes.subject = storedSubject(patch.subject);
  if (patch.kleNr !== undefined) changes.kleNr = storableTextOrNull(patch.kleNr);
  if (patch.kleConfidence !== undefined) changes.kleConfidence = patch.kleConfidence;
  if (patch.destination !== undefined) changes.destination = storableTextOrNull(patch.destination);
  if (patch.sensitive !== undefined) changes.sensitive = patch.sensitive.map(storableText);
  if (patch.error !== undefined) changes.error = patch.error === null ? null : storableJson(patch.error);
  return changes;
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) out.push(rows.slice(i, i + INSERT_CHUNK));
  return out;
}
