// The parts of `fordeler work` that process items: database, blob store, extraction (with and without
// OCR), classifier, router, handover, and the stage runner (BullMQ with REDIS_URL, else in-process).
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ExtractedContent } from '../core/model.js';
import type { BlobStore, Clock, ContentExtractor, DeliveryStore, ItemStore, Ocr, Router } from '../core/ports.js';
import { createOverdragelseHandover, type OverdragelseDestination } from './adapters/handover/overdragelse-handover.js';
import { createFiludveksling } from './adapters/filudveksling/index.js';
import { createOverdragelseClient } from './adapters/overdragelse/client.js';
import { createRuleSetStore } from '../db/rule-set-store.js';
import { createRouter } from '../rules/router.js';
import { parseRuleFile } from '../rules/schema.js';
import { createLearningStore } from '../db/learning-store.js';
import { loadKnowledge } from './learning.js';
import { createCheckpointStore } from '../db/checkpoint-store.js';
import { openDatabase, type Database } from '../db/connect.js';
import { createDeliveryStore } from '../db/delivery-store.js';
import { createItemQueries, type ItemQueries } from '../db/item-queries.js';
import { createItemStore } from '../db/item-store.js';
import { loadRouter, systemClock } from './app.js';
import { createFileBlobStore } from './adapters/blob-store.js';
import { createPipelineClassifier } from './adapters/classifier.js';
import { createDocumentTextExtractor } from './adapters/documents.js';
import { createContentExtractor } from './adapters/extract/index.js';
import { createOutboxHandover } from './adapters/handover/outbox.js';
import { createTesseractPool } from './adapters/ocr/tesseract-pool.js';
import { createStageHandlers, markExhausted } from './handlers/index.js';
import type { JobStage } from './jobs.js';
import type { Logger } from './logger.js';
import type { WorkMetrics } from './metrics.js';
import { createBullmqRunner } from './queue/bullmq-runner.js';
import { createInProcessRunner } from './queue/in-process-runner.js';
import type { StageRunner } from './queue/types.js';
import type { WorkConfig } from './work-config.js';
import { createDestinationHandover, openMailConnections, type MailConnections } from './delivery/handovers.js';
import { createRedistributionStore } from '../db/redistribution-store.js';
import { knownDestinations, redistribute, type RedistributeDeps, type RedistributeOutcome } from './redistribute.js';

export type RedistributeInput = Parameters<typeof redistribute>[1];

export interface WorkRuntime {
  database: Database;
  /** The IMAP writer and SMTP pool, shared by handovers, the rest mailbox and the alerts. */
  mail: MailConnections;
  /** Routing as it is now (the published rule set, reloaded on change). */
  router: Router;
  /** Re-distribute an item by hand (CLI, API, a Refordel folder move): recorded, queued, learned from. */
  redistribute(input: RedistributeInput): Promise<RedistributeOutcome>;
  /** Where staff may re-distribute to: the rule set's destinations and the configured ones. */
  knownDestinations(): string[];
  deliveries: DeliveryStore;
  items: ItemStore;
  queries: ItemQueries;
  blobs: BlobStore;
  clock: Clock;
  runner: StageRunner;
  checkpoints: ReturnType<typeof createCheckpointStore>;
  close(): Promise<void>;
}

/** How often a published rule set and the learned model are re-read, so changes apply without a restart. */
const KNOWLEDGE_RELOAD_MS = 60_000;

/** Thrown by the text-only extractor's OCR port: this item belongs on the `ocr` queue. */
class OcrDeferred extends Error {
  override readonly name = 'OcrDeferred';
}

export async function openWorkRuntime(config: WorkConfig, logger: Logger, metrics: Pick<WorkMetrics, 'observeAttempt'>, stages?: readonly JobStage[]): Promise<WorkRuntime> {
  // The rule file is checked first: a broken one should stop us before anything heavy starts.
  const fileRouter = await loadRouter(config.rulesPath);
  const database = await openDatabase({
    ...(config.app.databaseUrl ? { databaseUrl: config.app.databaseUrl } : {}),
    dataDir: join(config.app.dataDir, 'pglite'),
  });
  const clock = systemClock;
  const blobs = createFileBlobStore(join(config.app.dataDir, 'blobs'));
  const items = createItemStore(database.db, clock);
  const queries = createItemQueries(database.db);
  // Tesseract workers start on first use, so a process that never OCRs never pays for them.
  const pool = createTesseractPool({ size: config.app.ocrWorkers });
  const sidecarFormats = config.sidecarFormats;
  const extractorWithOcr = createContentExtractor({ blobs, documents: createDocumentTextExtractor({ ocr: pool }), sidecarFormats });
  const textOnlyExtractor = (): { extractor: ContentExtractor; ocrWanted(): boolean } => {
    let wanted = false;
    const refuse: Ocr = {
      recognize: async () => {
        wanted = true;
        throw new OcrDeferred('OCR runs on the ocr queue');
      },
    };
    return { extractor: createContentExtractor({ blobs, documents: createDocumentTextExtractor({ ocr: refuse }), sidecarFormats }), ocrWanted: () => wanted };
  };
  // The municipality's published rule set, when it has one, is the policy; the file is the fallback.
  const ruleSets = createRuleSetStore(database.db);
  // Rebuilt only when a new version is published: compiling (and indexing) thousands of rules is not free.
  const publishedRouter = async (current?: Router): Promise<Router> => {
    const published = await ruleSets.published(config.app.tenantId);
    if (!published) return fileRouter;
    return current?.version === published.version ? current : createRouter(parseRuleFile(published.body), { version: published.version });
  };
  const routing = { current: await publishedRouter() };
  const router: Router = {
    get version() {
      return routing.current.version;
    },
    get destinations() {
      return routing.current.destinations;
    },
    route: (content, classification) => routing.current.route(content, classification),
    destinationForKle: (nr) => routing.current.destinationForKle(nr),
  };
  logger.info({ code: 'route.rule_set', version: router.version }, 'routing with rule set');
  const learning = createLearningStore(database.db);
  // Every confirmation saves a model version, so an unchanged version id means nothing new was learned.
  const learned = { version: await learning.latestModelId(config.app.tenantId) };
  const classifier = { current: createPipelineClassifier({ threshold: config.app.kleThreshold, knowledge: await loadKnowledge(learning, config.app.tenantId) }) };
  const reloadKnowledge = async (): Promise<void> => {
    const version = await learning.latestModelId(config.app.tenantId);
    if (version === learned.version) return;
    classifier.current = createPipelineClassifier({ threshold: config.app.kleThreshold, knowledge: await loadKnowledge(learning, config.app.tenantId) });
    learned.version = version;
  };
  const refresh = setInterval(() => {
    publishedRouter(routing.current)
      .then((next) => (routing.current = next))
      .catch((error: unknown) => logger.warn({ code: 'route.rule_set_reload_failed', err: error instanceof Error ? error.message : String(error) }, 'could not reload the published rule set'));
    reloadKnowledge().catch((error: unknown) => logger.warn({ code: 'classify.knowledge_reload_failed', err: error instanceof Error ? error.message : String(error) }, 'could not reload the learned model'));
  }, KNOWLEDGE_RELOAD_MS);
  refresh.unref();
  const deliveries = createDeliveryStore(database.db);
  const outbox = createOutboxHandover(config.outboxDir, blobs);
  const overdragelse = config.file.overdragelse ? await openOverdragelse(config, blobs) : undefined;
  const mail = openMailConnections(config);
  const handover = createDestinationHandover(config, { blobs, outbox, mail, ...(overdragelse ? { overdragelse: overdragelse.handover } : {}) });
  const deps = {
    items,
    queries,
    blobs,
    clock,
    // What staff confirmed since start-up is learned by reloading (each confirmation saves a model version).
    classify: (content: ExtractedContent) => classifier.current(content),
    router,
    extractorWithOcr,
    textOnlyExtractor,
    deliveries,
    handover,
    extractTimeoutMs: config.app.itemTimeoutMs,
    logger,
  };
  const runnerOptions = {
    handlers: createStageHandlers(deps),
    policies: config.policies,
    onExhausted: markExhausted(deps),
    onAttempt: metrics.observeAttempt,
    ...(stages ? { stages } : {}),
  };
  const runner = config.redisUrl
    ? createBullmqRunner({ ...runnerOptions, redisUrl: config.redisUrl, prefix: config.queuePrefix, lockDurationMs: config.lockDurationMs })
    : createInProcessRunner(runnerOptions);
  const redistributeDeps: RedistributeDeps = {
    tenantId: config.app.tenantId,
    store: createRedistributionStore(database.db, clock),
    items,
    queries,
    learning,
    router,
    configuredDestinations: Object.keys(config.file.destinations),
    enqueueDeliver: (itemId) => runner.enqueue('deliver', itemId),
    logger,
  };
  return {
    database,
    router,
    mail,
    redistribute: (input) => redistribute(redistributeDeps, input),
    knownDestinations: () => knownDestinations(redistributeDeps),
    deliveries,
    items,
    queries,
    blobs,
    clock,
    runner,
    checkpoints: createCheckpointStore(database.db, clock),
    async close() {
      clearInterval(refresh);
      await overdragelse?.close();
      await runner.close();
      await mail.close();
      await pool.close();
      await database.close();
    },
  };
}

/**
 * The SF2900 client and handover for the configured destinations, with Filudveksling (SFTP) for the
 * documents above the inline limit; certificate and key files are read once at start-up.
 */
async function openOverdragelse(config: WorkConfig, blobs: BlobStore) {
  const settings = config.file.overdragelse!;
  const read = (path: string) => readFile(resolve(config.baseDir, path));
  const secret = (name: string | undefined) => (name && process.env[name] ? { passphrase: process.env[name]! } : {});
  const tls = settings.tls
    ? {
        cert: await read(settings.tls.certFile),
        key: await read(settings.tls.keyFile),
        ...(settings.tls.caFile ? { ca: await read(settings.tls.caFile) } : {}),
        ...secret(settings.tls.passphraseEnv),
      }
    : undefined;
  const client = createOverdragelseClient({
    endpoint: settings.endpoint,
    municipalityCvr: settings.municipalityCvr,
    systemUuid: settings.systemUuid,
    timeoutMs: settings.timeoutSeconds * 1000,
    ...(tls ? { tls } : {}),
  });
  const sftp = config.file.filudveksling;
  const filudveksling = sftp
    ? createFiludveksling({
        host: sftp.host,
        port: sftp.port,
        username: sftp.username,
        privateKey: await read(sftp.privateKeyFile),
        ...secret(sftp.passphraseEnv),
        ...(sftp.hostKeySha256 ? { hostKeySha256: sftp.hostKeySha256 } : {}),
        remoteDir: sftp.remoteDir,
        timeoutMs: sftp.timeoutSeconds * 1000,
      })
    : undefined;
  const destinations = new Map<string, OverdragelseDestination>();
  for (const [id, destination] of Object.entries(config.file.destinations)) {
    if (destination.kind !== 'overdragelse') continue;
    destinations.set(id, {
      ...(destination.receiverSystemUuid ? { receiverSystemUuid: destination.receiverSystemUuid } : {}),
      ...(destination.handlingFacet ? { handlingFacet: destination.handlingFacet } : {}),
    });
  }
  const handover = createOverdragelseHandover({
    client,
    blobs,
    ...(filudveksling ? { filudveksling } : {}),
    inlineLimitBytes: settings.inlineLimitMB * 1024 * 1024,
    checkReceivers: settings.checkReceivers,
    destination: (id) => destinations.get(id),
  });
  return {
    handover,
    async close() {
      client.close();
      await filudveksling?.close();
    },
  };
}
