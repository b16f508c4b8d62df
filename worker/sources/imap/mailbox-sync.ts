// One pass over an open mailbox: every message above the checkpoint is streamed into the Intake, then
// moved to the processed folder (or flagged), then the checkpoint advances — in that order, so a crash
// at any point leaves the message in the mailbox to be fetched again, and the Intake's dedup (same
// bytes or same Message-ID from the same source) turns the second fetch into the same item.
import type { ImapFlow, MailboxObject, SearchObject } from 'imapflow';
import type { CheckpointStore, SourceCheckpoint } from '../../../core/ports.js';
import type { Logger } from '../../runtime/logger.js';
import type { Intake } from '../intake.js';
import { mailboxPathParts, type ImapMailboxConfig } from './config.js';

export interface MailboxSyncContext {
  client: ImapFlow;
  /** `imap:<account>/<mailbox>`: the items' source and the checkpoint key. */
  sourceName: string;
  tenantId: string;
  mailbox: ImapMailboxConfig;
  intake: Intake;
  checkpoints: CheckpointStore;
  log: Logger;
  /** Checked between messages: a stopping source finishes the message in hand, then returns. */
  signal: AbortSignal;
}

/** A failure with a stable code for logs; `uid` names the message it happened to, if any. */
export class ImapSourceError extends Error {
  override readonly name = 'ImapSourceError';
  constructor(
    readonly code: string,
    readonly uid?: number,
    options?: { cause?: unknown },
  ) {
    super(uid === undefined ? code : `${code} (uid ${uid})`, options);
  }
}

const DOWNLOAD_CHUNK_BYTES = 1024 * 1024;

interface MessageHeaders {
  messageId?: string;
  internalDate?: Date;
}

/**
 * Makes sure the processed folder exists, selects the mailbox and returns its UIDVALIDITY as a string
 * (imapflow gives a BigInt, which neither JSON nor the database column takes).
 */
export async function openMailbox(client: ImapFlow, mailbox: ImapMailboxConfig): Promise<string> {
  if (mailbox.mode === 'move') await ensureFolder(client, mailbox.processedFolder);
  const opened = await client.mailboxOpen(mailboxPathParts(mailbox.path));
  // imapflow silently drops keywords the mailbox does not accept; every message would then be
  // fetched again after a checkpoint loss, so refuse to run instead.
  if (mailbox.mode === 'flag' && !acceptsKeyword(opened, mailbox.flag)) throw new ImapSourceError('imap.flag_not_permitted');
  return opened.uidValidity.toString();
}

/** Stores everything above the checkpoint; returns how many messages were stored and settled. */
export async function drainMailbox(context: MailboxSyncContext, uidValidity: string): Promise<number> {
  const { mailbox, signal } = context;
  let checkpoint = await startingPoint(context, uidValidity);
  let stored = 0;
  // Search again after each pass: mail that arrived meanwhile is picked up without waiting for IDLE.
  for (;;) {
    const uids = await pendingUids(context, checkpoint.lastUid);
    if (uids.length === 0) return stored;
    for (let start = 0; start < uids.length; start += mailbox.batchSize) {
      if (signal.aborted) return stored;
      const batch = uids.slice(start, start + mailbox.batchSize);
      const headers = await fetchHeaders(context.client, batch);
      for (const uid of batch) {
        if (signal.aborted) return stored;
        if (await storeMessage(context, uid, headers.get(uid) ?? {})) {
          await settleMessage(context, uid);
          stored += 1;
        }
        checkpoint = { uidValidity, lastUid: uid };
        await context.checkpoints.set(context.tenantId, context.sourceName, checkpoint);
      }
    }
  }
}

export async function ensureFolder(client: ImapFlow, path: string): Promise<void> {
  // STATUS is cheap where LIST is not (shared Exchange mailboxes have thousands of folders); imapflow
  // rejects it for a missing mailbox. CREATE then fails only for real: an ALREADYEXISTS answer
  // (another source was quicker) comes back as `created: false`.
  const exists = await client.status(mailboxPathParts(path), { messages: true }).then(Boolean, () => false);
  if (!exists) await client.mailboxCreate(mailboxPathParts(path));
}

function acceptsKeyword(mailbox: MailboxObject, keyword: string): boolean {
  const permanent = mailbox.permanentFlags;
  return permanent === undefined || permanent.has('\\*') || permanent.has(keyword);
}

/** The saved checkpoint, or UID 0 when there is none or the server has renumbered the mailbox. */
async function startingPoint(context: MailboxSyncContext, uidValidity: string): Promise<SourceCheckpoint> {
  const saved = await context.checkpoints.get(context.tenantId, context.sourceName);
  if (saved?.uidValidity === uidValidity) return saved;
  if (saved) context.log.warn({ code: 'imap.uidvalidity_changed', previous: saved.uidValidity, current: uidValidity });
  const fresh = { uidValidity, lastUid: 0 };
  await context.checkpoints.set(context.tenantId, context.sourceName, fresh);
  return fresh;
}

/** UIDs above `lastUid` in ascending order; only numbers, however large the mailbox. */
async function pendingUids(context: MailboxSyncContext, lastUid: number): Promise<number[]> {
  const { mailbox } = context;
  const query: SearchObject = { uid: `${lastUid + 1}:*`, ...(mailbox.mode === 'flag' ? { unKeyword: mailbox.flag } : {}) };
  const found = await context.client.search(query, { uid: true });
  if (!Array.isArray(found)) throw new ImapSourceError('imap.search_failed');
  // `n:*` also matches the highest UID when it is below n (RFC 3501 ranges are unordered).
  return found.filter((uid) => uid > lastUid).sort((a, b) => a - b);
}

/** Message-ID and arrival time of a batch in one round trip (fetchAll: no other command runs meanwhile). */
async function fetchHeaders(client: ImapFlow, uids: number[]): Promise<Map<number, MessageHeaders>> {
  const messages = await client.fetchAll(uids.join(','), { uid: true, envelope: true, internalDate: true }, { uid: true });
  const headers = new Map<number, MessageHeaders>();
  for (const message of messages) {
    const messageId = message.envelope?.messageId?.trim();
    const internalDate = message.internalDate instanceof Date && !Number.isNaN(message.internalDate.getTime()) ? message.internalDate : undefined;
    headers.set(message.uid, { ...(messageId ? { messageId } : {}), ...(internalDate ? { internalDate } : {}) });
  }
  return headers;
}

/**
 * Streams the message into the Intake (never buffered: items may be 250 MB). false when the message
 * disappeared meanwhile (moved by someone else), which is not an error.
 */
async function storeMessage(context: MailboxSyncContext, uid: number, headers: MessageHeaders): Promise<boolean> {
  const { client, log } = context;
  // 1 MiB per partial FETCH instead of imapflow's 64 KiB: far fewer round trips for a 250 MB message
  // on a distant server (Exchange Online), still a small, bounded buffer.
  const download = await client.download(String(uid), undefined, { uid: true, chunkSize: DOWNLOAD_CHUNK_BYTES });
  if (!download.content) {
    if (!client.usable || !client.mailbox) throw new ImapSourceError('imap.connection_lost', uid);
    log.info({ code: 'imap.message_gone', uid });
    return false;
  }
  try {
    const result = await context.intake.receive({
      channel: 'email',
      source: context.sourceName,
      fileName: `${uid}.eml`,
      ...(headers.messageId ? { messageId: headers.messageId } : {}),
      // The server's arrival time, not ours: a message that waited for a stopped worker still
      // counts as received when it reached the municipality.
      ...(headers.internalDate ? { receivedAt: headers.internalDate } : {}),
      bytes: download.content,
    });
    log.info({ code: 'imap.message_stored', uid, itemId: result.itemId, created: result.created, duplicate: result.duplicate, size: download.meta.expectedSize });
    return true;
  } catch (error) {
    throw new ImapSourceError('imap.store_failed', uid, { cause: error });
  } finally {
    // Stops imapflow fetching further chunks when the Intake gave up half-way.
    download.content.destroy();
  }
}

/** Only called once the item is durably stored. Never deletes: the original stays on the server. */
async function settleMessage(context: MailboxSyncContext, uid: number): Promise<void> {
  const { client, mailbox } = context;
  if (mailbox.mode === 'move') {
    const moved = await client.messageMove(String(uid), mailboxPathParts(mailbox.processedFolder), { uid: true });
    if (!moved) throw new ImapSourceError('imap.move_failed', uid);
  } else {
    const flagged = await client.messageFlagsAdd(String(uid), [mailbox.flag], { uid: true });
    if (!flagged) throw new ImapSourceError('imap.flag_failed', uid);
  }
}
