// The retention purge's database side, bound to one tenant: which items are past their time for each kind
// (core/retention.ts says what "final" means and from when), and one step per item and kind, each in its
// own transaction. worker/follow-ups/retention-purge.ts drives it in bounded batches.
//
// Per item, what each kind removes:
// - metadata: the whole item with every row that hangs on it (db/item-erasure.ts), and its webhook deliveries;
// - events: its decisions, track & trace events, their webhook deliveries and its alerts (they quote it);
// - extracted: items.extracted set to null (body, attachment texts, entities; search_vector follows by trigger);
// - original: the blob pointers of its attachment rows set to null (the rows stay, so the detail view still
//   names the files; the source attachment with no blob is the marker "original gone") and its sidecar
//   pointer; the blobs no other item needs are then released (db/retention-blobs.ts).
// Access-log and config-audit lines go by their own age, in bounded deletes.
//
// Legal hold and races: every step locks the item row (FOR UPDATE) and only then, in a fresh statement, reads
// its legal hold and re-checks that it is still final and past its time. Placing a hold inserts a row that
// refers to the item (a KEY SHARE lock), so a hold placed during a step waits for it, and a step that starts
// after the hold committed sees it. A person re-distributing the item moves its state: the step sees that.
// A crash leaves each item either purged or not for a kind (one transaction each); blobs left unreleased are
// found by RetentionBlobs.unneededBlobs on the next run. Every step is idempotent.
import { and, asc, eq, gt, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { isRetentionFinal, type FinalityRule } from '../core/retention.js';
import type { ItemState } from '../core/lifecycle.js';
import type { Db } from './connect.js';
import { createItemErasure } from './item-erasure.js';
import { isItemId } from './item-store.js';
import { accessLog, alerts, attachments, blobs, configAudit, decisions, itemEvents, items, legalHolds, webhookDeliveries } from './schema.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export type ItemKind = 'metadata' | 'events' | 'extracted' | 'original';

export interface ItemWindow {
  /** The item's final state began before this. */
  before: Date;
  /** And not before this (the whole-item cutoff: those items go whole, no need to purge a part). */
  notBefore?: Date;
}

export interface PurgedItem {
  purged: boolean;
  /** Blobs the step let go of: candidates for RetentionBlobs.releaseBlobs. */
  blobs: string[];
}

export interface RetentionStore {
  readonly tenantId: string;
  /** Items with data of `kind` past the window, not under legal hold, by id after `after`. */
  candidates(kind: ItemKind, window: ItemWindow, limit: number, after?: string): Promise<string[]>;
  purge(kind: ItemKind, itemId: string, window: ItemWindow): Promise<PurgedItem>;
  /** Deletes up to `limit` lines older than `before`; with `dryRun`, counts them (all of them). */
  purgeAccessLog(before: Date, limit: number, dryRun?: boolean): Promise<number>;
  purgeConfigAudit(before: Date, limit: number, dryRun?: boolean): Promise<number>;
}

const NOT_PURGED: PurgedItem = { purged: false, blobs: [] };

export function createRetentionStore(db: Db, scope: TenantScope, finality: FinalityRule): RetentionStore {
  const tenantId = boundTenant(scope);

  const finalSql = (): SQL => {
    const byState = inArray(items.state, [...finality.states] as ItemState[]);
    if (finality.deliveredTo.length === 0) return byState;
    return or(byState, and(eq(items.state, 'delivered'), inArray(items.destination, [...finality.deliveredTo])))!;
  };
  const notHeld = sql`not exists (select 1 from ${legalHolds} h where h.tenant_id = ${tenantId} and h.item_id = ${items.id})`;
  const inWindow = (window: ItemWindow): SQL[] => [lt(items.stateChangedAt, window.before), ...(window.notBefore ? [gte(items.stateChangedAt, window.notBefore)] : [])];
  const originalLeft = sql`(${items.sidecarSha256} is not null
    or exists (select 1 from ${attachments} a where a.item_id = ${items.id} and a.blob_sha256 is not null)
    or not exists (select 1 from ${attachments} s where s.item_id = ${items.id} and s.role = 'source' and s.blob_sha256 is null))`;
  const HAS: Record<ItemKind, SQL> = {
    metadata: sql`true`,
    events: sql`(exists (select 1 from ${decisions} d where d.item_id = ${items.id}) or exists (select 1 from ${itemEvents} e where e.item_id = ${items.id})
      or exists (select 1 from ${alerts} al where al.tenant_id = ${tenantId} and al.item_id = ${items.id}))`,
    extracted: isNotNull(items.extracted),
    original: originalLeft,
  };

  async function candidates(kind: ItemKind, window: ItemWindow, limit: number, after?: string): Promise<string[]> {
    const rows = await db
      .select({ id: items.id })
      .from(items)
      .where(and(eq(items.tenantId, tenantId), finalSql(), ...inWindow(window), notHeld, HAS[kind], ...(after ? [gt(items.id, after)] : [])))
      .orderBy(asc(items.id))
      .limit(limit);
    return rows.map((row) => row.id);
  }

  type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

  /** Locks the item; its state and round when it is still final, past its time and not held; else undefined. */
  async function lockPurgeable(tx: Tx, itemId: string, window: ItemWindow): Promise<{ state: ItemState; round: number; sidecar: string | null } | undefined> {
    const [row] = await tx
      .select({ state: items.state, round: items.round, destination: items.destination, sidecar: items.sidecarSha256 })
      .from(items)
      .where(and(eq(items.id, itemId), eq(items.tenantId, tenantId), ...inWindow(window)))
      .for('update');
    if (!row || !isRetentionFinal(finality, row.state, row.destination)) return undefined;
    // A fresh statement after the lock: sees a hold committed while we waited for it.
    const [hold] = await tx.select({ id: legalHolds.id }).from(legalHolds).where(and(eq(legalHolds.tenantId, tenantId), eq(legalHolds.itemId, itemId))).limit(1);
    return hold ? undefined : row;
  }

  /** Webhook deliveries of the item's events: their payloads quote the item. */
  const deleteWebhookDeliveries = (tx: Tx, itemId: string) =>
    tx.delete(webhookDeliveries).where(and(eq(webhookDeliveries.tenantId, tenantId), inArray(webhookDeliveries.eventId, tx.select({ id: itemEvents.id }).from(itemEvents).where(eq(itemEvents.itemId, itemId)))));

  const steps: Record<ItemKind, (tx: Tx, itemId: string, window: ItemWindow) => Promise<PurgedItem>> = {
    async metadata(tx, itemId, window) {
      const row = await lockPurgeable(tx, itemId, window);
      if (!row) return NOT_PURGED;
      await deleteWebhookDeliveries(tx, itemId);
      // The erasure's own transaction becomes a savepoint of ours, so the lock and the hold check hold for it.
      const erased = await createItemErasure(tx as unknown as Db, { tenantId }).erase(itemId, { state: row.state, round: row.round });
      return { purged: erased.erased, blobs: erased.blobs };
    },
    async events(tx, itemId, window) {
      if (!(await lockPurgeable(tx, itemId, window))) return NOT_PURGED;
      await deleteWebhookDeliveries(tx, itemId);
      const removed = [
        ...(await tx.delete(decisions).where(eq(decisions.itemId, itemId)).returning({ id: decisions.id })),
        ...(await tx.delete(itemEvents).where(eq(itemEvents.itemId, itemId)).returning({ id: itemEvents.id })),
        ...(await tx.delete(alerts).where(and(eq(alerts.tenantId, tenantId), eq(alerts.itemId, itemId))).returning({ id: alerts.id })),
      ];
      return { purged: removed.length > 0, blobs: [] };
    },
    async extracted(tx, itemId, window) {
      if (!(await lockPurgeable(tx, itemId, window))) return NOT_PURGED;
      const changed = await tx.update(items).set({ extracted: null }).where(and(eq(items.id, itemId), eq(items.tenantId, tenantId), isNotNull(items.extracted))).returning({ id: items.id });
      return { purged: changed.length > 0, blobs: [] };
    },
    async original(tx, itemId, window) {
      const row = await lockPurgeable(tx, itemId, window);
      if (!row) return NOT_PURGED;
      const [item] = await tx.select({ content: items.contentSha256, fileName: items.fileName, size: items.size }).from(items).where(eq(items.id, itemId));
      const attached = await tx.select({ sha256: attachments.blobSha256 }).from(attachments).where(and(eq(attachments.itemId, itemId), isNotNull(attachments.blobSha256)));
      await tx.update(attachments).set({ blobSha256: null }).where(and(eq(attachments.itemId, itemId), isNotNull(attachments.blobSha256)));
      const shas = new Set([item!.content, ...(row.sidecar ? [row.sidecar] : []), ...attached.map((a) => a.sha256!)]);
      // The marker: a source attachment without a blob (an item made before source rows existed gets one).
      const [marker] = await tx.select({ id: attachments.id }).from(attachments).where(and(eq(attachments.itemId, itemId), eq(attachments.role, 'source'), isNull(attachments.blobSha256))).limit(1);
      if (!marker) await tx.insert(attachments).values({ itemId, tenantId, role: 'source', name: item!.fileName, blobSha256: null, size: item!.size });
      if (row.sidecar) {
        // A sidecar's bytes have no blob row (only the item names them): one is made here, so that a crash
        // before the release leaves a row the next run's sweep finds, not an orphan file nobody names.
        await tx.insert(blobs).values({ sha256: row.sidecar, size: 0 }).onConflictDoNothing();
        await tx.update(items).set({ sidecarSha256: null }).where(eq(items.id, itemId));
      }
      return { purged: attached.length > 0 || row.sidecar !== null || !marker, blobs: [...shas].sort() };
    },
  };

  async function purge(kind: ItemKind, itemId: string, window: ItemWindow): Promise<PurgedItem> {
    if (!isItemId(itemId)) return NOT_PURGED;
    return db.transaction((tx) => steps[kind](tx, itemId, window));
  }

  /** Lines `before`, oldest first; `keep` excludes lines that must stay. */
  async function purgeLines(table: typeof accessLog | typeof configAudit, before: Date, keep: SQL, limit: number, dryRun: boolean): Promise<number> {
    const where = and(eq(table.tenantId, tenantId), lt(table.at, before), sql`not ${keep}`);
    if (dryRun) return (await db.select({ n: sql<number>`count(*)::int` }).from(table).where(where))[0]!.n;
    const ids = db.select({ id: table.id }).from(table).where(where).orderBy(asc(table.id)).limit(limit);
    return (await db.delete(table).where(inArray(table.id, ids)).returning({ id: table.id })).length;
  }

  return {
    tenantId,
    candidates,
    purge,
    // Lines about an item under legal hold stay with it.
    purgeAccessLog: (before, limit, dryRun = false) =>
      purgeLines(accessLog, before, sql`(${accessLog.itemId} is not null and exists (select 1 from ${legalHolds} h where h.tenant_id = ${tenantId} and h.item_id = ${accessLog.itemId}))`, limit, dryRun),
    // A hold's own audit lines stay while the hold does.
    purgeConfigAudit: (before, limit, dryRun = false) =>
      purgeLines(configAudit, before, sql`(${configAudit.action} like 'legal_hold.%' and exists (select 1 from ${legalHolds} h where h.tenant_id = ${tenantId} and h.item_id::text = ${configAudit.subject}))`, limit, dryRun),
  };
}
