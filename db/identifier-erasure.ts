// Erasure on request (GDPR art. 17, issue 13): by a CPR number, a CVR number or an item id, bound to one
// tenant, with a report. The tenant's items that mention the number (db/identifier-mentions.ts says where
// it looks) are erased whole through db/item-erasure.ts — rows first, then the blob files no other item
// needs — except items under legal hold (table legal_holds), which stay and are reported as held. Rows
// outside items that quote the number (alerts, confirmations, imported examples, learned model versions,
// webhook deliveries) are deleted. Configuration (rule sets, destinations, their audit) and the access log
// are not changed: they are written by staff or are the accountability record, and the access log holds
// item ids and masked text only; the report counts what still mentions the number, table by table, so an
// administrator sees it. One `erasures` row records who, on which basis, how many items, the counts, the
// held item ids and the request's reference — never the number (free texts have it taken out).
//
// A dry run finds and counts the same and writes nothing. A crash part-way leaves some items erased and no
// record: asking again erases the rest and writes the record (each item is its own transaction).
import { and, desc, eq, inArray } from 'drizzle-orm';
import { targetPattern, withoutTarget, type ErasureBasis, type ErasureTarget } from '../classifiers/entities/erasure-identifier.js';
import type { Db } from './connect.js';
import { itemsMentioning, mentionsByTable, outsideRows, rowsOfItems, type SidecarReader } from './identifier-mentions.js';
import { createItemErasure, type BlobFiles, type ErasedItem } from './item-erasure.js';
import { isItemId } from './item-store.js';
import { erasures, items, legalHolds } from './schema.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export type { SidecarReader } from './identifier-mentions.js';

export interface ErasureRequest {
  target: ErasureTarget;
  /** Who asked for it (the principal's subject or `--by`); kept in the record without the number. */
  actor: string;
  /** The request's reference (a case or journal number); kept in the record without the number. */
  reference?: string;
  dryRun?: boolean;
}

export interface ErasureReport {
  basis: ErasureBasis;
  dryRun: boolean;
  reference: string | null;
  /** Items erased (a dry run: that would be). */
  items: number;
  /** Their ids (answered, never stored: the record keeps counts only). */
  erasedItemIds: string[];
  /** Items that mention it but are under legal hold: kept. */
  heldItemIds: string[];
  /** Rows of the erased items, by table. */
  rows: Record<string, number>;
  /** Rows outside the items that quoted it, by table (deleted; a dry run: would be). */
  outside: Record<string, number>;
  /** Blob files removed, and kept (another item holds them, or too new: the junk purge's sweep takes them later). */
  blobs: { removed: number; kept: number };
  /** Rows that still mention it, by table (held items, configuration, the access log); a dry run: now. */
  stillMentioned: Record<string, number>;
  /** The erasures row written (none for a dry run). */
  erasureId: number | null;
}

export interface ErasureRecord {
  id: number;
  at: Date;
  actor: string;
  basis: string;
  itemCount: number;
  report: Record<string, unknown>;
}

export interface IdentifierErasureDeps {
  /** Removes blob files; without it the rows go and the files are left to the junk purge's sweep. */
  files?: BlobFiles;
  /** Reads sidecar files, so an item whose sidecar alone names the number is found. */
  sidecars?: SidecarReader;
}

export interface IdentifierErasure {
  readonly tenantId: string;
  erase(request: ErasureRequest): Promise<ErasureReport>;
  /** The tenant's erasure records, newest first. */
  list(limit?: number): Promise<ErasureRecord[]>;
}

export function createIdentifierErasure(db: Db, scope: TenantScope, deps: IdentifierErasureDeps = {}): IdentifierErasure {
  const tenantId = boundTenant(scope);
  const itemErasure = createItemErasure(db, { tenantId });

  async function held(itemIds: readonly string[]): Promise<Set<string>> {
    if (itemIds.length === 0) return new Set();
    const rows = await db
      .select({ itemId: legalHolds.itemId })
      .from(legalHolds)
      .where(and(eq(legalHolds.tenantId, tenantId), inArray(legalHolds.itemId, [...itemIds])));
    return new Set(rows.map((row) => row.itemId));
  }

  async function found(target: ErasureTarget, pattern: string): Promise<string[]> {
    if (target.basis !== 'item') return itemsMentioning(db, tenantId, pattern, deps.sidecars);
    if (!isItemId(target.value)) return [];
    const rows = await db.select({ id: items.id }).from(items).where(and(eq(items.tenantId, tenantId), eq(items.id, target.value)));
    return rows.map((row) => row.id);
  }

  /**
   * One item, unless it is under hold: the item row is locked first, so a hold being placed now (which
   * share-locks the item, db/legal-hold-store.ts) either committed before and is seen, or waits and then
   * finds no item. The item erasure runs inside this transaction (a savepoint).
   */
  async function eraseUnlessHeld(itemId: string): Promise<ErasedItem | 'held'> {
    return db.transaction(async (tx) => {
      await tx.select({ id: items.id }).from(items).where(and(eq(items.tenantId, tenantId), eq(items.id, itemId))).for('update');
      const [hold] = await tx.select({ itemId: legalHolds.itemId }).from(legalHolds).where(and(eq(legalHolds.tenantId, tenantId), eq(legalHolds.itemId, itemId)));
      if (hold) return 'held' as const;
      return createItemErasure(tx as unknown as Db, { tenantId }).erase(itemId);
    });
  }

  async function erase(request: ErasureRequest): Promise<ErasureReport> {
    const { target } = request;
    const dryRun = request.dryRun === true;
    const pattern = targetPattern(target);
    const mentioning = await found(target, pattern);
    const holds = await held(mentioning);
    const erasable = mentioning.filter((id) => !holds.has(id));
    const rows = await rowsOfItems(db, tenantId, erasable);
    const reference = request.reference?.trim() ? withoutTarget(request.reference.trim(), target).slice(0, 500) : null;
    const report: ErasureReport = {
      basis: target.basis,
      dryRun,
      reference,
      items: erasable.length,
      erasedItemIds: erasable,
      heldItemIds: [...holds].sort(),
      rows,
      outside: {},
      blobs: { removed: 0, kept: 0 },
      stillMentioned: {},
      erasureId: null,
    };
    if (dryRun) {
      report.outside = await outsideRows(db, tenantId, pattern, erasable, report.heldItemIds, false);
      report.stillMentioned = await mentionsByTable(db, tenantId, pattern);
      return report;
    }
    const erasedIds: string[] = [];
    const blobCandidates: string[] = [];
    for (const itemId of erasable) {
      const erased = await eraseUnlessHeld(itemId);
      if (erased === 'held') report.heldItemIds.push(itemId);
      if (erased === 'held' || !erased.erased) continue;
      erasedIds.push(itemId);
      blobCandidates.push(...erased.blobs);
    }
    report.items = erasedIds.length;
    report.erasedItemIds = erasedIds;
    report.heldItemIds.sort();
    report.outside = await outsideRows(db, tenantId, pattern, erasedIds, report.heldItemIds, true);
    if (deps.files) {
      report.blobs = await itemErasure.releaseBlobs(blobCandidates, deps.files);
    } else {
      report.blobs = { removed: 0, kept: new Set(blobCandidates).size };
    }
    report.stillMentioned = await mentionsByTable(db, tenantId, pattern);
    const [record] = await db
      .insert(erasures)
      .values({
        tenantId,
        actor: withoutTarget(request.actor, target).slice(0, 200) || 'ukendt',
        basis: target.basis,
        itemCount: report.items,
        report: { reference, rows: report.rows, outside: report.outside, heldItemIds: report.heldItemIds, blobs: report.blobs, stillMentioned: report.stillMentioned },
      })
      .returning({ id: erasures.id });
    report.erasureId = record?.id ?? null;
    return report;
  }

  async function list(limit = 100): Promise<ErasureRecord[]> {
    const rows = await db
      .select()
      .from(erasures)
      .where(eq(erasures.tenantId, tenantId))
      .orderBy(desc(erasures.at), desc(erasures.id))
      .limit(Math.max(1, Math.min(limit, 1000)));
    return rows.map((row) => ({ id: row.id, at: row.at, actor: row.actor, basis: row.basis, itemCount: row.itemCount, report: row.report }));
  }

  return { tenantId, erase, list };
}
