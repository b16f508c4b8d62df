// Re-distribution from Outlook: staff move a message from the rest folder into `Refordel/<destination>`;
// every `pollSeconds` the worker looks into those folders, re-distributes each message's item (its
// X-Fordeler-Item header) and moves the message on to the done folder — only after the re-distribution
// is in the database. The record's source_ref is the rest-folder message itself — its item and posting
// round (X-Fordeler-Item, X-Fordeler-Round), else its Message-ID — not where it was seen: a message seen
// again after a crash, or a second copy (a client that retried a failed move copies twice), is one
// re-distribution, and the copy is filed away as already recorded. Only a message with neither falls back
// to the IMAP action (account, folder, UIDVALIDITY, UID).
import type { ImapFlow } from 'imapflow';
import { RedistributionRefused } from '../../../db/redistribution-store.js';
import type { RestMailboxConfig } from '../../adapters/handover/destination-config.js';
import type { Logger } from '../../runtime/logger.js';
import type { RedistributeOutcome } from '../../actions/redistribute.js';
import { mailboxPathParts, resolveImapAuth, type ImapAccountConfig } from '../../sources/imap/config.js';
import { closeClient, createImapClient, errorCode, imapClientOptions } from '../../sources/imap/connection.js';
import { ensureFolder } from '../../sources/imap/mailbox-sync.js';

export interface RefordelWatcherDeps {
  account: ImapAccountConfig;
  config: RestMailboxConfig;
  destinations(): readonly string[];
  redistribute(input: { itemId: string; toDestination: string; by: string; via: 'imap-folder'; sourceRef: string }): Promise<RedistributeOutcome>;
  logger: Logger;
}

export interface RefordelWatcher {
  /** One look into every Refordel folder; returns how many messages were handled. */
  runOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

const ITEM_HEADER = 'x-fordeler-item';
const ROUND_HEADER = 'x-fordeler-round';

/** What identifies one rest-folder message, however many copies of it staff made. */
export interface RestMessageIdentity {
  itemId: string;
  round?: number;
  messageId?: string;
}

/** The idempotency key of a re-distribution by folder move; `imapAction` names the copy when nothing else can. */
export function restMessageRef(message: RestMessageIdentity, imapAction: string): string {
  if (message.round !== undefined) return `rest:${message.itemId}:${message.round}`;
  if (message.messageId) return `rest:${message.itemId}:message-id:${message.messageId.slice(0, 300)}`;
  return imapAction;
}

export function createRefordelWatcher(deps: RefordelWatcherDeps): RefordelWatcher {
  const { config, account, logger } = deps;
  const unknownFolder = `${config.refordelFolder}/Ukendt`;
  let client: ImapFlow | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  const prepared = new Set<string>();

  async function connect(): Promise<ImapFlow> {
    if (client?.usable) return client;
    const fresh = createImapClient(imapClientOptions({ ...account, idle: false }, await resolveImapAuth(account)));
    fresh.on('error', (error: unknown) => logger.warn({ code: 'refordel.imap_error', error: errorCode(error) }, 'rest mailbox connection error'));
    await fresh.connect();
    prepared.clear();
    client = fresh;
    return fresh;
  }

  async function handleFolder(imap: ImapFlow, destination: string): Promise<number> {
    const path = `${config.refordelFolder}/${destination}`;
    if (!prepared.has(path)) {
      await ensureFolder(imap, path);
      prepared.add(path);
    }
    const lock = await imap.getMailboxLock(mailboxPathParts(path));
    try {
      const opened = imap.mailbox;
      if (!opened || opened.exists === 0) return 0;
      const uidValidity = opened.uidValidity.toString();
      const found: { uid: number; identity: RestMessageIdentity | undefined }[] = [];
      for await (const message of imap.fetch('1:*', { uid: true, headers: [ITEM_HEADER, ROUND_HEADER, 'message-id'] })) {
        found.push({ uid: message.uid, identity: identityOf(message.headers) });
      }
      let handled = 0;
      for (const { uid, identity } of found) {
        const target = await settle(destination, identity, `imap:${account.id}:${path}:${uidValidity}:${uid}`);
        if (!target) continue;
        await ensureFolder(imap, target);
        await imap.messageMove(String(uid), mailboxPathParts(target), { uid: true });
        handled++;
      }
      return handled;
    } finally {
      lock.release();
    }
  }

  /** Where the message goes next: the done folder, `Ukendt` when it is no item of ours, or stay (undefined). */
  async function settle(destination: string, identity: RestMessageIdentity | undefined, imapAction: string): Promise<string | undefined> {
    if (!identity) {
      logger.warn({ code: 'refordel.not_an_item', destination }, 'a message without X-Fordeler-Item was moved to a Refordel folder');
      return unknownFolder;
    }
    const { itemId } = identity;
    try {
      const sourceRef = restMessageRef(identity, imapAction);
      const outcome = await deps.redistribute({ itemId, toDestination: destination, by: `${account.user} (mappeflytning i restpostkassen)`, via: 'imap-folder', sourceRef });
      if (outcome.status === 'already_recorded') logger.info({ code: 'refordel.already_recorded', itemId, destination }, 'a rest-folder message already re-distributed was filed away');
      return config.doneFolder;
    } catch (error) {
      if (error instanceof RedistributionRefused && error.reason === 'in_progress') return undefined;
      if (error instanceof RedistributionRefused) {
        logger.warn({ code: `refordel.${error.reason}`, itemId, destination }, 'a Refordel message could not be re-distributed');
        return unknownFolder;
      }
      throw error;
    }
  }

  async function runOnce(): Promise<number> {
    const imap = await connect();
    let handled = 0;
    for (const destination of deps.destinations()) handled += await handleFolder(imap, destination);
    return handled;
  }

  function schedule(): void {
    timer = setTimeout(() => {
      running = runOnce().catch((error: unknown) => {
        logger.warn({ code: 'refordel.poll_failed', error: errorCode(error) }, 'could not read the Refordel folders');
        client?.close();
        return 0;
      });
      void running.finally(() => {
        running = undefined;
        if (timer) schedule();
      });
    }, config.pollSeconds * 1000);
    timer.unref();
  }

  return {
    runOnce,
    start: schedule,
    async stop() {
      const pending = timer;
      timer = undefined;
      clearTimeout(pending);
      await running;
      if (client) await closeClient(client, 2_000);
    },
  };
}

/** The message's item, posting round and Message-ID from its headers; undefined when it is no item of ours. */
export function identityOf(headers: Buffer | undefined): RestMessageIdentity | undefined {
  // Folded header lines are unfolded first (RFC 5322 2.2.3).
  const text = headers?.toString('utf8').replace(/\r?\n[ \t]+/g, ' ') ?? '';
  const itemId = text.match(/^x-fordeler-item:\s*([0-9a-f-]{36})\s*$/im)?.[1]?.toLowerCase();
  if (!itemId) return undefined;
  const round = text.match(/^x-fordeler-round:\s*(\d{1,9})\s*$/im)?.[1];
  const messageId = text.match(/^message-id:\s*(<[^>\r\n]{1,400}>)\s*$/im)?.[1];
  return { itemId, ...(round !== undefined ? { round: Number(round) } : {}), ...(messageId ? { messageId } : {}) };
}
