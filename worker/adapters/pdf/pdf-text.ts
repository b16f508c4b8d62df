// PDF → text: the text layer where a page has one, OCR of the rendered page where it has not.
import { BadInputError } from '../../../core/errors.js';
import type { Reason } from '../../../core/model.js';
import type { DocumentText, Ocr } from '../../../core/ports.js';
import type { DocumentLimits } from '../documents.js';
import { cleanForOcr } from '../images/preprocess.js';
import { PageOcr } from '../ocr/page-ocr.js';
import { readPdfText, renderPdfPagesWithPdfjs, type PdfPageText } from './pdf-child-runner.js';
import { hasNativePdftoppm, renderPageWithPdftoppm } from './poppler.js';

/** Non-space characters a page needs before we trust its text layer (page numbers, stamps don't count). */
export function hasUsableTextLayer(text: string, minChars: number): boolean {
  return text.replace(/\s+/g, '').length >= minChars;
}

export async function extractPdfText(path: string, ocr: Ocr, limits: DocumentLimits): Promise<DocumentText> {
  const warnings: Reason[] = [];
  const layer = await readPdfText(path, limits.maxPdfPages, childLimits(limits));
  if (layer.total > layer.pages.length) {
    warnings.push({
      code: 'extract.pdf_page_limit',
      message: `PDF has ${layer.total} pages; only the first ${layer.pages.length} were read`,
      data: { pages: layer.total, read: layer.pages.length },
    });
  }

  const needOcr = layer.pages.filter((p) => !hasUsableTextLayer(p.text, limits.minTextLayerChars));
  const toOcr = needOcr.slice(0, limits.maxOcrPages);
  if (needOcr.length > toOcr.length) {
    warnings.push({
      code: 'extract.ocr_page_limit',
      message: `${needOcr.length} pages need OCR; only the first ${toOcr.length} were read`,
      data: { pagesNeedingOcr: needOcr.length, ocrPages: toOcr.length },
    });
  }

  const pageOcr = new PageOcr(ocr, warnings, limits.cleanPages ? cleanForOcr : undefined);
  if (toOcr.length > 0) await renderInto(path, toOcr, limits, pageOcr);
  const { texts: ocrTexts, meanConfidence } = await pageOcr.finish();

  // A page whose OCR found nothing keeps its (short) text layer, e.g. a page number or a stamp.
  const parts = layer.pages.map((p) => ocrTexts.get(p.num) || p.text.trim());
  return {
    text: parts.filter((t) => t.length > 0).join('\n\n'),
    source: sourceOf([...ocrTexts.values()], layer.pages),
    pages: layer.total,
    ...(meanConfidence !== undefined ? { ocrConfidence: meanConfidence } : {}),
    warnings,
  };
}

/** The render resolution, lowered for pages declared so large that they would pass the pixel limit. */
export function fitDpi(width: number, height: number, limits: DocumentLimits): number {
  const area = Math.max(1, width * height) / (72 * 72);
  return Math.max(1, Math.min(limits.renderDpi, Math.floor(Math.sqrt(limits.maxImagePixels / area))));
}

async function renderInto(path: string, pages: PdfPageText[], limits: DocumentLimits, pageOcr: PageOcr): Promise<void> {
  const usePoppler = limits.renderer === 'pdftoppm' || (limits.renderer === 'auto' && hasNativePdftoppm());
  if (!usePoppler) return renderWithPdfjs(path, pages, limits, pageOcr);
  // poppler and pdf.js repair broken files differently: pages poppler cannot find go to pdf.js.
  const retry: number[] = [];
  for (const { num, width, height } of pages) {
    await pageOcr.ready();
    try {
      pageOcr.add(
        num,
        await renderPageWithPdftoppm(path, num, {
          dpi: fitDpi(width, height, limits),
          timeoutMs: limits.pdfTimeoutMs,
          memoryBytes: limits.renderMemoryBytes,
          maxPixels: limits.maxImagePixels,
        }),
      );
    } catch (error) {
      if (error instanceof BadInputError && error.code === 'pdf_render_failed') retry.push(num);
      else pageOcr.fail(num, error);
    }
  }
  if (retry.length > 0) await renderWithPdfjs(path, pages.filter((p) => retry.includes(p.num)), limits, pageOcr);
}

/** pdf.js rendering leaks native memory: a fresh child for every few pages. */
async function renderWithPdfjs(path: string, pages: PdfPageText[], limits: DocumentLimits, pageOcr: PageOcr): Promise<void> {
  for (let i = 0; i < pages.length; i += limits.renderPagesPerChild) {
    const batch = pages.slice(i, i + limits.renderPagesPerChild).map((p) => p.num);
    await pageOcr.ready();
    const rendered = new Set<number>();
    const render = { dpi: limits.renderDpi, maxPixels: limits.maxImagePixels };
    await renderPdfPagesWithPdfjs(path, batch, render, childLimits(limits), (num, pgm) => {
      rendered.add(num);
      pageOcr.add(num, pgm);
    }).catch((error: unknown) => {
      // Pages of this batch that did not arrive get the child's error (e.g. a render timeout).
      for (const num of batch) if (!rendered.has(num)) pageOcr.fail(num, error);
    });
  }
}

/** OCR text is the less trustworthy kind, so any OCR'd text makes the whole document `ocr`. */
function sourceOf(ocrTexts: string[], layer: PdfPageText[]): DocumentText['source'] {
  if (ocrTexts.some((t) => t.length > 0)) return 'ocr';
  return layer.some((p) => p.text.trim().length > 0) ? 'text-layer' : 'none';
}

function childLimits(limits: DocumentLimits) {
  return { timeoutMs: limits.pdfTimeoutMs, heapMb: limits.pdfHeapMb };
}
