// Image → text by OCR. Dimensions come from the header before anything is decoded, so pixel
// bombs (a 65536×65536 PNG in 500 KB) are refused up front. TIFF pages are decoded one at a time.
import { imageSize } from 'image-size';
import { BadInputError, LimitExceededError } from '../../../core/errors.js';
import type { Reason } from '../../../core/model.js';
import type { DocumentText, Ocr } from '../../../core/ports.js';
import type { DocumentLimits } from '../documents.js';
import { PageOcr } from '../ocr/page-ocr.js';
import { cleanForOcr } from './preprocess.js';
import type { SniffedKind } from './sniff.js';
import { decodeTiffPage, type TiffLimits, type TiffStop } from './tiff.js';

export type ImageKind = Exclude<SniffedKind, 'pdf' | 'unknown'>;

/** Width and height from the header; throws image_corrupt when the header cannot be read. */
export function headerDimensions(bytes: Uint8Array, kind: ImageKind): { width: number; height: number } {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch (error) {
    throw new BadInputError('image_corrupt', `${kind.toUpperCase()} header could not be read: ${(error as Error).message}`);
  }
  const width = size.width ?? 0;
  const height = size.height ?? 0;
  if (!(width > 0 && height > 0)) throw new BadInputError('image_corrupt', `${kind.toUpperCase()} has no width or height`);
  // GIF frames may be larger than the logical screen that image-size reports (a classic bomb).
  const frames = kind === 'gif' ? gifFrameSizes(bytes) : [];
  return frames.reduce((max, f) => (f.width * f.height > max.width * max.height ? f : max), { width, height });
}

export function checkPixels(width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels) {
    throw new LimitExceededError('image_pixel_limit', `Image is ${width}x${height} pixels, above the limit of ${maxPixels}`, {
      width,
      height,
      maxPixels,
    });
  }
}

export async function extractImageText(
  bytes: Uint8Array,
  kind: ImageKind,
  ocr: Ocr,
  limits: DocumentLimits,
): Promise<DocumentText> {
  const warnings: Reason[] = [];
  const pageOcr = new PageOcr(ocr, warnings, limits.cleanPages ? cleanForOcr : undefined);
  let pages = 1;
  if (kind === 'tiff') {
    pages = await readTiffPages(bytes, limits, pageOcr, warnings);
  } else {
    const { width, height } = headerDimensions(bytes, kind);
    checkPixels(width, height, limits.maxImagePixels);
    pageOcr.add(1, bytes);
  }
  const { texts, meanConfidence } = await pageOcr.finish().catch((error: unknown) => {
    throw asImageError(error, kind);
  });
  const text = [...texts.values()].filter((t) => t.length > 0).join('\n\n');
  return {
    text,
    source: text ? 'ocr' : 'none',
    pages,
    ...(meanConfidence !== undefined ? { ocrConfidence: meanConfidence } : {}),
    warnings,
  };
}

/** tesseract's "cannot read image" for a file whose header looked fine means the data is corrupt. */
function asImageError(error: unknown, kind: ImageKind): unknown {
  if (error instanceof BadInputError && error.code === 'ocr_image_unreadable') {
    return new BadInputError('image_corrupt', `${kind.toUpperCase()} image data could not be decoded`);
  }
  return error;
}

const STOP_WARNINGS: Record<Exclude<TiffStop, null>, { code: string; message: string }> = {
  loop: { code: 'extract.tiff_page_loop', message: 'TIFF page chain loops back; each page was read once' },
  page_limit: { code: 'extract.ocr_page_limit', message: 'TIFF has more pages than the OCR page limit' },
  corrupt_chain: { code: 'extract.tiff_page_chain_corrupt', message: 'TIFF page chain is broken; later pages skipped' },
};

async function readTiffPages(bytes: Uint8Array, limits: DocumentLimits, pageOcr: PageOcr, warnings: Reason[]) {
  const tiffLimits: TiffLimits = { maxPages: limits.maxOcrPages, maxPixels: limits.maxImagePixels, timeoutMs: limits.imageTimeoutMs };
  const first = await decodeTiffPage(bytes, 0, tiffLimits);
  if (first.stop) warnings.push({ ...STOP_WARNINGS[first.stop], data: { pagesRead: first.pageCount } });
  pageOcr.add(1, first.pgm);
  for (let page = 1; page < first.pageCount; page++) {
    await pageOcr.ready();
    try {
      pageOcr.add(page + 1, (await decodeTiffPage(bytes, page, tiffLimits)).pgm);
    } catch (error) {
      pageOcr.fail(page + 1, error);
    }
  }
  return first.pageCount;
}

/** Sizes of the image descriptors in a GIF (walks blocks; stops at the first inconsistency). */
function gifFrameSizes(bytes: Uint8Array): { width: number; height: number }[] {
  const u16 = (o: number) => (bytes[o] ?? 0) | ((bytes[o + 1] ?? 0) << 8);
  const frames: { width: number; height: number }[] = [];
  const flags = bytes[10] ?? 0;
  let o = 13 + (flags & 0x80 ? 3 * (1 << ((flags & 7) + 1)) : 0);
  const skipSubBlocks = () => {
    while (o < bytes.length && bytes[o] !== 0) o += (bytes[o] ?? 0) + 1;
    o++;
  };
  while (o < bytes.length && frames.length < 10_000) {
    const block = bytes[o];
    if (block === 0x2c) {
      frames.push({ width: u16(o + 5), height: u16(o + 7) });
      const local = bytes[o + 9] ?? 0;
      o += 10 + (local & 0x80 ? 3 * (1 << ((local & 7) + 1)) : 0) + 1; // + LZW minimum code size
      skipSubBlocks();
    } else if (block === 0x21) {
      o += 2;
      skipSubBlocks();
    } else break;
  }
  return frames;
}
