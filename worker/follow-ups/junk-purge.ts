// Kept junk is erased when its time is up: junk and machine mail parked under the tenant's policy `keep`
// (never posted to the rest mailbox) is kept `keepDays` for anyone who wants to look, then erased with its
// rows and the blob files no other item needs (db/item-erasure.ts). Runs in the follow-ups of `fordeler work`
// and as `fordeler junk purge`. Each item is erased in its own transaction and only while it is still where
// the junk decision left it, so a person who placed it meanwhile wins; a crash between erasing and freeing
// the blobs is finished by the next run (unreferenced blob rows). It logs counts only: no subjects, no
// senders, no CPR numbers.
import type { Clock } from '../../core/ports.js';
import type { BlobFiles, ItemErasure } from '../../db/item-erasure.js';
import type { JunkQueries } from '../../db/junk-queries.js';
import type { Logger } from '../runtime/logger.js';
import { startSerialTimer } from './serial-timer.js';

export interface JunkPurgeDeps {
  junk: JunkQueries;
  erasure: ItemErasure;
  files: BlobFiles;
  clock: Clock;
  logger?: Pick<Logger, 'info'>;
}

export interface JunkPurgeResult {
  /** Items erased (with --dry-run: items that would be). */
  items: number;
  blobsRemoved: number;
  /** Blobs another item still holds, or files too fresh to remove. */
  blobsKept: number;
  dryRun: boolean;
}

const BATCH = 100;
/** One run erases at most this many items; the next run goes on. */
const MAX_PER_RUN = 5_000;

export async function purgeExpiredJunk(deps: JunkPurgeDeps, options: { dryRun?: boolean } = {}): Promise<JunkPurgeResult> {
  const now = deps.clock.now();
  if (options.dryRun) return { items: (await deps.junk.listExpired(now, MAX_PER_RUN)).length, blobsRemoved: 0, blobsKept: 0, dryRun: true };
  let erased = 0;
  const candidates = new Set<string>();
  const tried = new Set<string>();
  while (tried.size < MAX_PER_RUN) {
    const batch = (await deps.junk.listExpired(now, BATCH)).filter((junk) => !tried.has(junk.itemId));
    if (batch.length === 0) break;
    for (const junk of batch) {
      tried.add(junk.itemId);
      const result = await deps.erasure.erase(junk.itemId, { state: 'parked', round: junk.round });
      if (result.erased) erased++;
      for (const sha of result.blobs) candidates.add(sha);
    }
  }
  // Blob rows a crashed earlier run erased the items of but did not free.
  for (const sha of await deps.erasure.unreferencedBlobs(BATCH)) candidates.add(sha);
  const released = await deps.erasure.releaseBlobs([...candidates], deps.files);
  const result = { items: erased, blobsRemoved: released.removed, blobsKept: released.kept, dryRun: false };
  if (erased > 0 || released.removed > 0) deps.logger?.info({ code: 'junk.purged', tenant: deps.erasure.tenantId, ...result }, 'erased kept junk past its date');
  return result;
}

export interface JunkPurge {
  /** One run now; `clock` replaces the purge's clock for this run (tests: a day past keepUntil). */
  runOnce(clock?: Clock): Promise<JunkPurgeResult>;
  stop(): Promise<void>;
}

/** The purge on a timer; `onError` hears a failed run (the next one tries again). */
export function startJunkPurge(deps: JunkPurgeDeps, intervalMs: number, onError: (error: unknown) => void): JunkPurge {
  return startSerialTimer((clock?: Clock) => purgeExpiredJunk(clock ? { ...deps, clock } : deps), { intervalMs, onError });
}
