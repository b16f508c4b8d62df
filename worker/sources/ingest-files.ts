// Stores a discovered file (and its sidecar) in the blob store, then records the item. The bytes are
// durable before the item row exists, so an item never points at missing bytes.
import { createReadStream } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Item } from '../../core/model.js';
import type { BlobStore, Clock, ItemStore } from '../../core/ports.js';
import { ingestItem } from '../../core/stages/ingest.js';
import type { FileInput } from './files.js';

export async function ingestFile(
  input: FileInput,
  ports: { blobs: BlobStore; items: ItemStore; clock: Clock },
  tenantId: string,
): Promise<Item> {
  const blob = await ports.blobs.put(createReadStream(input.path));
  const sidecar = input.sidecarPath ? await ports.blobs.put(createReadStream(input.sidecarPath)) : undefined;
  const { item } = await ingestItem(ports, {
    tenantId,
    channel: input.channel,
    source: `file:${resolve(input.path)}`,
    fileName: basename(input.path),
    contentSha256: blob.sha256,
    size: blob.size,
    ...(sidecar ? { sidecarSha256: sidecar.sha256 } : {}),
    receivedAt: ports.clock.now(),
  });
  return item;
}
