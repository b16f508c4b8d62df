// Releasing blobs after the retention purge: the blob rows and files no item needs any more. Like
// db/item-erasure.ts releaseBlobs (both through db/blob-release.ts: the row's delete is committed before the
// file goes; a file written within the grace period is never removed), with one difference:
// an item whose original was purged by retention keeps its row and with it `content_sha256` (part of the
// ingest key), so "an item names this hash" is not "an item needs these bytes". An item needs its content
// blob while its source attachment still points at a blob; the retention purge sets that pointer to null
// (the marker "original gone"), and an item with no source attachment at all counts as needing its bytes.
// Blobs are shared by every tenant (`blobs` has no tenant): the reference checks look at all tenants' rows
// and only ask whether one exists; nothing of another tenant is read out.
import { sql } from 'drizzle-orm';
import type { Db } from './connect.js';
import { releaseUnneededBlobs, type BlobFiles, type ReleasedBlobs } from './blob-release.js';
import { blobs } from './schema.js';

export interface RetentionBlobs {
  /** Removes the rows and files of those blobs no item of any tenant needs. Idempotent. */
  releaseBlobs(candidates: readonly string[], files: BlobFiles): Promise<ReleasedBlobs>;
  /** Blob rows no item needs: left by a crash between a purge step and its release. */
  unneededBlobs(limit: number): Promise<string[]>;
}

/** True when some item (any tenant) still needs the bytes `sha` names; `sha` is an SQL expression. */
const needed = (sha: ReturnType<typeof sql>) => sql`(
  exists (select 1 from attachments a where a.blob_sha256 = ${sha})
  or exists (select 1 from items i where i.sidecar_sha256 = ${sha})
  or exists (select 1 from items i where i.content_sha256 = ${sha}
    and not exists (select 1 from attachments s where s.item_id = i.id and s.role = 'source' and s.blob_sha256 is null)))`;

export function createRetentionBlobs(db: Db): RetentionBlobs {
  const stillNeeded = async (tx: Db, sha256: string): Promise<boolean> => rowsOf(await tx.execute(sql`select ${needed(sql`${sha256}`)} as needed`))[0]?.needed === true;

  return {
    releaseBlobs: (candidates, files) => releaseUnneededBlobs(db, candidates, files, stillNeeded),
    async unneededBlobs(limit) {
      const rows = await db
        .select({ sha256: blobs.sha256 })
        .from(blobs)
        .where(sql`not ${needed(sql`${blobs.sha256}`)}`)
        .orderBy(blobs.sha256)
        .limit(limit);
      return rows.map((row) => row.sha256);
    },
  };
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  return ((result as { rows?: Record<string, unknown>[] }).rows ?? []) as Record<string, unknown>[];
}
