// Child process: pdf.js (through pdf-parse) on one PDF, isolated because hostile PDFs can spin
// forever (cyclic page trees, xref loops) and rendering leaks native canvas memory. The parent
// kills us on timeout; we never ask for a password. Plain JS so it starts without a TS loader.
//
// Protocol (IPC, advanced serialization): one request, replies until `done`/`error`, then exit.
//   { op: 'text', path, maxPages }                → { type: 'text', total, pages: [{ num, text, width, height }], maxRssKb }
//   { op: 'render', path, pages: [n…], scale, maxPixels }
//                                                 → { type: 'page', num, pgm } per page, then { type: 'done', maxRssKb }
// maxRssKb is this process's peak resident memory, for the record (and the large-file test).
import { open, readFile } from 'node:fs/promises';
import { PDFParse } from 'pdf-parse';
import { PDFDataRangeTransport } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Skip embedded images above this many pixels (JBIG2/JPEG bombs) instead of decoding them. */
const MAX_IMAGE_PIXELS = 40_000_000;

function send(message) {
  return new Promise((resolve) => process.send(message, undefined, undefined, () => resolve()));
}

function errorReply(error) {
  const name = error && typeof error === 'object' && 'name' in error ? String(error.name) : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'error', name, message };
}

async function renderPage(doc, num, scale, maxPixels) {
  const page = await doc.getPage(num);
  const unit = page.getViewport({ scale: 1 });
  const fit = Math.sqrt(maxPixels / Math.max(1, unit.width * unit.height));
  const viewport = page.getViewport({ scale: Math.min(scale, fit) });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  const target = doc.canvasFactory.create(width, height);
  try {
    target.context.fillStyle = '#ffffff';
    target.context.fillRect(0, 0, width, height);
    await page.render({ canvasContext: target.context, viewport, canvas: target.canvas }).promise;
    const rgba = target.context.getImageData(0, 0, width, height).data;
    const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'ascii');
    const pgm = new Uint8Array(header.length + width * height);
    pgm.set(header);
    for (let i = 0, o = header.length; i < rgba.length; i += 4, o++) {
      pgm[o] = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
    }
    return pgm;
  } finally {
    doc.canvasFactory.destroy(target);
    page.cleanup();
  }
}

/** Chunks pdf.js asks for; the whole file is never read at once (a 250 MiB scan would be 250 MiB more). */
const RANGE_CHUNK = 256 * 1024;

/**
 * pdf.js reads the file by byte ranges from this transport, so only what the requested pages need is
 * read: the cross-reference table, the page tree and those pages' resources. pdf.js keeps a buffer the
 * size of the file, but untouched parts of it are never resident. Used for rendering, which asks for a
 * few pages per child; the text layer reads every page (up to maxPdfPages), and there ranges cost one
 * more copy of what is read (measured: a 250 MiB one-page PDF, 580 MiB whole vs 830 MiB by ranges).
 */
class FileRangeTransport extends PDFDataRangeTransport {
  constructor(file, length) {
    super(length, null);
    this.file = file;
  }

  requestDataRange(begin, end) {
    const chunk = new Uint8Array(end - begin);
    this.file
      .read(chunk, 0, chunk.length, begin)
      .then(() => this.onDataRange(begin, chunk))
      // pdf.js would wait for this range forever: answer with the error and end, as for a bad PDF.
      .catch((error) => send(errorReply(error)).finally(() => process.exit(0)));
  }
}

async function source(request) {
  if (request.op !== 'render') return { options: { data: new Uint8Array(await readFile(request.path)) }, close: async () => {} };
  const file = await open(request.path, 'r');
  const { size } = await file.stat();
  return {
    options: { range: new FileRangeTransport(file, size), length: size, rangeChunkSize: RANGE_CHUNK, disableAutoFetch: true, disableStream: true },
    close: () => file.close(),
  };
}

async function handle(request) {
  const input = await source(request);
  const parser = new PDFParse({
    ...input.options,
    verbosity: 0,
    maxImageSize: MAX_IMAGE_PIXELS,
    isEvalSupported: false,
    useSystemFonts: false,
    stopAtErrors: false,
  });
  try {
    if (request.op === 'text') {
      const result = await parser.getText({ first: request.maxPages, pageJoiner: '' });
      const doc = await parser.load();
      const pages = [];
      for (const p of result.pages) {
        // Size in points, so the parent can pick a render resolution within the pixel limit.
        const { width, height } = (await doc.getPage(p.num)).getViewport({ scale: 1 });
        pages.push({ num: p.num, text: p.text, width, height });
      }
      await send({ type: 'text', total: result.total, pages, maxRssKb: process.resourceUsage().maxRSS });
    } else if (request.op === 'render') {
      // pdf-parse's getScreenshot only gives PNG; we render ourselves to send greyscale PGM (no
      // PNG encode/decode) and to cap the canvas for pages declared huge.
      const doc = await parser.load();
      for (const num of request.pages) {
        await send({ type: 'page', num, pgm: await renderPage(doc, num, request.scale, request.maxPixels) });
      }
      await send({ type: 'done', maxRssKb: process.resourceUsage().maxRSS });
    } else {
      throw new Error(`unknown op ${request.op}`);
    }
  } finally {
    await parser.destroy().catch(() => {});
    await input.close();
  }
}

process.once('message', (request) => {
  handle(request)
    .catch((error) => send(errorReply(error)))
    .finally(() => process.exit(0));
});
