// The one composition root of Fordeler: `fordeler work` and `fordeler process` (and the tools built on
// them) open the same runtime — database, blob store, extraction with a lazily started OCR pool, the
// classifier and router kept current, deliveries and handover, the stage handlers, the runner (BullMQ with
// REDIS_URL, else in-process) and the Intake that starts an item's way. They differ only by policy.
import { join } from 'node:path';
import type { BlobStore, CheckpointStore, Clock, ContentExtractor, DeliveryStore, ItemStore, KleClassifier, Router } from '../../core/ports.js';
import { createCheckpointStore } from '../../db/checkpoint-store.js';
import { openDatabase, type Database } from '../../db/connect.js';
import { createDeliveryStore } from '../../db/delivery-store.js';
import { createItemQueries, type ItemQueries } from '../../db/item-queries.js';
import { createItemStore } from '../../db/item-store.js';
import type { LearningStore } from '../../db/learning-store.js';
import { createRedistributionStore } from '../../db/redistribution-store.js';
import { createFileBlobStore } from '../adapters/blob-store.js';
import { createOutboxHandover } from '../adapters/handover/outbox.js';
import { createDestinationHandover, openMailConnections, type MailConnections } from '../adapters/handover/by-destination.js';
import { createStageHandlers, markExhausted } from './handlers/index.js';
import type { JobStage } from './jobs.js';
import type { Logger } from './logger.js';
import type { WorkMetrics } from './metrics.js';
import { createBullmqRunner } from './queue/bullmq-runner.js';
import { createInProcessRunner } from './queue/in-process-runner.js';
import type { StageHandlers, StageRunner } from './queue/types.js';
import { knownDestinations, redistribute, type RedistributeDeps, type RedistributeOutcome } from '../actions/redistribute.js';
import { createIntake, type Intake } from '../sources/intake.js';
import type { WorkConfig } from './work-config.js';
import { openExtraction, type Extraction, type OcrDecorator } from './extraction.js';
import { loadRouter, openKnowledge, type SafetyChoice } from './knowledge.js';
import { openOverdragelse } from './overdragelse.js';
import { applyPolicy, WORK_POLICY, type PipelinePolicy } from './policy.js';

export type RedistributeInput = Parameters<typeof redistribute>[1];

export const systemClock: Clock = { now: () => new Date() };

/** Hooks for measuring (the benchmark) or replaying (the parity test) without changing the wiring. */
export interface RuntimeDecorators {
  ocr?: OcrDecorator;
  extractor?: (extractor: ContentExtractor) => ContentExtractor;
  classify?: (classify: KleClassifier) => KleClassifier;
  router?: (router: Router) => Router;
}

export interface RuntimeOptions {
  logger: Logger;
  /** Default: `work`'s (hand over, published rules, BullMQ when configured). */
  policy?: PipelinePolicy;
  metrics?: Pick<WorkMetrics, 'observeAttempt'>;
  /** Stages this process works on; default all. */
  stages?: readonly JobStage[];
  decorate?: RuntimeDecorators;
  /** Told after every try of a stage on an item (and after it was marked failed): its state may have moved. */
  onItemProgress?(itemId: string): void;
}

export interface Runtime {
  config: WorkConfig;
  policy: PipelinePolicy;
  database: Database;
  /** The IMAP writer and SMTP pool, shared by handovers, the rest mailbox and the alerts. */
  mail: MailConnections;
  /** Routing as it is now (the published rule set, reloaded on change, or the rule file). */
  router: Router;
  classify: KleClassifier;
  extraction: Extraction;
  /** Where every source hands what it received: bytes → blob store → item row → first job. */
  intake: Intake;
  /** Re-distribute an item by hand (CLI, API, a Refordel folder move): recorded, queued, learned from. */
  redistribute(input: RedistributeInput): Promise<RedistributeOutcome>;
  /** Where staff may re-distribute to: the rule set's destinations and the configured ones. */
  knownDestinations(): string[];
  /** Confirmations and the learned model: accepted receipts confirm their destination here. */
  learning: LearningStore;
  /** The routing-safety gate's settings as chosen now, and how (risk control, default, or fixed). */
  safetyChoice(): SafetyChoice;
  deliveries: DeliveryStore;
  items: ItemStore;
  queries: ItemQueries;
  blobs: BlobStore;
  clock: Clock;
  handlers: StageHandlers;
  runner: StageRunner;
  checkpoints: CheckpointStore;
  close(): Promise<void>;
}

export async function openRuntime(config: WorkConfig, options: RuntimeOptions): Promise<Runtime> {
  const { logger, decorate = {} } = options;
  const policy = options.policy ?? WORK_POLICY;
  // The rule file is checked first: a broken one should stop us before anything heavy starts.
  const fileRouter = await loadRouter(config.rulesPath);
  const database = await openDatabase({
    ...(config.app.databaseUrl ? { databaseUrl: config.app.databaseUrl } : {}),
    dataDir: join(config.app.dataDir, 'pglite'),
  });
  const closers: (() => Promise<void> | void)[] = [() => database.close()];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    const clock = systemClock;
    const tenantId = config.app.tenantId;
    const blobs = createFileBlobStore(join(config.app.dataDir, 'blobs'));
    const items = createItemStore(database.db, { tenantId, clock });
    const queries = createItemQueries(database.db, { tenantId });
    const knowledge = await openKnowledge(database, {
      tenantId,
      kleThreshold: config.app.kleThreshold,
      fileRouter,
      published: policy.rules === 'published',
      routing: config.file.routing,
      logger,
    });
    closers.push(() => knowledge.close());
    const extraction = openExtraction(blobs, { ocrWorkers: config.app.ocrWorkers, sidecarFormats: config.sidecarFormats, xmlMappings: config.xmlMappings, ...(decorate.ocr ? { decorateOcr: decorate.ocr } : {}) });
    closers.push(() => extraction.close());
    const mail = openMailConnections(config);
    closers.push(() => mail.close());
    const overdragelse = policy.handOver ? await openOverdragelse(config, blobs) : undefined;
    if (overdragelse) closers.push(() => overdragelse.close());

    const router = decorate.router ? decorate.router(knowledge.router) : knowledge.router;
    const classify = decorate.classify ? decorate.classify(knowledge.classify) : knowledge.classify;
    const decorateExtractor = decorate.extractor ?? ((extractor: ContentExtractor) => extractor);
    const deliveries = createDeliveryStore(database.db, tenantId);
    const handover = createDestinationHandover(config, {
      blobs,
      outbox: createOutboxHandover(config.outboxDir, blobs),
      mail,
      ...(overdragelse ? { overdragelse: overdragelse.handover } : {}),
    });
    const deps = {
      items,
      queries,
      blobs,
      clock,
      classify,
      router,
      extractor: decorateExtractor(extraction.extractor),
      deliveries,
      handover,
      extractTimeoutMs: config.app.itemTimeoutMs,
      // The deliver stage re-sends a delivered item only once its receipt is overdue by the reconciler's limit.
      receiptOverdueMs: config.file.reconcile.receiptOverdueSeconds * 1000,
      junk: config.file.junk,
      safety: knowledge.safety,
      logger,
    };
    const handlers = observed(applyPolicy(createStageHandlers(deps), policy), options.onItemProgress);
    const exhausted = markExhausted(deps);
    const runnerOptions = {
      handlers,
      policies: config.policies,
      onExhausted: async (stage: JobStage, itemId: string, error: unknown) => {
        try {
          await exhausted(stage, itemId, error);
        } finally {
          options.onItemProgress?.(itemId);
        }
      },
      ...(options.metrics ? { onAttempt: options.metrics.observeAttempt } : {}),
      ...(options.stages ? { stages: options.stages } : {}),
    };
    const runner =
      config.redisUrl && policy.queue === 'configured'
        ? createBullmqRunner({ ...runnerOptions, redisUrl: config.redisUrl, prefix: config.queuePrefix, lockDurationMs: config.lockDurationMs })
        : createInProcessRunner(runnerOptions);
    closers.push(() => runner.close());
    const intake = createIntake({ blobs, items, clock, startPipeline: (itemId) => runner.enqueue('ingest', itemId) });
    const redistributeDeps: RedistributeDeps = {
      tenantId,
      store: createRedistributionStore(database.db, clock, tenantId),
      items,
      queries,
      learning: knowledge.learning,
      router,
      configuredDestinations: Object.keys(config.file.destinations),
      enqueueDeliver: (itemId) => runner.enqueue('deliver', itemId),
      logger,
    };
    return {
      config,
      policy,
      database,
      mail,
      router,
      classify,
      extraction,
      intake,
      redistribute: (input) => redistribute(redistributeDeps, input),
      knownDestinations: () => knownDestinations(redistributeDeps),
      learning: knowledge.learning,
      safetyChoice: knowledge.safetyChoice,
      deliveries,
      items,
      queries,
      blobs,
      clock,
      handlers,
      runner,
      checkpoints: createCheckpointStore(database.db, { tenantId, clock }),
      close: closeAll,
    };
  } catch (error) {
    await closeAll().catch(() => {});
    throw error;
  }
}

/** Tells `onItemProgress` after every try, whatever its outcome. */
function observed(handlers: StageHandlers, onItemProgress: ((itemId: string) => void) | undefined): StageHandlers {
  if (!onItemProgress) return handlers;
  const wrap = (stage: JobStage): StageHandlers[JobStage] => async (itemId, attempt) => {
    try {
      return await handlers[stage](itemId, attempt);
    } finally {
      onItemProgress(itemId);
    }
  };
  return { ingest: wrap('ingest'), extract: wrap('extract'), ocr: wrap('ocr'), classify: wrap('classify'), route: wrap('route'), deliver: wrap('deliver') };
}
