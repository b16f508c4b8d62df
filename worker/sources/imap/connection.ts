// The imapflow client for one mailbox source: its options, and closing it within a bounded time.
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { ImapAccountConfig, ImapAuth } from './config.js';

export type ImapClientFactory = (options: ImapFlowOptions) => ImapFlow;

export const createImapClient: ImapClientFactory = (options) => new ImapFlow(options);

// imapflow starts IDLE only after this much inactivity (default 15 s, during which new mail goes
// unseen); short, because a source connection is idle almost all the time.
const AUTO_IDLE_DELAY_MS = 200;
// Restart IDLE now and then: some servers and middleboxes silently drop long-idle sessions.
const MAX_IDLE_MS = 10 * 60_000;
const CONNECTION_TIMEOUT_MS = 30_000;

export function imapClientOptions(account: ImapAccountConfig, auth: ImapAuth): ImapFlowOptions {
  return {
    host: account.host,
    port: account.port,
    secure: account.secure,
    // Required or refused, never "upgrade if offered": the capability list is cleartext and can be stripped.
    ...(account.secure ? {} : { doSTARTTLS: account.startTls }),
    auth,
    ...(account.tls ? { tls: { ...account.tls } } : {}),
    // imapflow's own logs can carry command arguments and server text; ours carry codes and ids only.
    logger: false,
    disableAutoIdle: !account.idle,
    autoIdleDelay: AUTO_IDLE_DELAY_MS,
    maxIdleTime: MAX_IDLE_MS,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
  };
}

/** A short, stable code for logs: never the message, which may quote server text or mailbox content. */
export function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'unknown';
  const fields = error as { code?: unknown; serverResponseCode?: unknown; authenticationFailed?: unknown; name?: unknown };
  if (typeof fields.code === 'string' && fields.code) return fields.code;
  if (typeof fields.serverResponseCode === 'string' && fields.serverResponseCode) return fields.serverResponseCode;
  if (fields.authenticationFailed === true) return 'AUTHENTICATIONFAILED';
  return typeof fields.name === 'string' ? fields.name : 'unknown';
}

/**
 * LOGOUT politely, but a server that has gone away (or never answers) must not hold up stop():
 * after `ms` the socket is closed without waiting.
 */
export async function closeClient(client: ImapFlow, ms: number): Promise<void> {
  if (client.usable) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.logout().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
      }),
    ]);
    clearTimeout(timer);
  }
  if (!client.isClosed) client.close();
}
