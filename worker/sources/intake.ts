// Intake: where every source (IMAP mailbox, Digital Post folder, scanning-bureau folder, the files given to
// `fordeler process`) hands over what it received. The bytes are streamed into the blob store and fsynced, then the item row is written,
// then the item's first job is queued. Only when receive() has resolved may the source move, flag or
// delete the original: from then on the item is in the database and cannot be lost.
import type { Channel } from '../../core/model.js';
import type { BlobStore, Clock, ItemStore } from '../../core/ports.js';
import { ingestItem } from '../../core/stages/ingest.js';

export interface IncomingItem {
  channel: Channel;
  /** Stable name of the source, e.g. `imap:post@noerreaa.dk/INBOX` or `folder:digital-post`. */
  source: string;
  fileName: string;
  /** E-mail Message-ID (or MeMo messageUUID): a second copy from the same source is a duplicate. */
  messageId?: string;
  bytes: AsyncIterable<Uint8Array>;
  /** A scanning bureau's metadata file for the scan. */
  sidecar?: AsyncIterable<Uint8Array>;
  receivedAt?: Date;
}

export interface IntakeResult {
  itemId: string;
  /** false when the same bytes were already stored from this source (a re-fetch after a crash). */
  created: boolean;
  /** true when another message with the same Message-ID was already stored; recorded on that item. */
  duplicate: boolean;
}

export interface Intake {
  receive(incoming: IncomingItem): Promise<IntakeResult>;
}

export interface IntakeDeps {
  blobs: BlobStore;
  items: ItemStore;
  clock: Clock;
  /** Queues the item's first stage. Idempotent (one job per item and stage). */
  startPipeline(itemId: string): Promise<void>;
}

export function createIntake(deps: IntakeDeps): Intake {
  return {
    async receive(incoming) {
      const blob = await deps.blobs.put(incoming.bytes);
      const sidecar = incoming.sidecar ? await deps.blobs.put(incoming.sidecar) : undefined;
      const { item, created, duplicate } = await ingestItem(deps, {
        channel: incoming.channel,
        source: incoming.source,
        fileName: incoming.fileName,
        contentSha256: blob.sha256,
        size: blob.size,
        ...(sidecar ? { sidecarSha256: sidecar.sha256 } : {}),
        ...(incoming.messageId ? { messageId: incoming.messageId } : {}),
        receivedAt: incoming.receivedAt ?? deps.clock.now(),
      });
      // Also for a re-fetch: the crash may have come between the item row and its first job.
      if (!duplicate) await deps.startPipeline(item.id);
      return { itemId: item.id, created, duplicate };
    },
  };
}
