// The ContentExtractor: reads an item's stored bytes into text and metadata, by channel.
// Bad input throws BadInputError / LimitExceededError with a specific code; a bad attachment or
// sidecar is recorded on the result instead, so the rest of the item is still used. With `{ ocr: false }`
// nothing is OCR'd: the result says how many pages would need it, and the caller decides where OCR runs.
import type { ExtractedContent } from '../../../core/model.js';
import type { BlobStore, ContentExtractor, DocumentTextExtractor, ExtractionInput, ExtractOptions, NeedsOcr } from '../../../core/ports.js';
import { extractEmail } from './email.js';
import type { ExtractContext } from './files.js';
import { resolveLimits, type ExtractLimits } from './limits.js';
import { extractMemo } from './memo.js';
import { extractScan } from './scan.js';
import type { SidecarFormat } from './sidecar.js';
import { createXmlFacts } from './xml-facts.js';
import type { XmlMapping } from './xml-mapping.js';

export type { ExtractLimits } from './limits.js';
export { DEFAULT_LIMITS } from './limits.js';
export { sniffXmlKind } from './safe-xml.js';

export function createContentExtractor(deps: {
  blobs: BlobStore;
  documents: DocumentTextExtractor;
  limits?: Partial<ExtractLimits>;
  /** Scanning-bureau formats to recognise; default the shipped ones. See combineSidecarFormats(). */
  sidecarFormats?: readonly SidecarFormat[];
  /** The tenant's XML mappings (xml-mapping.ts): their facts go to metadata.mapped. */
  xmlMappings?: readonly XmlMapping[];
}): ContentExtractor {
  const limits = resolveLimits(deps.limits);
  const mappings = deps.xmlMappings ?? [];
  async function read(base: Omit<ExtractContext, 'xmlFacts'>, input: ExtractionInput): Promise<ExtractedContent> {
    if (mappings.length === 0) return readChannel(base, input);
    // One collector per extraction: facts of an attempt that is thrown away (needs OCR) are not kept.
    const xmlFacts = createXmlFacts(mappings);
    return xmlFacts.finish(await readChannel({ ...base, xmlFacts }, input));
  }
  function readChannel(ctx: ExtractContext, input: ExtractionInput): Promise<ExtractedContent> {
    switch (input.channel) {
      case 'email':
        return extractEmail(ctx, input.blob);
      case 'digitalpost':
        return extractMemo(ctx, input.blob);
      case 'scan':
        return extractScan(ctx, input, deps.sidecarFormats);
    }
  }
  function extract(input: ExtractionInput): Promise<ExtractedContent>;
  function extract(input: ExtractionInput, options: ExtractOptions): Promise<ExtractedContent | NeedsOcr>;
  async function extract(input: ExtractionInput, options: ExtractOptions = {}): Promise<ExtractedContent | NeedsOcr> {
    if (options.ocr !== false) return read({ blobs: deps.blobs, documents: deps.documents, limits }, input);
    // Without OCR every document reports the pages it would have OCR'd; any at all decide the item.
    let pages = 0;
    const documents: DocumentTextExtractor = {
      async extractText(doc) {
        const text = await deps.documents.extractText(doc, { ocr: false });
        pages += text.ocrPagesNeeded ?? 0;
        return text;
      },
    };
    const content = await read({ blobs: deps.blobs, documents, limits }, input);
    return pages > 0 ? { needsOcr: true, pages } : content;
  }
  return { extract };
}
