// Erasure on request as the CLI (`fordeler erase`) and the API (POST /api/v1/erasures) run it: the tenant's
// db/identifier-erasure.ts with the blob store's files (removed when no item needs them any more) and its
// sidecar files (read, so an item whose sidecar alone names the number is found). One place, so both
// erase the same way.
import type { BlobStore } from '../../core/ports.js';
import type { Db } from '../../db/connect.js';
import { createIdentifierErasure, type IdentifierErasure, type SidecarReader } from '../../db/identifier-erasure.js';
import { createBlobFiles, type BlobFilesOptions } from '../follow-ups/blob-files.js';

/** A sidecar larger than this is read only this far (sidecars are small metadata files). */
const MAX_SIDECAR_BYTES = 8 * 1024 * 1024;

export function sidecarReader(blobs: Pick<BlobStore, 'read' | 'has'>): SidecarReader {
  return {
    async read(sha256) {
      if (!(await blobs.has(sha256))) return undefined;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of blobs.read(sha256)) {
        chunks.push(Buffer.from(chunk));
        size += chunk.length;
        if (size >= MAX_SIDECAR_BYTES) break;
      }
      // Digits are the same bytes in UTF-8 and Latin-1; UTF-8 also keeps an en-dash an en-dash.
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** The tenant's erasure with the blob store: files removed when the store can name them (a file store). */
export function erasureFor(db: Db, tenantId: string, blobs: Pick<BlobStore, 'read' | 'has'> & Partial<Pick<BlobStore, 'pathOf'>>, options: BlobFilesOptions = {}): IdentifierErasure {
  const pathOf = blobs.pathOf?.bind(blobs);
  return createIdentifierErasure(db, { tenantId }, { sidecars: sidecarReader(blobs), ...(pathOf ? { files: createBlobFiles({ pathOf }, options) } : {}) });
}
