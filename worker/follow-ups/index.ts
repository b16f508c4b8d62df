// What `fordeler work` does besides the stages, in the process that runs the sources (one per tenant):
// parked items into the IMAP rest folder, re-distribution from the Refordel folders, and the batched
// alert mails. Each is a loop over the database, so a crash or a restart only delays it.
import { createRestPostingStore } from '../../db/rest-posting-store.js';
import { composeItemMessage } from '../adapters/mail/compose.js';
import { createAlerting, type Alerting } from './alerts/index.js';
import type { MailConnections } from '../adapters/handover/by-destination.js';
import type { Logger } from '../runtime/logger.js';
import { publishDueRestItems, retractPlacedRestItems } from './rest-mailbox/publisher.js';
import { createRefordelWatcher, type RefordelWatcher } from './rest-mailbox/refordel-watcher.js';
import { errorCode } from '../sources/imap/connection.js';
import type { WorkConfig } from '../runtime/work-config.js';
import type { Runtime } from '../runtime/compose.js';

export interface FollowUps {
  /** One round of everything (tests, and `runOnce` after start-up). */
  runOnce(): Promise<{ posted: number; redistributed: number }>;
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

  return {
    async runOnce() {
      const posted = await publish();
      const redistributed = watcher ? await watcher.runOnce() : 0;
      await alerting?.runOnce();
      return { posted, redistributed };
    },
    async stop() {
      clearInterval(timer);
      await publishing;
      await watcher?.stop();
      await alerting?.stop();
    },
  };
}
