// Releasing content-addressed blobs, shared by the item erasure (db/item-erasure.ts) and the retention purge
// (db/retention-blobs.ts), which differ only in what "still needed" means. Per blob, one transaction deletes
// its `blobs` row first (so an ingest about to insert the same row waits for us, or a foreign key from an
// uncommitted attachment refuses the delete), then asks the caller's check and whether the file is fresh; the
// delete is committed BEFORE the file is removed — a crash leaves an orphan file, never a row without its
// file. db/item-erasure.ts explains the concurrent-ingest cases in full.
import { eq } from 'drizzle-orm';
import type { Db } from './connect.js';
import { blobs } from './schema.js';

/** The blob files on disk, as a release needs them (worker/follow-ups/blob-files.ts). */
export interface BlobFiles {
  /** True when the file was written so recently that an ingest may be about to refer to it. */
  isFresh(sha256: string): Promise<boolean>;
  /** Removes the file unless it is fresh by now; 'absent' when there was none. */
  remove(sha256: string): Promise<'removed' | 'absent' | 'fresh'>;
}

export interface ReleasedBlobs {
  removed: number;
  kept: number;
}

/** Inside the release's transaction: does some item (any tenant) still need these bytes? */
export type StillNeeded = (tx: Db, sha256: string) => Promise<boolean>;

const FOREIGN_KEY_VIOLATION = '23503';
class Needed extends Error {}

/** Releases each candidate no item needs; sorted, so two releases take their row locks in the same order. Idempotent. */
export async function releaseUnneededBlobs(db: Db, candidates: readonly string[], files: BlobFiles, stillNeeded: StillNeeded): Promise<ReleasedBlobs> {
  const result = { removed: 0, kept: 0 };
  for (const sha256 of [...new Set(candidates)].sort()) {
    if (await releaseBlob(db, sha256, files, stillNeeded)) result.removed++;
    else result.kept++;
  }
  return result;
}

async function releaseBlob(db: Db, sha256: string, files: BlobFiles, stillNeeded: StillNeeded): Promise<boolean> {
  try {
    await db.transaction(async (tx) => {
      try {
        await tx.transaction(async (savepoint) => {
          await savepoint.delete(blobs).where(eq(blobs.sha256, sha256));
        });
      } catch (error) {
        if (errorCode(error) === FOREIGN_KEY_VIOLATION) throw new Needed();
        throw error;
      }
      if ((await stillNeeded(tx, sha256)) || (await files.isFresh(sha256))) throw new Needed();
    });
  } catch (error) {
    if (error instanceof Needed) return false;
    throw error;
  }
  return (await files.remove(sha256)) !== 'fresh';
}

/** The SQLSTATE of a driver error; drizzle wraps it as the cause. */
export function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
