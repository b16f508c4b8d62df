// The blob files as the item erasure (db/item-erasure.ts) removes them. A blob file is written BEFORE any
// row names it (intake: bytes → blob store → item row), so "no row refers to it" is not enough: a file
// written within the grace period may belong to an ingest that has not committed yet, and is left alone
// (an orphan at worst, never an item without its bytes). The age is the file's own modification time
// against the file system's clock: a put renames a freshly written file into place, so a put of the same
// bytes always makes the file young again.
// Removal renames the file aside first and checks that it is still the old file (same inode, still old):
// a put that landed between the check and the rename is put back instead of deleted.
import { randomUUID } from 'node:crypto';
import { link, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { BlobStore } from '../../core/ports.js';
import type { BlobFiles } from '../../db/item-erasure.js';

/** Longer than any ingest takes from storing the bytes to committing its item row. */
export const DEFAULT_BLOB_GRACE_MS = 60 * 60 * 1000;

export interface BlobFilesOptions {
  graceMs?: number;
  /** The file system's now (ms); tests only. */
  now?: () => number;
}

export function createBlobFiles(blobs: Pick<BlobStore, 'pathOf'>, options: BlobFilesOptions = {}): BlobFiles {
  const graceMs = options.graceMs ?? DEFAULT_BLOB_GRACE_MS;
  const now = options.now ?? Date.now;
  const fresh = (mtimeMs: number): boolean => now() - mtimeMs < graceMs;

  async function statOf(path: string) {
    try {
      return await stat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  return {
    async isFresh(sha256) {
      const file = await statOf(blobs.pathOf(sha256));
      return file !== undefined && fresh(file.mtimeMs);
    },
    async remove(sha256) {
      const path = blobs.pathOf(sha256);
      const before = await statOf(path);
      if (!before) return 'absent';
      if (fresh(before.mtimeMs)) return 'fresh';
      const aside = join(dirname(path), `.${basename(path)}.erasing-${randomUUID()}`);
      try {
        await rename(path, aside);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
        throw error;
      }
      const taken = await stat(aside);
      if (taken.ino !== before.ino || fresh(taken.mtimeMs)) {
        // A put of the same bytes landed in between: it stays. EEXIST: yet another put is already there.
        await link(aside, path).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
        });
        await rm(aside, { force: true });
        return 'fresh';
      }
      await rm(aside, { force: true });
      return 'removed';
    },
  };
}
