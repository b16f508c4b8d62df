// Puts the items in the rest mailbox (the lifecycle's REST_MAILBOX_STATES: parked, and rejected by their
// receiver) into the IMAP rest folder: one message per item and delivery round, a short Danish summary on
// top and the original attached. Driven by the database (db/rest-posting-store.ts), not by the stage that
// sent the item there, so a parking by routing, a receiver's AFVIST or a refused handover all end up
// here, and a crash only delays a posting. The Message-ID is fixed per item and
// round and the writer looks for it before APPEND, so a posting the database missed is not doubled.
// Junk and machine mail (the route decision's junk mark) is not post for staff to place: with the tenant's
// policy `park` it goes to the junk folder (restMailbox.junkFolder, default `<folder>/Junk`) with a text
// saying why; with `keep` it is not posted at all — the junk purge (../junk-purge.ts) erases it later.
import { extname } from 'node:path';
import type { Item, Reason } from '../../../core/model.js';
import type { BlobStore, ItemStore, Router } from '../../../core/ports.js';
import { suggest } from '../../../core/stages/route.js';
import type { ItemQueries } from '../../../db/item-queries.js';
import type { RestPostingStore } from '../../../db/rest-posting-store.js';
import type { RestMailboxConfig } from '../../adapters/handover/destination-config.js';
import type { Logger } from '../../runtime/logger.js';
import { junkOf, junkSummary, restSubject, restSummary, type RestJunk } from './summary.js';

export interface RestMessageInput {
  from: string;
  subject: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
  original: { path: string; fileName: string; contentType: string; size: number };
  maxAttachmentBytes: number;
  date: Date;
}

export interface RestPublisherDeps {
  tenantId: string;
  config: RestMailboxConfig;
  /** The rest mailbox's own address: the From of its messages. */
  from: string;
  store: RestPostingStore;
  items: ItemStore;
  /** Kept for callers that still pass it: decisions are read through `items`. */
  queries?: ItemQueries;
  blobs: BlobStore;
  router: Router;
  destinations(): readonly string[];
  compose(input: RestMessageInput): Promise<Buffer>;
  appendOnce(accountId: string, mailbox: string, messageId: string, message: Buffer): Promise<{ appended: boolean }>;
  moveByMessageId(accountId: string, mailbox: string, messageId: string, target: string): Promise<number>;
  logger: Logger;
}

const BATCH = 25;
/** Kept junk is skipped, not posted: ask for more due items while skipping, up to this many. */
const MAX_SCAN = 10_000;

/**
 * The rest mailbox's junk folder: `restMailbox.junkFolder`, else `<folder>/Junk` — a sub-folder of the rest
 * folder (the IMAP-conventional name, RFC 6154's \Junk), not the account's own spam folder, which mail
 * clients and servers may empty on their own.
 */
export function junkFolderOf(config: RestMailboxConfig): string {
  return config.junkFolder ?? `${config.folder}/Junk`;
}

export function restMessageId(itemId: string, round: number): string {
  return `<rest-${itemId}-${round}@fordeler.invalid>`;
}

/** Posts what is due; returns how many items were posted (appended now or found already there). */
export async function publishDueRestItems(deps: RestPublisherDeps): Promise<number> {
  let posted = 0;
  for (const { itemId, round, error } of await dueToPost(deps)) {
    const item = await deps.items.getItem(itemId);
    if (!item) continue;
    const routed = await deps.items.latestDecision(itemId, 'route');
    const junk = !error && routed?.round === round && routed.outcome.junk ? junkOf(routed.reasons) : undefined;
    const mailbox = junk ? junkFolderOf(deps.config) : deps.config.folder;
    const messageId = restMessageId(itemId, round);
    const message = await deps.compose(await restMessage(deps, item, round, messageId, error, junk));
    const { appended } = await deps.appendOnce(deps.config.account, mailbox, messageId, message);
    await deps.store.record({ itemId, round, mailbox, messageId });
    await deps.items.appendEvent(itemId, { stage: 'park', type: 'posted_to_rest_mailbox', at: new Date(), key: `rest-posted:${round}`, data: { mailbox, round, appended, ...(junk ? { junk: true } : {}) } });
    posted++;
  }
  return posted;
}

/**
 * Due items without the kept junk (a `keep` junk mark on the current round's route decision, and no later
 * rejection). The store lists kept junk as due too, oldest first, so while any is skipped the next call asks
 * for more: kept junk can never hold back real post.
 */
async function dueToPost(deps: RestPublisherDeps): Promise<Awaited<ReturnType<RestPostingStore['due']>>> {
  for (let limit = BATCH; ; limit *= 4) {
    const due = await deps.store.due(limit);
    const toPost: typeof due = [];
    for (const entry of due) {
      if (!entry.error && (await isKeptJunk(deps.items, entry.itemId, entry.round))) continue;
      toPost.push(entry);
      if (toPost.length === BATCH) return toPost;
    }
    if (due.length < limit || limit >= MAX_SCAN) return toPost;
  }
}

async function isKeptJunk(items: ItemStore, itemId: string, round: number): Promise<boolean> {
  const routed = await items.latestDecision(itemId, 'route');
  return routed?.round === round && routed.outcome.junk?.action === 'keep';
}

/**
 * Files away the rest-folder messages of items placed since (by CLI, API, or a folder move that already
 * moved the message): a message left behind would invite a second placing.
 */
export async function retractPlacedRestItems(deps: RestPublisherDeps): Promise<number> {
  let moved = 0;
  for (const posting of await deps.store.placed(BATCH)) {
    moved += await deps.moveByMessageId(deps.config.account, posting.mailbox, posting.messageId, deps.config.doneFolder);
    await deps.store.remove(posting.itemId, posting.round);
  }
  return moved;
}

async function restMessage(deps: RestPublisherDeps, item: Item, round: number, messageId: string, error: Reason | null, junk: RestJunk | undefined): Promise<RestMessageInput> {
  const [content, classified, routed] = await Promise.all([deps.items.getExtracted(item.id), deps.items.latestClassification(item.id), deps.items.latestDecision(item.id, 'route')]);
  const suggestions = suggest(classified ?? { nr: null, confidence: 0, source: 'none', candidates: [], reasons: [] }, deps.router);
  const reasons: Reason[] = error ? [error] : (routed?.reasons ?? []);
  const subject = content?.subject ?? null;
  return {
    from: deps.from,
    subject: restSubject({ subject, item, junk: Boolean(junk) }),
    text: junk
      ? junkSummary({ item, junk, destinations: deps.destinations(), refordelFolder: deps.config.refordelFolder })
      : restSummary({ item, subject, reasons, suggestions, destinations: deps.destinations(), refordelFolder: deps.config.refordelFolder }),
    messageId,
    headers: { 'X-Fordeler-Item': item.id, 'X-Fordeler-Round': String(round) },
    original: { path: deps.blobs.pathOf(item.contentSha256), fileName: item.fileName, contentType: contentTypeOf(item), size: item.size },
    maxAttachmentBytes: deps.config.maxAttachmentMB * 1024 * 1024,
    date: item.receivedAt,
  };
}

const TYPES: Record<string, string> = { '.eml': 'message/rfc822', '.xml': 'application/xml', '.pdf': 'application/pdf', '.tif': 'image/tiff', '.tiff': 'image/tiff', '.png': 'image/png', '.jpg': 'image/jpeg' };

function contentTypeOf(item: Item): string {
  return TYPES[extname(item.fileName).toLowerCase()] ?? 'application/octet-stream';
}
