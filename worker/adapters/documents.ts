// DocumentTextExtractor: text of one document (PDF, image, plain text). The type is decided by the
// file's magic bytes; the MIME type only decides for content without magic (plain text).
import { open, readFile } from 'node:fs/promises';
import { BadInputError } from '../../core/errors.js';
import type { DocumentInput, DocumentText, DocumentTextExtractor, ExtractOptions, Ocr } from '../../core/ports.js';
import { kindFromMimeType, sniffKind } from './images/sniff.js';

// The PDF and image readers (and image-size) are imported when the first such document comes.
const pdfText = () => import('./pdf/pdf-text.js');
const imageText = () => import('./images/image-text.js');

export interface DocumentLimits {
  /** Pages OCR'd per document (PDF pages without a text layer, TIFF pages). */
  maxOcrPages: number;
  /** PDF pages whose text layer is read. */
  maxPdfPages: number;
  /** Pixels per page image, checked from headers before decoding. */
  maxImagePixels: number;
  /** Non-space characters a PDF page needs to count as having a text layer. */
  minTextLayerChars: number;
  /** pdf.js child: killed when silent this long (text parse, or one page render). */
  pdfTimeoutMs: number;
  pdfHeapMb: number;
  /** TIFF decoding per page. */
  imageTimeoutMs: number;
  renderDpi: number;
  /** pdf.js renders leak native memory, so a fresh child renders at most this many pages. */
  renderPagesPerChild: number;
  /** Address-space limit for pdftoppm. */
  renderMemoryBytes: number;
  /** `auto`: pdftoppm when installed, else pdf.js in a child process. */
  renderer: 'auto' | 'pdftoppm' | 'pdfjs';
  /** Plain-text documents longer than this are cut (with a warning). */
  maxTextBytes: number;
  /** Flat-field, binarise and despeckle PGM pages (PDF renders, TIFF pages) before OCR. */
  cleanPages: boolean;
}

export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = {
  maxOcrPages: 50,
  maxPdfPages: 1000,
  maxImagePixels: 40_000_000,
  minTextLayerChars: 20,
  pdfTimeoutMs: 30_000,
  pdfHeapMb: 512,
  imageTimeoutMs: 20_000,
  renderDpi: 300,
  renderPagesPerChild: 8,
  renderMemoryBytes: 2 * 1024 ** 3,
  renderer: 'auto',
  maxTextBytes: 10 * 1024 ** 2,
  cleanPages: true,
};

async function readHead(path: string, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** UTF-8 when the bytes are valid UTF-8, else latin1 (the usual legacy Danish encoding). */
function decodeText(bytes: Uint8Array): { text: string; latin1: boolean } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''), latin1: false };
  } catch {
    return { text: new TextDecoder('latin1').decode(bytes), latin1: true };
  }
}

async function plainText(doc: DocumentInput, limits: DocumentLimits): Promise<DocumentText> {
  const bytes = await readFile(doc.path);
  const cut = bytes.length > limits.maxTextBytes;
  const { text, latin1 } = decodeText(cut ? bytes.subarray(0, limits.maxTextBytes) : bytes);
  const warnings = [];
  if (latin1) warnings.push({ code: 'extract.text_decoded_as_latin1', message: 'Not valid UTF-8; decoded as latin1' });
  if (cut) {
    warnings.push({
      code: 'extract.text_truncated',
      message: `Text is ${bytes.length} bytes; only the first ${limits.maxTextBytes} were read`,
      data: { bytes: bytes.length },
    });
  }
  return { text, source: 'plain', pages: 1, warnings };
}

/** Never called: with no pages to OCR, the PDF reader never asks for OCR. */
const NO_OCR: Ocr = {
  recognize: () => Promise.reject(new Error('OCR was not allowed for this extraction')),
};

/**
 * A PDF's text layer only: with no pages allowed for OCR the reader renders nothing and reports how many
 * pages lack a text layer (its `extract.ocr_page_limit` warning), which is what `ocrPagesNeeded` says.
 */
async function pdfTextLayerOnly(path: string, limits: DocumentLimits): Promise<DocumentText> {
  const result = await (await pdfText()).extractPdfText(path, NO_OCR, { ...limits, maxOcrPages: 0 });
  const limit = result.warnings.find((w) => w.code === 'extract.ocr_page_limit');
  const needed = limit?.data?.pagesNeedingOcr;
  const warnings = result.warnings.filter((w) => w !== limit);
  return typeof needed === 'number' && needed > 0 ? { ...result, warnings, ocrPagesNeeded: needed } : { ...result, warnings };
}

export function createDocumentTextExtractor(deps: { ocr: Ocr; limits?: Partial<DocumentLimits> }): DocumentTextExtractor {
  const limits: DocumentLimits = { ...DEFAULT_DOCUMENT_LIMITS, ...deps.limits };
  return {
    async extractText(doc, options: ExtractOptions = {}) {
      const ocr = options.ocr !== false;
      const head = await readHead(doc.path, 1024);
      if (head.length === 0) throw new BadInputError('empty_file', `${doc.name} is empty (0 bytes)`);
      const sniffed = sniffKind(head);
      const kind = sniffed === 'unknown' ? kindFromMimeType(doc.mimeType) : sniffed;
      switch (kind) {
        case 'pdf':
          return ocr ? (await pdfText()).extractPdfText(doc.path, deps.ocr, limits) : pdfTextLayerOnly(doc.path, limits);
        case 'png':
        case 'jpeg':
        case 'tiff':
        case 'gif':
        case 'bmp':
        case 'webp':
        case 'pnm':
          if (sniffed === 'unknown') {
            throw new BadInputError('image_corrupt', `${doc.name} is declared ${doc.mimeType} but is not a readable image`);
          }
          // An image has text only through OCR: without it, the image is (at least) one page to OCR.
          if (!ocr) return { text: '', source: 'none', pages: 1, warnings: [], ocrPagesNeeded: 1 };
          return (await imageText()).extractImageText(await readFile(doc.path), kind, deps.ocr, limits);
        case 'text':
          return plainText(doc, limits);
        default:
          return {
            text: '',
            source: 'none',
            pages: 0,
            warnings: [
              {
                code: 'extract.unsupported_document_type',
                message: `No text extracted from ${doc.name}: type ${doc.mimeType || 'unknown'} is not supported`,
                data: { mimeType: doc.mimeType },
              },
            ],
          };
      }
    },
  };
}
