// A 200 MiB scanned PDF (the letter on page 1, then huge uncompressed sheets) through the PDF child: for
// rendering, pdf.js reads it by byte ranges, so rendering the first page for OCR keeps the child far below
// the file's size (reading the whole file first peaked at ~480 MiB here). Heavy on disk, light on CPU.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdfText, renderPdfPagesWithPdfjs } from '../../worker/adapters/pdf/pdf-child-runner.js';
import { readGreyPng, scannedLetterPdf } from '../../tools/testbed/scanned-pdf.js';
import { repoRoot } from '../support/work-harness.js';

const MIB = 1024 * 1024;
const LIMITS = { timeoutMs: 60_000, heapMb: 512 };

describe('a 200 MiB scanned PDF in the PDF child', () => {
  let dir: string;
  let path: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fordeler-large-pdf-'));
    path = join(dir, 'scan.pdf');
    const out = createWriteStream(path);
    for (const chunk of scannedLetterPdf(readGreyPng(join(repoRoot, 'samples/post/d0017.png')), 200 * MIB)) if (!out.write(chunk)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('renders the letter page for OCR without reading the whole file', async () => {
    const rendered: number[] = [];
    const { maxRssKb } = await renderPdfPagesWithPdfjs(path, [1], { dpi: 200, maxPixels: 20_000_000 }, LIMITS, (num, pgm) => {
      expect(pgm.length).toBeGreaterThan(1_000_000);
      rendered.push(num);
    });
    expect(rendered).toEqual([1]);
    console.log(`pdf child, render page 1 of a 200 MiB scan: peak RSS ${Math.round(maxRssKb / 1024)} MiB`);
    expect(maxRssKb * 1024).toBeLessThan(200 * MIB);
  });

  it('still reads the text layer of the big file (whole, see the child: every page is read there)', async () => {
    const { total, pages, maxRssKb } = await readPdfText(path, 1, LIMITS);
    expect(total).toBeGreaterThan(1);
    expect(pages).toHaveLength(1);
    console.log(`pdf child, text layer of a 200 MiB scan: peak RSS ${Math.round(maxRssKb / 1024)} MiB`);
  });
});
