// Puts the items in the rest mailbox (the lifecycle's REST_MAILBOX_STATES: parked, and rejected by their
// receiver) into the IMAP rest folder: one message per item and delivery round, a short Danish summary on
// top and the original attached. Driven by the database (db/rest-posting-store.ts), not by the stage that
// sent the item there, so a parking by routing, a receiver's AFVIST or a refused handover all end up
// here, and a crash only delays a posting. The Message-ID is fixed per item and
// round and the writer looks for it before APPEND, so a posting the database missed is not doubled.
import { extname } from 'node:path';
import type { Item, Reason } from '../../../core/model.js';
import type { BlobStore, ItemStore, Router } from '../../../core/ports.js';
import { suggest } from '../../../core/stages/route.js';
import type { ItemQueries } from '../../../db/item-queries.js';
import type { RestPostingStore } from '../../../db/rest-posting-store.js';
import type { RestMailboxConfig } from '../../adapters/handover/destination-config.js';
import type { Logger } from '../../runtime/logger.js';
import { restSubject, restSummary } from './summary.js';

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

export function restMessageId(itemId: string, round: number): string {
  return `<rest-${itemId}-${round}@fordeler.invalid>`;
}

/** Posts what is due; returns how many items were posted (appended now or found already there). */
export async function publishDueRestItems(deps: RestPublisherDeps): Promise<number> {
  const due = await deps.store.due(BATCH);
  let posted = 0;
  for (const { itemId, round, error } of due) {
    const item = await deps.items.getItem(itemId);
    if (!item) continue;
    const messageId = restMessageId(itemId, round);
    const message = await deps.compose(await restMessage(deps, item, round, messageId, error));
    const { appended } = await deps.appendOnce(deps.config.account, deps.config.folder, messageId, message);
    await deps.store.record({ itemId, round, mailbox: deps.config.folder, messageId });
    await deps.items.appendEvent(itemId, { stage: 'park', type: 'posted_to_rest_mailbox', at: new Date(), key: `rest-posted:${round}`, data: { mailbox: deps.config.folder, round, appended } });
    posted++;
  }
  return posted;
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

async function restMessage(deps: RestPublisherDeps, item: Item, round: number, messageId: string, error: Reason | null): Promise<RestMessageInput> {
  const [content, classified, routed] = await Promise.all([deps.items.getExtracted(item.id), deps.items.latestClassification(item.id), deps.items.latestDecision(item.id, 'route')]);
  const suggestions = suggest(classified ?? { nr: null, confidence: 0, source: 'none', candidates: [], reasons: [] }, deps.router);
  const reasons: Reason[] = error ? [error] : (routed?.reasons ?? []);
  const subject = content?.subject ?? null;
  return {
    from: deps.from,
    subject: restSubject({ subject, item }),
    text: restSummary({ item, subject, reasons, suggestions, destinations: deps.destinations(), refordelFolder: deps.config.refordelFolder }),
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
