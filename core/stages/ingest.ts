// ingest: record a newly received item. Idempotent: the same bytes from the same source are one item,
// and a second message with the same Message-ID from the same source is recorded on the first. The
// events are keyed, so a source that fetches again after a crash (between the item row and its event,
// or before it could confirm the message) leaves exactly the rows one uninterrupted receive leaves.
import type { Item } from '../model.js';
import type { Clock, ItemStore, NewItem } from '../ports.js';

export interface IngestResult {
  item: Item;
  /** false when the item was already known (a repeated delivery, a re-run or a duplicate). */
  created: boolean;
  /** true when the input was a duplicate (same Message-ID, other bytes) of `item`. */
  duplicate: boolean;
}

export async function ingestItem(ports: { items: ItemStore; clock: Clock }, newItem: NewItem): Promise<IngestResult> {
  const { item, created, duplicate = false } = await ports.items.createItem(newItem);
  await ports.items.appendEvent(item.id, {
    stage: 'ingest',
    type: duplicate ? 'duplicate' : 'received',
    // One `received` per item; one `duplicate` per other copy (its bytes).
    key: duplicate ? `duplicate:${newItem.contentSha256}` : 'received',
    at: ports.clock.now(),
    data: {
      source: newItem.source,
      channel: newItem.channel,
      size: newItem.size,
      sha256: newItem.contentSha256,
      ...(duplicate ? { duplicateFileName: newItem.fileName } : {}),
    },
  });
  return { item, created, duplicate };
}
