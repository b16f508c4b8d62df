// What `fordeler work` does besides the stages, in the process that runs the sources (one per tenant):
// parked items into the IMAP rest folder (junk into its junk folder), re-distribution from the Refordel
// folders, the batched alert mails, erasing kept junk past its date, the retention purge and webhooks. Each is a loop over the database,
// so a crash or a restart only delays it.
import { createItemErasure } from '../../db/item-erasure.js';
import { createJunkQueries } from '../../db/junk-queries.js';
import { createRestPostingStore } from '../../db/rest-posting-store.js';
import { composeItemMessage } from '../adapters/mail/compose.js';
import { createAlerting, type Alerting } from './alerts/index.js';
import { createBlobFiles } from './blob-files.js';
import { startJunkPurge } from './junk-purge.js';
import { startRetentionPurge } from './retention-purge.js';
import { startWebhookDispatch } from './webhook-dispatch.js';
import type { MailConnections } from '../adapters/handover/by-destination.js';
import type { Logger } from '../runtime/logger.js';
import { publishDueRestItems, retractPlacedRestItems } from './rest-mailbox/publisher.js';
import { createRefordelWatcher, type RefordelWatcher } from './rest-mailbox/refordel-watcher.js';
import { errorCode } from '../sources/imap/connection.js';
import type { WorkConfig } from '../runtime/work-config.js';
import type { Runtime } from '../runtime/compose.js';
import type { Clock } from '../../core/ports.js';

/** Kept junk is kept for days: looking every quarter of an hour erases it soon enough. */
const JUNK_PURGE_INTERVAL_MS = 15 * 60 * 1000;

export interface FollowUps {
  /** One round of everything (tests, and `runOnce` after start-up); `purgeClock`: the junk purge's now for this round. */
  runOnce(options?: { purgeClock?: Clock }): Promise<{ posted: number; redistributed: number; purged: number; expired: number; notified: number }>;
  stop(): Promise<void>;
}

export function startFollowUps(config: WorkConfig, runtime: Runtime, mail: MailConnections, logger: Logger): FollowUps {
  const rest = config.file.restMailbox;
  const account = rest ? config.imap.find((a) => a.id === rest.account) : undefined;
  const writer = mail.imapWriter;
  const postings = createRestPostingStore(runtime.database.db, { tenantId: config.app.tenantId });
  const publish = async (): Promise<number> => {
    if (!rest || !account || !writer) return 0;
    const deps = {
      tenantId: config.app.tenantId,
      config: rest,
      from: `Fordeler restpost <${account.user}>`,
      store: postings,
      items: runtime.items,
      queries: runtime.queries,
      blobs: runtime.blobs,
      router: runtime.router,
      destinations: runtime.knownDestinations,
      compose: composeItemMessage,
      appendOnce: (accountId: string, mailbox: string, messageId: string, message: Buffer) => writer.appendOnce(accountId, mailbox, messageId, message),
      moveByMessageId: writer.moveByMessageId,
      logger,
    };
    const posted = await publishDueRestItems(deps);
    await retractPlacedRestItems(deps);
    return posted;
  };
  const watcher: RefordelWatcher | undefined =
    rest && account
      ? createRefordelWatcher({ account, config: rest, destinations: runtime.knownDestinations, redistribute: runtime.redistribute, logger })
      : undefined;
  const alerting: Alerting | undefined =
    config.file.alerts && config.file.smtp && mail.smtp
      ? createAlerting({
          db: runtime.database.db,
          tenantId: config.app.tenantId,
          alerts: config.file.alerts,
          from: config.file.smtp.from,
          transport: mail.smtp,
          clock: runtime.clock,
          logger,
          receiptDestinations: Object.entries(config.file.destinations).filter(([, d]) => d.kind === 'overdragelse').map(([id]) => id),
        })
      : undefined;

  // Posting runs on its own timer: new parked items should reach staff within seconds, not at the next poll.
  let publishing: Promise<unknown> | undefined;
  const timer = rest
    ? setInterval(() => {
        publishing ??= publish()
          .catch((error: unknown) => logger.warn({ code: 'rest.post_failed', error: errorCode(error) }, 'could not post parked items to the rest folder'))
          .finally(() => (publishing = undefined));
      }, Math.min(rest.pollSeconds, 5) * 1000)
    : undefined;
  timer?.unref();
  watcher?.start();
  alerting?.start();
  // Always on, whatever the policy is now: junk kept under an earlier `keep` policy still has its date.
  const tenantScope = { tenantId: config.app.tenantId };
  const purge = startJunkPurge(
    {
      junk: createJunkQueries(runtime.database.db, tenantScope),
      erasure: createItemErasure(runtime.database.db, tenantScope),
      files: createBlobFiles(runtime.blobs),
      clock: runtime.clock,
      logger,
    },
    JUNK_PURGE_INTERVAL_MS,
    (error) => logger.warn({ code: 'junk.purge_failed', error: errorCode(error) }, 'could not erase kept junk past its date'),
  );
  const retention = startRetentionPurge(config, runtime, logger);
  const webhooks = startWebhookDispatch(config, runtime, logger);

  return {
    async runOnce(options = {}) {
      const posted = await publish();
      const redistributed = watcher ? await watcher.runOnce() : 0;
      await alerting?.runOnce();
      const { items: purged } = await purge.runOnce(options.purgeClock);
      const { items: expired } = await retention.runOnce(options.purgeClock);
      const { delivered: notified } = await webhooks.runOnce();
      return { posted, redistributed, purged, expired, notified };
    },
    async stop() {
      clearInterval(timer);
      await publishing;
      await watcher?.stop();
      await alerting?.stop();
      await purge.stop();
      await retention.stop();
      await webhooks.stop();
    },
  };
}
