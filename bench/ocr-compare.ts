// OCR seconds per page: tesseract.js (one worker) against the native `tesseract` CLI on the same scans,
// both single-threaded (OMP_THREAD_LIMIT=1, see docs: OpenMP threads make native tesseract much slower here).
import { spawnSync } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { createDocumentTextExtractor } from '../worker/adapters/documents.js';
import { createTesseractPool } from '../worker/adapters/ocr/tesseract-pool.js';
import { markdownTable } from './table.js';

const IMAGE_EXTENSIONS = new Set(['.png', '.tif', '.tiff', '.jpg', '.jpeg']);

export interface OcrCompareRow {
  file: string;
  pages: number;
  jsSecondsPerPage: number;
  nativeSecondsPerPage: number | null;
}

export function nativeTesseractAvailable(): boolean {
  const probe = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
  return probe.status === 0 && /\bdan\b/.test(`${probe.stdout}${probe.stderr}`);
}

export async function compareOcr(corpusDir: string, maxFiles = 6): Promise<OcrCompareRow[]> {
  const names = (await readdir(corpusDir)).filter((name) => IMAGE_EXTENSIONS.has(extname(name).toLowerCase())).sort().slice(0, maxFiles);
  const pool = createTesseractPool({ size: 1 });
  const documents = createDocumentTextExtractor({ ocr: pool });
  const native = nativeTesseractAvailable();
  const rows: OcrCompareRow[] = [];
  try {
    for (const name of names) {
      const path = join(corpusDir, name);
      const size = (await stat(path)).size;
      const mimeType = /\.tiff?$/i.test(name) ? 'image/tiff' : /\.png$/i.test(name) ? 'image/png' : 'image/jpeg';
      await documents.extractText({ name, mimeType, path, size }); // warm-up: worker start and language load
      const started = performance.now();
      const text = await documents.extractText({ name, mimeType, path, size });
      const jsSeconds = (performance.now() - started) / 1000;
      const pages = Math.max(1, text.pages);
      let nativeSeconds: number | null = null;
      if (native) {
        const t0 = performance.now();
        spawnSync('tesseract', [path, '-', '-l', 'dan+eng', '--psm', '6'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, encoding: 'utf8' });
        nativeSeconds = (performance.now() - t0) / 1000;
      }
      rows.push({ file: name, pages, jsSecondsPerPage: jsSeconds / pages, nativeSecondsPerPage: nativeSeconds === null ? null : nativeSeconds / pages });
    }
  } finally {
    await pool.close();
  }
  return rows;
}

export function formatOcrCompare(rows: OcrCompareRow[]): string {
  const table = markdownTable(
    ['scan', 'pages', 'tesseract.js s/page', 'native tesseract s/page'],
    rows.map((r) => [r.file, r.pages, r.jsSecondsPerPage.toFixed(2), r.nativeSecondsPerPage === null ? 'not installed' : r.nativeSecondsPerPage.toFixed(2)]),
  );
  return `OCR per page, one worker, same images (native: \`tesseract -l dan+eng --psm 6\`, OMP_THREAD_LIMIT=1):\n\n${table}`;
}
