// The retention purge in `fordeler work` (at start, then every `retention.intervalHours`) and behind
// `fordeler retention purge`: for each kind of data (core/retention.ts), the items of this tenant whose final
// state is older than that kind's days lose that kind — whole items first, then decisions and events,
// extracted text and original files — and access-log and config-audit lines older than their days go.
// Items under legal hold are never touched (db/retention-purge.ts checks it under the item's lock). Every
// kind runs in bounded batches, one transaction per item; a run stops at a cap and the next goes on, and a
// crash is finished by the next run (blobs no item needs are swept each time). One log line per run with
// counts per kind (`retention.purged`): never a subject, a sender or a CPR number.
import { emptyCounts, finalityRule, retentionCutoffs, type RetentionCounts, type RetentionDays } from '../../core/retention.js';
import type { Clock } from '../../core/ports.js';
import type { BlobFiles } from '../../db/item-erasure.js';
import { createRetentionBlobs, type RetentionBlobs } from '../../db/retention-blobs.js';
import { createRetentionStore, type ItemKind, type ItemWindow, type RetentionStore } from '../../db/retention-purge.js';
import type { Db } from '../../db/connect.js';
import type { Runtime } from '../runtime/compose.js';
import type { Logger } from '../runtime/logger.js';
import type { WorkConfig } from '../runtime/work-config.js';
import { errorCode } from '../sources/imap/connection.js';
import { createBlobFiles } from './blob-files.js';
import { startSerialTimer } from './serial-timer.js';

export interface RetentionPurgeDeps {
  store: RetentionStore;
  blobs: RetentionBlobs;
  files: BlobFiles;
  days: RetentionDays;
  clock: Clock;
  logger?: Pick<Logger, 'info'>;
}

export interface RetentionRunResult {
  /** Items erased whole (metadata); `counts` has every kind. */
  items: number;
  counts: RetentionCounts;
  blobsRemoved: number;
  /** Blobs another item still needs, or files too fresh to remove. */
  blobsKept: number;
  dryRun: boolean;
}

const BATCH = 100;
/** Per kind and run; the next run goes on. */
const MAX_ITEMS_PER_KIND = 5_000;
const LINE_BATCH = 1_000;
const MAX_LINES_PER_KIND = 100_000;
const ITEM_KINDS: ItemKind[] = ['metadata', 'events', 'extracted', 'original'];

export async function purgeRetention(deps: RetentionPurgeDeps, options: { dryRun?: boolean } = {}): Promise<RetentionRunResult> {
  const dryRun = options.dryRun === true;
  const cutoffs = retentionCutoffs(deps.clock.now(), deps.days);
  const counts = emptyCounts();
  const released = { removed: 0, kept: 0 };
  const release = async (shas: Iterable<string>) => {
    const result = await deps.blobs.releaseBlobs([...shas], deps.files);
    released.removed += result.removed;
    released.kept += result.kept;
  };

  for (const kind of ITEM_KINDS) {
    // Items past the whole-item cutoff go whole (first): the other kinds leave them to it, so a dry run
    // does not count one item twice.
    const window: ItemWindow = kind === 'metadata' ? { before: cutoffs.metadata } : { before: cutoffs[kind], notBefore: cutoffs.metadata };
    let after: string | undefined;
    for (let seen = 0; seen < MAX_ITEMS_PER_KIND; ) {
      const batch = await deps.store.candidates(kind, window, Math.min(BATCH, MAX_ITEMS_PER_KIND - seen), after);
      if (batch.length === 0) break;
      seen += batch.length;
      after = batch[batch.length - 1];
      if (dryRun) {
        counts[kind] += batch.length;
        continue;
      }
      const shas = new Set<string>();
      for (const itemId of batch) {
        const result = await deps.store.purge(kind, itemId, window);
        if (result.purged) counts[kind]++;
        for (const sha of result.blobs) shas.add(sha);
      }
      if (shas.size > 0) await release(shas);
    }
  }

  for (const [kind, purge] of [
    ['accessLog', deps.store.purgeAccessLog],
    ['configAudit', deps.store.purgeConfigAudit],
  ] as const) {
    if (dryRun) {
      counts[kind] = await purge(cutoffs[kind], LINE_BATCH, true);
      continue;
    }
    while (counts[kind] < MAX_LINES_PER_KIND) {
      const deleted = await purge(cutoffs[kind], LINE_BATCH);
      counts[kind] += deleted;
      if (deleted < LINE_BATCH) break;
    }
  }

  // Blob rows no item needs: left by a crash between a step and its release, or by another erasure.
  if (!dryRun) await release(await deps.blobs.unneededBlobs(BATCH));

  const result = { items: counts.metadata, counts, blobsRemoved: released.removed, blobsKept: released.kept, dryRun };
  if (!dryRun) deps.logger?.info({ code: 'retention.purged', tenant: deps.store.tenantId, ...counts, blobsRemoved: released.removed, blobsKept: released.kept }, 'retention purge done');
  return result;
}

/** The purge's dependencies for one tenant's database and blob folder. */
export function retentionDeps(db: Db, input: { tenantId: string; days: RetentionDays; receiptlessDestinations: readonly string[]; blobs: Parameters<typeof createBlobFiles>[0]; clock: Clock; logger?: Pick<Logger, 'info'> }): RetentionPurgeDeps {
  return {
    store: createRetentionStore(db, { tenantId: input.tenantId }, finalityRule(input.receiptlessDestinations)),
    blobs: createRetentionBlobs(db),
    files: createBlobFiles(input.blobs),
    days: input.days,
    clock: input.clock,
    ...(input.logger ? { logger: input.logger } : {}),
  };
}

/** Destinations that never send a business receipt: for them `delivered` is final (core/retention.ts). */
export function receiptlessDestinations(config: Pick<WorkConfig, 'file'>): string[] {
  return Object.entries(config.file.destinations)
    .filter(([, destination]) => destination.kind !== 'overdragelse')
    .map(([id]) => id);
}

export interface RetentionPurge {
  /** One purge now (tests; `clock` is the purge's now). */
  runOnce(clock?: Clock): Promise<RetentionRunResult>;
  stop(): Promise<void>;
}

export function startRetentionPurge(config: WorkConfig, runtime: Runtime, logger: Logger): RetentionPurge {
  const deps = retentionDeps(runtime.database.db, {
    tenantId: config.app.tenantId,
    days: config.file.retention,
    receiptlessDestinations: receiptlessDestinations(config),
    blobs: runtime.blobs,
    clock: runtime.clock,
    logger,
  });
  // atStart: a worker that restarts daily would otherwise never reach its first interval.
  return startSerialTimer((clock?: Clock) => purgeRetention(clock ? { ...deps, clock } : deps), {
    intervalMs: config.file.retention.intervalHours * 60 * 60 * 1000,
    atStart: true,
    onError: (error) => logger.warn({ code: 'retention.purge_failed', error: errorCode(error) }, 'retention purge failed; the next run tries again'),
  });
}
