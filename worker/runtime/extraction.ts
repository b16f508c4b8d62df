// Extraction as every command uses it: one content extractor over the blob store, with a tesseract pool
// whose workers start on first use, so a run without scans never pays for them. The `extract` job asks
// it for text without OCR and learns from the answer whether the item belongs on the `ocr` queue.
import type { BlobStore, ContentExtractor, Ocr } from '../../core/ports.js';
import { createDocumentTextExtractor } from '../adapters/documents.js';
import { createContentExtractor } from '../adapters/extract/index.js';
import type { SidecarFormat } from '../adapters/extract/sidecar.js';
import type { XmlMapping } from '../adapters/extract/xml-mapping.js';
import { createTesseractPool } from '../adapters/ocr/tesseract-pool.js';

/** Lets a caller (the benchmark, the parity test) observe or replay OCR calls without changing the wiring. */
export type OcrDecorator = (ocr: Ocr) => Ocr;

export interface Extraction {
  extractor: ContentExtractor;
  /** Stops the OCR workers. */
  close(): Promise<void>;
}

export interface ExtractionOptions {
  ocrWorkers: number;
  decorateOcr?: OcrDecorator;
  sidecarFormats?: readonly SidecarFormat[];
  xmlMappings?: readonly XmlMapping[];
}

export function openExtraction(blobs: BlobStore, options: ExtractionOptions): Extraction {
  const pool = createTesseractPool({ size: options.ocrWorkers });
  const ocr = options.decorateOcr ? options.decorateOcr(pool) : pool;
  const extractor = createContentExtractor({
    blobs,
    documents: createDocumentTextExtractor({ ocr }),
    ...(options.sidecarFormats ? { sidecarFormats: options.sidecarFormats } : {}),
    ...(options.xmlMappings?.length ? { xmlMappings: options.xmlMappings } : {}),
  });
  return { extractor, close: () => pool.close() };
}

/** The extractor on its own (`classify`, `eval`): the same wiring as the runtime's. */
export function createExtraction(blobs: BlobStore, ocrWorkers: number, decorateOcr?: OcrDecorator): Extraction {
  return openExtraction(blobs, { ocrWorkers, ...(decorateOcr ? { decorateOcr } : {}) });
}
