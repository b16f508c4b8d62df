// Extraction without OCR (the cheap `extract` queue): nothing is OCR'd or rendered, and the result says
// how many pages would need OCR, so the job can hand the item to the `ocr` queue by the result alone.
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ocr } from '../../core/ports.js';
import { createDocumentTextExtractor } from './documents.js';
import { createContentExtractor } from './extract/index.js';
import { tempStore, type TempStore } from './extract/test-support.js';
import { makeTextPdf } from './pdf/test-pdf.js';

const fixtures = resolve(import.meta.dirname, '../../test/fixtures/dev/items');
const ocrCalls: number[] = [];
/** Counts calls and reads nothing: the no-OCR path must never reach it. */
const countingOcr: Ocr = { recognize: async () => (ocrCalls.push(1), { text: 'OCR-tekst', confidence: 90 }) };
const documents = createDocumentTextExtractor({ ocr: countingOcr });
let store: TempStore;

beforeAll(async () => {
  store = await tempStore();
});
afterAll(async () => {
  await store.cleanup();
});

async function doc(path: string, mimeType: string) {
  return { name: path.split('/').pop()!, mimeType, path, size: (await stat(path)).size };
}

describe('document text without OCR', () => {
  it('counts the pages of an image-only PDF instead of OCR-ing them', async () => {
    const result = await documents.extractText(await doc(join(fixtures, 'd0004.pdf'), 'application/pdf'), { ocr: false });
    expect(result).toMatchObject({ text: '', pages: 1, ocrPagesNeeded: 1 });
    expect(result.warnings.map((w) => w.code)).not.toContain('extract.ocr_page_limit');
    expect(ocrCalls).toEqual([]);
  });

  it('counts an image as a page to OCR', async () => {
    const result = await documents.extractText(await doc(join(fixtures, 'd0017.png'), 'image/png'), { ocr: false });
    expect(result).toMatchObject({ source: 'none', ocrPagesNeeded: 1 });
    expect(ocrCalls).toEqual([]);
  });

  it('reads a text layer as usual, with nothing to OCR', async () => {
    const ref = await store.put(makeTextPdf([['Ansøgning om byggetilladelse til carport, matrikel 12a']]));
    const result = await documents.extractText(await doc(store.blobs.pathOf(ref.sha256), 'application/pdf'), { ocr: false });
    expect(result.source).toBe('text-layer');
    expect(result.ocrPagesNeeded).toBeUndefined();
    expect(result.text).toContain('byggetilladelse');
  });
});

describe('content extraction without OCR', () => {
  it('answers NeedsOcr for a scan without a text layer, and the content with OCR', async () => {
    const blob = await store.putFile(join(fixtures, 'd0004.pdf'));
    const ocrExtractor = createContentExtractor({ blobs: store.blobs, documents });
    const input = { channel: 'scan' as const, fileName: 'd0004.pdf', blob };
    expect(await ocrExtractor.extract(input, { ocr: false })).toEqual({ needsOcr: true, pages: 1 });
    expect(ocrCalls).toEqual([]);
    const content = await ocrExtractor.extract(input);
    expect(ocrCalls.length).toBeGreaterThan(0);
    expect(content).toMatchObject({ channel: 'scan', bodySource: 'ocr', body: 'OCR-tekst' });
  });

  it('gives the content of an item that needs no OCR', async () => {
    const blob = await store.put(makeTextPdf([['Klage over parkeringsafgift, reg.nr. AB 12 345']]));
    const result = await createContentExtractor({ blobs: store.blobs, documents }).extract({ channel: 'scan', fileName: 'klage.pdf', blob }, { ocr: false });
    expect(result).toMatchObject({ channel: 'scan', bodySource: 'text-layer' });
  });
});
