// ingest: record a newly received item. Idempotent: the same bytes from the same source are one item.
import type { Item } from '../model.js';
import type { Clock, ItemStore, NewItem } from '../ports.js';

export interface IngestResult {
  item: Item;
  /** false when the item was already known (a repeated delivery or a re-run). */
  created: boolean;
}

export async function ingestItem(ports: { items: ItemStore; clock: Clock }, newItem: NewItem): Promise<IngestResult> {
  const { item, created } = await ports.items.createItem(newItem);
  await ports.items.appendEvent(item.id, {
    stage: 'ingest',
    type: created ? 'received' : 'received_again',
    at: ports.clock.now(),
    data: { source: newItem.source, channel: newItem.channel, size: newItem.size, sha256: newItem.contentSha256 },
  });
  return { item, created };
}
