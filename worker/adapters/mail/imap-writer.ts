// Writes messages into IMAP mailboxes (imap-folder destinations, the rest mailbox): one lazily opened
// imapflow connection per account, reopened on the next call after it failed or the server closed it.
// appendOnce searches the mailbox for the Message-ID before APPEND, so a retry after a crash between
// APPEND and the caller's own bookkeeping finds the first copy instead of making a second one. Calls
// are serialized per account (search + append must not interleave with another call's), which makes
// this exact within one worker; two processes appending the same Message-ID at the same instant could
// still both miss each other, which the job queue's one-job-per-item rule keeps from happening.
import type { ImapFlow } from 'imapflow';
import { ImapConfigError, mailboxPathParts, resolveImapAuth, type ImapAccountConfig, type ReadSecretFile } from '../../sources/imap/config.js';
import { closeClient, createImapClient, errorCode, imapClientOptions, type ImapClientFactory } from '../../sources/imap/connection.js';

export interface AppendResult {
  /** false when a message with this Message-ID was already in the mailbox. */
  appended: boolean;
  /** The message's UID, when the server reports it (UIDPLUS) or it was found. */
  uid?: number;
}

export interface ImapWriter {
  /** `messageId` (`<local@domain>`) must be the Message-ID header of `message`: it is what the search looks for. */
  appendOnce(accountId: string, mailbox: string, messageId: string, message: Buffer, flags?: string[]): Promise<AppendResult>;
  /** Moves the messages with this Message-ID from `mailbox` to `target` (created when missing); how many moved. */
  moveByMessageId(accountId: string, mailbox: string, messageId: string, target: string): Promise<number>;
  /** Waits for calls in progress, then logs out of every account. */
  close(): Promise<void>;
}

export interface ImapWriterOptions {
  env?: NodeJS.ProcessEnv;
  readFile?: ReadSecretFile;
  createClient?: ImapClientFactory;
  /** How long LOGOUT may take on close() before the socket is simply closed. */
  closeTimeoutMs?: number;
}

/** A failure with a stable code; the message names the account, never server text or mail content. */
export class ImapWriteError extends Error {
  override readonly name = 'ImapWriteError';
  constructor(
    readonly code: string,
    readonly accountId: string,
    options?: { cause?: unknown },
  ) {
    super(`IMAP account "${accountId}": ${code}`, options);
  }
}

// SEARCH HEADER matches substrings; with both angle brackets a match can only be the whole id.
const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

interface AccountState {
  account: ImapAccountConfig;
  client?: ImapFlow;
  /** Mailboxes known to exist on the current connection; forgotten when it is replaced. */
  ensured: Set<string>;
  /** The end of this account's queue of calls. */
  tail: Promise<unknown>;
}

export function createImapWriter(accounts: ImapAccountConfig[], options: ImapWriterOptions = {}): ImapWriter {
  const { env = process.env, readFile, createClient = createImapClient, closeTimeoutMs = 5_000 } = options;
  const states = new Map<string, AccountState>(accounts.map((account) => [account.id, { account, ensured: new Set(), tail: Promise.resolve() }]));
  let closed = false;

  function serialize<T>(state: AccountState, work: () => Promise<T>): Promise<T> {
    const result = state.tail.then(work);
    state.tail = result.catch(() => undefined);
    return result;
  }

  async function connected(state: AccountState): Promise<ImapFlow> {
    if (state.client?.usable) return state.client;
    if (state.client) await closeClient(state.client, closeTimeoutMs);
    state.client = undefined;
    state.ensured.clear();
    const client = createClient(imapClientOptions(state.account, await resolveImapAuth(state.account, env, readFile)));
    // imapflow emits 'error' on socket failures; unheard, Node would end the worker. The command in
    // flight rejects by itself, and the next call sees `usable === false` and reconnects.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      client.close();
      throw new ImapWriteError(`connect_failed:${errorCode(error)}`, state.account.id, { cause: error });
    }
    state.client = client;
    return client;
  }

  async function ensureMailbox(state: AccountState, client: ImapFlow, mailbox: string): Promise<void> {
    if (state.ensured.has(mailbox)) return;
    const parts = mailboxPathParts(mailbox);
    // Level by level: not every server creates missing parents on CREATE. STATUS first because it is
    // cheap; a CREATE answered ALREADYEXISTS (someone was quicker) comes back as `created: false`.
    for (let depth = 1; depth <= parts.length; depth++) {
      const path = parts.slice(0, depth);
      const exists = await client.status(path, { messages: true }).then(Boolean, () => false);
      if (!exists) await client.mailboxCreate(path);
    }
    state.ensured.add(mailbox);
  }

  async function appendLocked(state: AccountState, mailbox: string, messageId: string, message: Buffer, flags: string[]): Promise<AppendResult> {
    const client = await connected(state);
    await ensureMailbox(state, client, mailbox);
    const path = mailboxPathParts(mailbox);
    const lock = await client.getMailboxLock(path);
    try {
      const found = await client.search({ header: { 'Message-ID': messageId } }, { uid: true });
      // A refused search is not "not there": appending anyway could make the second copy.
      if (!Array.isArray(found)) throw new ImapWriteError('search_refused', state.account.id);
      if (found.length > 0) return { appended: false, uid: Math.min(...found) };
      const appended = await client.append(path, message, flags);
      if (!appended) throw new ImapWriteError('append_failed', state.account.id);
      return { appended: true, ...(appended.uid !== undefined ? { uid: appended.uid } : {}) };
    } finally {
      lock.release();
    }
  }

  async function moveLocked(state: AccountState, mailbox: string, messageId: string, target: string): Promise<number> {
    const client = await connected(state);
    const exists = await client.status(mailboxPathParts(mailbox), { messages: true }).then(Boolean, () => false);
    if (!exists) return 0;
    const lock = await client.getMailboxLock(mailboxPathParts(mailbox));
    try {
      const found = await client.search({ header: { 'Message-ID': messageId } }, { uid: true });
      if (!Array.isArray(found)) throw new ImapWriteError('search_refused', state.account.id);
      if (found.length === 0) return 0;
      await ensureMailbox(state, client, target);
      await client.messageMove(found.join(','), mailboxPathParts(target), { uid: true });
      return found.length;
    } finally {
      lock.release();
    }
  }

  function checked(accountId: string, messageId: string): AccountState {
    const state = states.get(accountId);
    if (!state) throw new Error(`IMAP writer: no account "${accountId}" is configured in imap`);
    if (closed) throw new ImapWriteError('writer_closed', accountId);
    if (!MESSAGE_ID.test(messageId)) throw new Error('IMAP writer: the Message-ID must have the form <local@domain>');
    return state;
  }

  return {
    async moveByMessageId(accountId, mailbox, messageId, target) {
      const state = checked(accountId, messageId);
      return serialize(state, async () => {
        try {
          return await moveLocked(state, mailbox, messageId, target);
        } catch (error) {
          state.ensured.delete(target);
          if (error instanceof ImapWriteError || error instanceof ImapConfigError) throw error;
          throw new ImapWriteError(errorCode(error), accountId, { cause: error });
        }
      });
    },
    appendOnce(accountId, mailbox, messageId, message, flags = []) {
      const state = states.get(accountId);
      if (!state) return Promise.reject(new Error(`IMAP writer: no account "${accountId}" is configured in imap`));
      if (closed) return Promise.reject(new ImapWriteError('writer_closed', accountId));
      if (!MESSAGE_ID.test(messageId)) return Promise.reject(new Error('IMAP writer: the Message-ID must have the form <local@domain>'));
      return serialize(state, async () => {
        try {
          return await appendLocked(state, mailbox, messageId, message, flags);
        } catch (error) {
          // The mailbox may have been deleted or renamed meanwhile: look again next time.
          state.ensured.delete(mailbox);
          // A configuration fault (missing password variable …) keeps its own message: it says what to fix.
          if (error instanceof ImapWriteError || error instanceof ImapConfigError) throw error;
          throw new ImapWriteError(errorCode(error), accountId, { cause: error });
        }
      });
    },

    async close() {
      closed = true;
      await Promise.all(
        [...states.values()].map(async (state) => {
          await state.tail;
          if (state.client) await closeClient(state.client, closeTimeoutMs);
          state.client = undefined;
        }),
      );
    },
  };
}
