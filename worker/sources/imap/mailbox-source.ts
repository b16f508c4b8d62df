// A long-running Source for one IMAP mailbox: connect, drain the mailbox, wait for new mail (IDLE, with
// polling as a safety net and as the fallback), and reconnect with backoff whenever anything fails.
// A failure never loses mail: a message is only moved or flagged after the Intake has stored it, so
// whatever was in hand when the connection broke or the disk filled up is simply fetched again.
import type { ImapFlow } from 'imapflow';
import type { CheckpointStore } from '../../../core/ports.js';
import type { Logger } from '../../runtime/logger.js';
import type { Intake } from '../intake.js';
import type { Source } from '../source.js';
import { ImapConfigError, resolveImapAuth, type ImapAccountConfig, type ImapMailboxConfig, type ReadSecretFile } from './config.js';
import { closeClient, createImapClient, errorCode, imapClientOptions, type ImapClientFactory } from './connection.js';
import { drainMailbox, ImapSourceError, openMailbox } from './mailbox-sync.js';
import { backoffDelay, createWakeup, DEFAULT_BACKOFF, settlesWithin, sleep, type BackoffOptions } from './timing.js';

export interface ImapSourceDeps {
  intake: Intake;
  checkpoints: CheckpointStore;
  tenantId: string;
  logger: Logger;
  /** Tests wrap the real client (to break connections on purpose); the default is `new ImapFlow()`. */
  clientFactory?: ImapClientFactory;
  env?: NodeJS.ProcessEnv;
  readSecretFile?: ReadSecretFile;
  backoff?: BackoffOptions;
  /** How long stop() lets the message in hand finish before it abandons it (unmoved). */
  stopGraceMs?: number;
}

export interface ImapMailboxSourceOptions extends ImapSourceDeps {
  account: ImapAccountConfig;
  mailbox: ImapMailboxConfig;
}

const DEFAULT_STOP_GRACE_MS = 10_000;
const LOGOUT_TIMEOUT_MS = 2_000;
// After a forced close every pending command rejects at once; this only bounds the unexpected.
const FORCED_STOP_MS = 3_000;

export function imapSourceName(account: ImapAccountConfig, mailbox: ImapMailboxConfig): string {
  return `imap:${account.id}/${mailbox.path}`;
}

export function createImapMailboxSource(options: ImapMailboxSourceOptions): Source {
  const { account, mailbox, env = process.env, readSecretFile } = options;
  const name = imapSourceName(account, mailbox);
  const createClient = options.clientFactory ?? createImapClient;
  const log = options.logger.child({ source: name, account: account.id, mailbox: mailbox.path });
  const stopping = new AbortController();
  const { signal } = stopping;
  let loop: Promise<void> | undefined;
  let current: ImapFlow | undefined;

  /** One connection's life. Returns when stopped; throws when the connection or a message failed. */
  async function runSession(onHealthy: () => void): Promise<void> {
    const auth = await resolveImapAuth(account, env, readSecretFile);
    if (signal.aborted) return;
    const client = createClient(imapClientOptions(account, auth));
    current = client;
    const newMail = createWakeup();
    // Without an 'error' listener an EventEmitter error would crash the worker; the failure itself
    // surfaces as a rejected command or a 'close', which end the session.
    client.on('error', (error: unknown) => log.debug({ code: 'imap.client_error', errorCode: errorCode(error) }));
    client.on('exists', () => newMail.wake());
    client.on('close', () => newMail.wake());
    try {
      await client.connect();
      const uidValidity = await openMailbox(client, mailbox);
      log.info({ code: 'imap.connected', idle: account.idle && client.capabilities.has('IDLE') });
      const context = { client, sourceName: name, tenantId: options.tenantId, mailbox, intake: options.intake, checkpoints: options.checkpoints, log, signal };
      while (!signal.aborted) {
        const stored = await drainMailbox(context, uidValidity);
        if (stored > 0) log.info({ code: 'imap.drained', stored });
        onHealthy();
        // IDLE runs underneath (imapflow starts it on inactivity) and wakes us through 'exists';
        // the timeout is the poll for servers without IDLE, and a safety net for those with it.
        await newMail.wait(account.pollSeconds * 1000, signal);
        if (!client.usable && !signal.aborted) throw new ImapSourceError('imap.connection_lost');
      }
    } finally {
      await closeClient(client, LOGOUT_TIMEOUT_MS);
      current = undefined;
    }
  }

  function logFailure(error: unknown): void {
    if (error instanceof ImapSourceError) {
      const cause = error.cause === undefined ? {} : { errorCode: errorCode(error.cause) };
      log.warn({ code: error.code, ...(error.uid === undefined ? {} : { uid: error.uid }), ...cause });
    } else if (error instanceof ImapConfigError) {
      // Our own message: it names the variable or file, never the secret.
      log.error({ code: 'imap.config_error', problem: error.message });
    } else {
      log.warn({ code: 'imap.session_failed', errorCode: errorCode(error) });
    }
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        await runSession(() => {
          failures = 0;
        });
      } catch (error) {
        if (!signal.aborted) logFailure(error);
      }
      if (signal.aborted) break;
      const delayMs = backoffDelay(failures, options.backoff ?? DEFAULT_BACKOFF);
      failures += 1;
      log.info({ code: 'imap.reconnect_scheduled', delayMs, failures });
      await sleep(delayMs, signal);
    }
  }

  return {
    name,
    async start() {
      if (signal.aborted) throw new Error(`${name} was stopped; create a new source to start again`);
      if (loop) return;
      // Fail at start-up on a missing secret instead of retrying forever in the background.
      await resolveImapAuth(account, env, readSecretFile);
      loop = run();
    },
    async stop() {
      stopping.abort();
      if (!loop) return;
      if (await settlesWithin(loop, options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS)) return;
      // The message in hand did not finish in time: closing the socket makes its download fail, so
      // it is abandoned unmoved and fetched again after the restart.
      log.warn({ code: 'imap.stop_forced' });
      current?.close();
      await settlesWithin(loop, FORCED_STOP_MS);
    },
  };
}
