import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputError } from '../../core/errors.js';
import type { DocumentInput } from '../../core/ports.js';
import { createDocumentTextExtractor, DEFAULT_DOCUMENT_LIMITS } from './documents.js';
import { createTesseractPool } from './ocr/tesseract-pool.js';
import { fitDpi } from './pdf/pdf-text.js';
import { makeTextPdf } from './pdf/test-pdf.js';

const fixtures = resolve(import.meta.dirname, '../../test/fixtures/dev/items');
const pool = createTesseractPool({ size: 2 });
const extractor = createDocumentTextExtractor({ ocr: pool });
let dir: string;

async function input(path: string, mimeType: string, name = path.split('/').pop() ?? path): Promise<DocumentInput> {
  return { name, mimeType, path, size: (await stat(path)).size };
}

async function temp(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'documents-test-'));
});
afterAll(async () => {
  await pool.close();
  await rm(dir, { recursive: true, force: true });
});

describe('document text extractor: scans (real OCR, dan+eng)', () => {
  it('reads a greyscale PNG letter', async () => {
    const result = await extractor.extractText(await input(join(fixtures, 'd0017.png'), 'image/png'));
    expect(result.source).toBe('ocr');
    expect(result.text).toMatch(/Ansøgning om fri fra skole/);
    expect(result.text).toMatch(/bryllup/);
    expect(result.ocrConfidence).toBeGreaterThan(80);
    expect(result.warnings).toEqual([]);
  });

  it('reads a bitonal CCITT G4 fax TIFF', async () => {
    const result = await extractor.extractText(await input(join(fixtures, 'd0029.tif'), 'image/tiff'));
    expect(result).toMatchObject({ source: 'ocr', pages: 1 });
    expect(result.text).toMatch(/rotter i min kælder/);
    expect(result.text).toMatch(/udlejer/);
  });

  it('OCRs an image-only PDF, with pdftoppm or pdf.js rendering alike', async () => {
    const path = join(fixtures, 'd0004.pdf');
    for (const renderer of ['auto', 'pdfjs'] as const) {
      const result = await createDocumentTextExtractor({ ocr: pool, limits: { renderer } }).extractText(
        await input(path, 'application/pdf'),
      );
      expect(result).toMatchObject({ source: 'ocr', pages: 1 });
      expect(result.text).toMatch(/hjælp til rengøring/);
      expect(result.text).toMatch(/hofteoperation/);
    }
  });
});

describe('document text extractor: text layers and dispatch', () => {
  it('uses the text layer of a PDF without OCR', async () => {
    const pdf = makeTextPdf([['Ansøgning om byggetilladelse til carport', 'Matrikel 12a, Nørreå By, 8891 Nørreå']]);
    const result = await extractor.extractText(await input(await temp('byg.pdf', pdf), 'application/pdf'));
    expect(result).toMatchObject({ source: 'text-layer', pages: 1, warnings: [] });
    expect(result.text).toContain('Ansøgning om byggetilladelse til carport');
    expect(result.ocrConfidence).toBeUndefined();
  });

  it('OCRs only the pages without a text layer', async () => {
    const pdf = makeTextPdf([['Klage over manglende snerydning på Kirkevej i hele januar måned'], []]);
    const result = await extractor.extractText(await input(await temp('mixed.pdf', pdf), 'application/pdf'));
    expect(result.pages).toBe(2);
    expect(result.text).toContain('Klage over manglende snerydning');
    // The blank second page was rendered and read: nothing there, which the quality gate says.
    expect(result.ocrConfidence).toBeDefined();
    expect(result.warnings.map((w) => w.code)).toContain('extract.ocr_low_quality');
  });

  it('OCRs at most maxOcrPages pages and says so', async () => {
    const pdf = makeTextPdf([[], [], []]);
    const limited = createDocumentTextExtractor({ ocr: pool, limits: { maxOcrPages: 1, renderDpi: 72 } });
    const result = await limited.extractText(await input(await temp('blank.pdf', pdf), 'application/pdf'));
    expect(result.pages).toBe(3);
    expect(result.warnings.find((w) => w.code === 'extract.ocr_page_limit')?.data).toEqual({
      pagesNeedingOcr: 3,
      ocrPages: 1,
    });
  });

  it('lowers the render resolution for pages declared huge', () => {
    const limits = { ...DEFAULT_DOCUMENT_LIMITS };
    expect(fitDpi(595, 842, limits)).toBe(300); // A4
    const dpi = fitDpi(14_400, 14_400, limits); // 200 × 200 inches
    expect((200 * dpi) ** 2).toBeLessThanOrEqual(limits.maxImagePixels);
  });

  it('trusts magic bytes over the declared type and name', async () => {
    const path = await temp('brev.pdf', makeTextPdf([['Ansøgning om boligindskud, jeg flytter den 1. marts']]));
    const result = await extractor.extractText(await input(path, 'application/octet-stream', 'brev.txt'));
    expect(result.source).toBe('text-layer');
    expect(result.text).toContain('boligindskud');
  });

  it('decodes plain text as UTF-8, falling back to latin1 with a warning', async () => {
    const utf8 = await extractor.extractText(await input(await temp('a.txt', 'Kære Nørreå Kommune'), 'text/plain'));
    expect(utf8).toMatchObject({ text: 'Kære Nørreå Kommune', source: 'plain', warnings: [] });
    const latin1 = await extractor.extractText(
      await input(await temp('b.txt', Buffer.from('Kære Nørreå Kommune', 'latin1')), 'text/plain; charset=iso-8859-1'),
    );
    expect(latin1.text).toBe('Kære Nørreå Kommune');
    expect(latin1.warnings.map((w) => w.code)).toEqual(['extract.text_decoded_as_latin1']);
  });

  it('returns no text with a warning for unsupported types', async () => {
    const path = await temp('x.docx', Buffer.from('PK\u0003\u0004 not really a docx'));
    const result = await extractor.extractText(await input(path, 'application/vnd.openxmlformats-officedocument'));
    expect(result).toMatchObject({ text: '', source: 'none' });
    expect(result.warnings.map((w) => w.code)).toEqual(['extract.unsupported_document_type']);
  });

  it('rejects empty files and images with only a declared type', async () => {
    await expect(extractor.extractText(await input(await temp('empty.pdf', ''), 'application/pdf'))).rejects.toMatchObject({
      code: 'empty_file',
    });
    const fake = await extractor.extractText(await input(await temp('fake.png', 'no image here'), 'image/png')).catch((e) => e);
    expect(fake).toBeInstanceOf(BadInputError);
    expect(fake.code).toBe('image_corrupt');
  });
});
