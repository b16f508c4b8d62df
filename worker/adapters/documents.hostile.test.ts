// Every hostile PDF and image (other projects' test files: bombs, loops, truncations, encryption)
// must give text or a BadInputError with a specific code, within a bound, without crashing us.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BadInputError, LimitExceededError } from '../../core/errors.js';
import type { DocumentText } from '../../core/ports.js';
import { createDocumentTextExtractor } from './documents.js';
import { createTesseractPool } from './ocr/tesseract-pool.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const roots = [join(repoRoot, 'test/fixtures/hostile'), resolve(repoRoot, '../shared/corpus/hostile')];

/** Files from the repo's copy, plus those only in the shared corpus (not copied for licence reasons). */
function files(kind: 'pdf' | 'images'): [string, string][] {
  const seen = new Map<string, string>();
  for (const root of roots) {
    const dir = join(root, kind);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) if (!seen.has(name)) seen.set(name, join(dir, name));
  }
  return [...seen];
}

/** Files made to fail in one particular way. */
const EXPECTED_ERROR: Record<string, string> = {
  'filescraper__invalid__empty.pdf': 'empty_file',
  'pdfjs__pr6531_1.pdf': 'pdf_encrypted',
  'pdfjs__saslprep-r6.pdf': 'pdf_encrypted',
  'pdfjs__bomb_giant.pdf': 'pdf_timeout', // 100000×100000 JBIG2 "pages": the parser is killed
  'pdfjs__Pages-tree-refs.pdf': 'pdf_malformed',
  'pdfjs__bug1020226.pdf': 'pdf_malformed',
  'qpdf__bad1.pdf': 'pdf_malformed',
  'filescraper__invalid__empty.tif': 'empty_file',
  'sharp__65536-uint32-limit.png': 'image_pixel_limit', // 4.29 gigapixels in 521 KB
  'sharp__giant-image.jpg': 'image_pixel_limit', // 280 megapixels
  'pillow__decompression_bomb.gif': 'image_pixel_limit', // 32×32 screen, 65535×1321 frame
  'pillow__libtiff_segfault.tif': 'image_pixel_limit',
  'pillow__truncated_jpeg.jpg': 'image_corrupt',
  'sharp__corrupt-header.jpg': 'image_corrupt',
  'libpng__huge_IDAT.png': 'image_corrupt',
};

/** Files that must be read, with what must be seen. */
const EXPECTED_RESULT: Record<string, (r: DocumentText) => void> = {
  'pillow__multipage_single_frame_loop.tiff': (r) => expect(r.warnings.map((w) => w.code)).toContain('extract.tiff_page_loop'),
  'pillow__multipage_multiple_frame_loop.tiff': (r) => {
    expect(r.pages).toBe(2);
    expect(r.warnings.map((w) => w.code)).toContain('extract.tiff_page_loop');
  },
  'pillow__multipage.tiff': (r) => expect(r.pages).toBe(3),
  'sharp__G31D_MULTI.TIF': (r) => expect(r).toMatchObject({ pages: 2, text: expect.stringMatching(/Kofax/) }),
  'qpdf__issue-202.pdf': (r) => expect(r).toMatchObject({ pages: 10, text: expect.stringMatching(/Sample PDF Document/) }),
  'pdfjs__empty_protected.pdf': (r) => expect(r.source).not.toBe('text-layer'), // opens with the empty password
};

/** Every code this extractor may reject with: specific, never a generic failure. */
const KNOWN_CODES = new Set([
  'empty_file',
  'pdf_encrypted',
  'pdf_malformed',
  'pdf_timeout',
  'pdf_memory_limit',
  'pdf_parser_crashed',
  'pdf_render_failed',
  'pdf_page_pixel_limit',
  'image_corrupt',
  'image_unsupported',
  'image_pixel_limit',
  'image_timeout',
  'image_memory_limit',
  'ocr_timeout',
  'ocr_image_unreadable',
  'ocr_worker_crashed',
]);

const MIME: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  gif: 'image/gif',
  bmp: 'image/bmp',
};

const pool = createTesseractPool({ size: 2, timeoutMs: 30_000 });
// Low render resolution keeps the suite fast; the limits are what is under test here.
const extractor = createDocumentTextExtractor({
  ocr: pool,
  limits: { renderDpi: 100, pdfTimeoutMs: 8_000, imageTimeoutMs: 10_000 },
});
afterAll(() => pool.close());

describe.each(['pdf', 'images'] as const)('hostile %s', (kind) => {
  it.each(files(kind))('%s → text or a specific error', async (name, path) => {
    const mimeType = MIME[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
    const outcome = await extractor
      .extractText({ name, mimeType, path, size: statSync(path).size })
      .catch((error: unknown) => error);
    const expectedCode = EXPECTED_ERROR[name];
    if (outcome instanceof Error) {
      expect(outcome, `${name}: ${outcome.message}`).toBeInstanceOf(BadInputError);
      const { code } = outcome as BadInputError;
      expect(KNOWN_CODES, `${name}: ${code}`).toContain(code);
      if (expectedCode) expect(code).toBe(expectedCode);
      if (code.endsWith('_limit') || code.endsWith('_timeout')) expect(outcome).toBeInstanceOf(LimitExceededError);
    } else {
      expect(expectedCode, `${name} should have failed with ${expectedCode}`).toBeUndefined();
      const result = outcome as DocumentText;
      expect(typeof result.text).toBe('string');
      EXPECTED_RESULT[name]?.(result);
    }
  }, 60_000);

  it('covers the files whose outcome is pinned', () => {
    const names = new Set(files(kind).map(([name]) => name));
    const pinned = [...Object.keys(EXPECTED_ERROR), ...Object.keys(EXPECTED_RESULT)].filter((n) =>
      kind === 'pdf' ? n.endsWith('.pdf') : !n.endsWith('.pdf'),
    );
    // The repo copy lacks the LGPL empty files; everything else pinned must be present.
    for (const name of pinned) if (!name.startsWith('filescraper__')) expect(names).toContain(name);
  });
});
