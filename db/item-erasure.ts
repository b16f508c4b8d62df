// Erasing an item for good (kept junk past its date, worker/follow-ups/junk-purge.ts): its row and every row
// that hangs on it, then the blob files no item needs any more. Bound to one tenant for the item; blobs are
// content-addressed and shared by every tenant (`blobs` has no tenant), so a blob goes only when no item of
// ANY tenant refers to it.
//
// Order, and what a crash leaves:
// 1. One transaction deletes the item and its events, decisions, attachments, deliveries, re-distributions,
//    rest postings, confirmations and alerts (the foreign keys cascade too; the deletes are explicit so the
//    erasure does not depend on them). The blob rows stay: a crash here leaves unreferenced blob rows,
//    which `unreferencedBlobs` finds and the next run releases.
// 2. Per blob, one transaction deletes its `blobs` row only if nothing refers to it, and commits BEFORE the
//    file is removed. A crash between commit and removal leaves an orphan file (bytes no row names), never
//    a row whose file is gone: an orphan costs disk space, a missing file breaks an item.
//
// A concurrent ingest of the same bytes (worker/sources/intake.ts: blob file first, then the item row, the
// blob row and its source attachment in one transaction) is not broken:
// - Its transaction already committed: the reference check sees it and the blob stays.
// - It has inserted its attachment but not committed: its foreign key holds a KEY SHARE lock on the blob
//   row, our DELETE waits for it and then fails on the foreign key: the blob stays.
// - It has not reached its blob row yet: our DELETE goes first and its `insert … on conflict do nothing`
//   waits for our commit and then inserts the row again. Its file was written moments ago, so the file
//   remover refuses it as fresh (`BlobFiles.isFresh`, checked before commit and again when removing) and
//   the item keeps its bytes. This is why the file check is by age and not only by rows: the file is
//   written before any row says so.
import { and, eq, or, sql } from 'drizzle-orm';
import type { ItemState } from '../core/lifecycle.js';
import { releaseUnneededBlobs, type BlobFiles, type ReleasedBlobs } from './blob-release.js';
import type { Db } from './connect.js';
import { isItemId } from './item-store.js';
import { alerts, attachments, blobs, confirmations, decisions, deliveries, itemEvents, items, redistributions, restPostings } from './schema.js';
import { boundTenant, type TenantScope } from './tenant-scope.js';

export type { BlobFiles, ReleasedBlobs } from './blob-release.js';

export interface EraseExpectation {
  /** Erase only while the item is still in this state and round (a person may have placed it since). */
  state: ItemState;
  round: number;
}

export interface ErasedItem {
  erased: boolean;
  /** The blobs the item referred to: candidates for releaseBlobs. */
  blobs: string[];
}

export interface ItemErasure {
  readonly tenantId: string;
  erase(itemId: string, expect?: EraseExpectation): Promise<ErasedItem>;
  /** Removes the rows and files of those blobs no item of any tenant refers to. Idempotent. */
  releaseBlobs(candidates: readonly string[], files: BlobFiles): Promise<ReleasedBlobs>;
  /** Blob rows no item refers to: left by a crash between erase and releaseBlobs (or a re-extraction). */
  unreferencedBlobs(limit: number): Promise<string[]>;
}

export function createItemErasure(db: Db, scope: TenantScope): ItemErasure {
  const tenantId = boundTenant(scope);

  async function erase(itemId: string, expect?: EraseExpectation): Promise<ErasedItem> {
    if (!isItemId(itemId)) return { erased: false, blobs: [] };
    return db.transaction(async (tx) => {
      const [row] = await tx
        .select({ state: items.state, round: items.round, content: items.contentSha256, sidecar: items.sidecarSha256 })
        .from(items)
        .where(and(eq(items.id, itemId), eq(items.tenantId, tenantId)))
        .for('update');
      if (!row || (expect && (row.state !== expect.state || row.round !== expect.round))) return { erased: false, blobs: [] };
      const attached = await tx.select({ sha256: attachments.blobSha256 }).from(attachments).where(eq(attachments.itemId, itemId));
      const shas = [row.content, row.sidecar, ...attached.map((a) => a.sha256)].filter((sha): sha is string => Boolean(sha));
      // Alerts would only lose their item id (on delete set null) but keep its text: they go with it.
      await tx.delete(alerts).where(and(eq(alerts.itemId, itemId), eq(alerts.tenantId, tenantId)));
      for (const table of [restPostings, redistributions, deliveries, confirmations, decisions, itemEvents, attachments]) {
        await tx.delete(table).where(eq(table.itemId, itemId));
      }
      await tx.delete(items).where(and(eq(items.id, itemId), eq(items.tenantId, tenantId)));
      return { erased: true, blobs: [...new Set(shas)].sort() };
    });
  }

  /** Still needed: an attachment or an item (content or sidecar) of any tenant names the hash. */
  const referenced = async (tx: Db, sha256: string): Promise<boolean> => {
    const [attachment] = await tx.select({ id: attachments.id }).from(attachments).where(eq(attachments.blobSha256, sha256)).limit(1);
    if (attachment) return true;
    const [item] = await tx.select({ id: items.id }).from(items).where(or(eq(items.contentSha256, sha256), eq(items.sidecarSha256, sha256))).limit(1);
    return Boolean(item);
  };
  const releaseBlobs = (candidates: readonly string[], files: BlobFiles): Promise<ReleasedBlobs> => releaseUnneededBlobs(db, candidates, files, referenced);

  async function unreferencedBlobs(limit: number): Promise<string[]> {
    const rows = await db
      .select({ sha256: blobs.sha256 })
      .from(blobs)
      .where(
        and(
          sql`not exists (select 1 from ${attachments} a where a.blob_sha256 = ${blobs.sha256})`,
          sql`not exists (select 1 from ${items} i where i.content_sha256 = ${blobs.sha256} or i.sidecar_sha256 = ${blobs.sha256})`,
        ),
      )
      .orderBy(blobs.sha256)
      .limit(limit);
    return rows.map((row) => row.sha256);
  }

  return { tenantId, erase, releaseBlobs, unreferencedBlobs };
}
