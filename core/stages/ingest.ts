// ingest: record a newly received item. Idempotent: the same bytes from the same source are one item,
// and a second message with the same Message-ID from the same source is recorded on the first.
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
  const type = created ? 'received' : duplicate ? 'duplicate' : 'received_again';
  await ports.items.appendEvent(item.id, {
    stage: 'ingest',
    type,
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
