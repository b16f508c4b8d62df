// `fordeler work`: the 24/7 service. Sources hand post to the Intake; stage workers move items through
// the pipeline; the reconciler re-queues what a crash or a lost queue left behind; /healthz and /metrics
// report. SIGTERM stops sources first (nothing half-taken), then the workers (jobs in hand finish).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createLogger, type Logger } from './logger.js';
import { createWorkMetrics, type WorkMetrics } from './metrics.js';
import { startOpsServer } from './http-server.js';
import { JOB_STAGES, type JobStage } from './jobs.js';
import type { ItemStore } from '../../core/ports.js';
import type { ItemQueries } from '../../db/item-queries.js';
import type { WorkQueue } from './queue/types.js';
import { createReconciler, type Reconciler } from './reconciler.js';
import type { Intake } from '../sources/intake.js';
import { createSources } from '../sources/index.js';
import type { Source } from '../sources/source.js';
import { openRuntime, type Runtime, type RuntimeDecorators } from './compose.js';
import type { OpsTls } from './http-server.js';
import { createOpsAuth, readWriteTokens, type OpsAuthPolicy } from './ops-auth.js';
import { receiptRoute, redistributeRoute } from './ops-routes.js';
import type { WorkConfig } from './work-config.js';
import { startFollowUps, type FollowUps } from '../follow-ups/index.js';
import { createReceiptQueries } from '../../db/receipt-queries.js';

export interface WorkOptions {
  /** Run the configured sources (mailboxes, folders). Off for extra stage-only worker processes. */
  sources: boolean;
  /** Stages this process works on; default all. */
  stages?: readonly JobStage[];
  /** Port for /healthz and /metrics; 0 picks a free one, null runs none. */
  httpPort?: number | null;
  /** Measuring or replaying hooks (benchmarks, tests); production passes none. */
  decorate?: RuntimeDecorators;
  /** Where `http.writeTokens` and passphrases are read from; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningWork {
  intake: Intake;
  /** Reads on the same database (status commands, tests). */
  queries: ItemQueries;
  /** The tenant's items with their stored decisions (the same store the stages write through). */
  items: ItemStore;
  /** The stage queues (the reconciler and tests queue stages by hand). */
  queue: WorkQueue;
  reconciler: Reconciler;
  /** Re-distribute an item by hand (what the API and the Refordel folders call). */
  redistribute: Runtime['redistribute'];
  /** The rest mailbox, Refordel and alert loops (in the process with the sources). */
  followUps?: FollowUps;
  opsUrl?: string;
  stop(): Promise<void>;
}

export async function startWork(config: WorkConfig, options: WorkOptions, logger: Logger = createLogger(config.app.logLevel)): Promise<RunningWork> {
  // Metrics read the runtime when scraped; the runtime reports stage timings to the metrics.
  const opened: { runtime?: Runtime } = {};
  const metrics = createWorkMetrics({
    queueDepth: () => opened.runtime!.runner.depth(),
    itemsByState: () => opened.runtime!.queries.countByState(),
  });
  const runtime = await openRuntime(config, { logger, metrics, ...(options.stages ? { stages: options.stages } : {}), ...(options.decorate ? { decorate: options.decorate } : {}) });
  opened.runtime = runtime;
  try {
    return await startOnRuntime(config, options, logger, runtime, metrics);
  } catch (error) {
    // A bad folder or mailbox setting: close what was opened, so the process can exit with the error.
    await runtime.close().catch(() => {});
    throw error;
  }
}

async function startOnRuntime(config: WorkConfig, options: WorkOptions, logger: Logger, runtime: Runtime, metrics: WorkMetrics): Promise<RunningWork> {
  const { runner, queries, clock } = runtime;
  // Before anything starts: a missing certificate or write secret stops the start with a clear error.
  const security = options.httpPort === null ? undefined : await opsSecurity(config, logger, options.env ?? process.env);
  await runner.start();

  // Delivered items whose receiver sends business receipts (SF2900) are re-sent when the receipt is overdue.
  const receiptDestinations = Object.entries(config.file.destinations).filter(([, d]) => d.kind === 'overdragelse').map(([id]) => id);
  const reconciler = createReconciler({
    tenantId: config.app.tenantId,
    queries,
    awaitingReceipt: createReceiptQueries(runtime.database.db, config.app.tenantId, receiptDestinations).awaitingReceipt,
    queue: runner,
    clock,
    logger,
    staleAfterMs: config.file.reconcile.staleSeconds * 1000,
    receiptOverdueMs: config.file.reconcile.receiptOverdueSeconds * 1000,
    intervalMs: config.file.reconcile.intervalSeconds * 1000,
  });

  const { intake } = runtime;
  const countedIntake: Intake = {
    async receive(incoming) {
      try {
        const result = await intake.receive(incoming);
        metrics.countIntake(incoming.source, result.created ? 'created' : result.duplicate ? 'duplicate' : 'again');
        return result;
      } catch (error) {
        metrics.countIntake(incoming.source, 'error');
        throw error;
      }
    },
  };
  const sources: Source[] = options.sources ? createSources(config, { intake: countedIntake, checkpoints: runtime.checkpoints, logger }) : [];
  const starts = await Promise.allSettled(sources.map((source) => source.start()));
  const failed = starts.find((start): start is PromiseRejectedResult => start.status === 'rejected');
  if (failed) {
    await Promise.allSettled(sources.map((source) => source.stop()));
    await reconciler.stop();
    throw failed.reason;
  }

  const ops =
    !security
      ? undefined
      : await startOpsServer({
          host: config.file.http.host,
          port: options.httpPort ?? config.file.http.port,
          registry: metrics.registry,
          checks: [
            { name: 'database', check: async () => void (await queries.countByState()) },
            { name: 'queue', check: async () => void (await runner.depth()) },
          ],
          posts: [receiptRoute({ items: runtime.items, deliveries: runtime.deliveries, clock, logger, learning: runtime.learning }, security.auth), redistributeRoute(runtime, security.auth, logger)],
          ...(security.tls ? { tls: security.tls } : {}),
        });
  // At start everything unfinished is looked at (jobs that still exist are not queued twice) — only once the
  // ops server listens, so the business receipt of a re-send made now has an endpoint to arrive at.
  await reconciler.runOnce(config.file.reconcile.staleSeconds * 1000);
  reconciler.start();
  // Rest mailbox, Refordel folders and alert mails: once per tenant, in the process with the sources.
  const followUps = options.sources ? startFollowUps(config, runtime, runtime.mail, logger) : undefined;
  logger.info({ code: 'work.started', sources: sources.map((s) => s.name), stages: options.stages ?? JOB_STAGES, redis: Boolean(config.redisUrl), ops: ops?.url }, 'fordeler work started');

  let stopping: Promise<void> | undefined;
  return {
    intake: countedIntake,
    queries,
    items: runtime.items,
    queue: runner,
    reconciler,
    redistribute: runtime.redistribute,
    ...(followUps ? { followUps } : {}),
    ...(ops ? { opsUrl: ops.url } : {}),
    stop() {
      stopping ??= (async () => {
        await Promise.allSettled(sources.map((source) => source.stop()));
        await reconciler.stop();
        await followUps?.stop();
        await ops?.close();
        await runtime.close();
        logger.info({ code: 'work.stopped' }, 'fordeler work stopped');
      })();
      return stopping;
    },
  };
}

/** The ops listener's TLS files and its POST policy; a route that cannot be served safely is off, said once here. */
async function opsSecurity(config: WorkConfig, logger: Logger, env: NodeJS.ProcessEnv): Promise<{ tls?: OpsTls; auth: OpsAuthPolicy }> {
  const http = config.file.http;
  const read = (field: string, path: string) =>
    readFile(resolve(config.baseDir, path)).catch((error: unknown) => {
      throw new Error(`http.tls.${field}: cannot read ${resolve(config.baseDir, path)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
    });
  const passphrase = http.tls?.passphraseEnv ? env[http.tls.passphraseEnv] : undefined;
  const tls = http.tls
    ? { cert: await read('certFile', http.tls.certFile), key: await read('keyFile', http.tls.keyFile), clientCa: await read('clientCaFile', http.tls.clientCaFile), ...(passphrase ? { passphrase } : {}) }
    : undefined;
  const auth = createOpsAuth({
    listenerHost: http.host,
    tls: Boolean(tls),
    tokens: readWriteTokens(http, env),
    writeClientSha256: http.writeClientSha256,
    receiptCallerSha256: config.file.overdragelse?.receiptCallerSha256 ?? [],
  });
  if (!auth.writes.served) logger.warn({ code: 'ops.route_disabled', route: '/redistribute', why: auth.writes.why }, 'POST /redistribute is not served');
  const receiptsMatter = Boolean(config.file.overdragelse);
  if (auth.receipts.mode === 'off' && receiptsMatter) logger.warn({ code: 'ops.route_disabled', route: '/fk/kvittering', why: auth.receipts.why }, 'POST /fk/kvittering is not served: business receipts cannot arrive');
  else if (auth.receipts.mode !== 'off') logger.info({ code: 'ops.receipts', mode: auth.receipts.mode, why: auth.receipts.why }, 'POST /fk/kvittering takes business receipts');
  return { ...(tls ? { tls } : {}), auth };
}
