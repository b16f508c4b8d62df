// The ContentExtractor: reads an item's stored bytes into text and metadata, by channel.
// Bad input throws BadInputError / LimitExceededError with a specific code; a bad attachment or
// sidecar is recorded on the result instead, so the rest of the item is still used.
import type { BlobStore, ContentExtractor, DocumentTextExtractor } from '../../../core/ports.js';
import { extractEmail } from './email.js';
import type { ExtractContext } from './files.js';
import { resolveLimits, type ExtractLimits } from './limits.js';
import { extractMemo } from './memo.js';
import { extractScan } from './scan.js';
import type { SidecarFormat } from './sidecar.js';

export type { ExtractLimits } from './limits.js';
export { DEFAULT_LIMITS } from './limits.js';
export { sniffXmlKind } from './safe-xml.js';

export function createContentExtractor(deps: {
  blobs: BlobStore;
  documents: DocumentTextExtractor;
  limits?: Partial<ExtractLimits>;
  /** Scanning-bureau formats to recognise; default the shipped ones. See combineSidecarFormats(). */
  sidecarFormats?: readonly SidecarFormat[];
}): ContentExtractor {
  const ctx: ExtractContext = { blobs: deps.blobs, documents: deps.documents, limits: resolveLimits(deps.limits) };
  return {
    extract(input) {
      switch (input.channel) {
        case 'email':
          return extractEmail(ctx, input.blob);
        case 'digitalpost':
          return extractMemo(ctx, input.blob);
        case 'scan':
          return extractScan(ctx, input, deps.sidecarFormats);
      }
    },
  };
}
