// A large scanned PDF for the Filudveksling tests and benchmark, produced piece by piece so nothing
// holds it whole: page 1 is a real scanned letter (a greyscale PNG from samples/, its compressed
// image data passed through with the PNG predictor, as scanners' PDF export does), then enclosures
// scanned as A1 sheets at 300 dpi in uncompressed greyscale ("archive quality") until the target
// size is reached. Image-only, like the scanning bureau's files: no text layer.
import { readFileSync } from 'node:fs';
import { seededRandom } from '../../core/seeded-random.js';

const A4_POINTS = [595.28, 841.89] as const;
/** A1 (594 × 841 mm) at 300 dpi, and in points. */
const SHEET = { width: 7016, height: 9933, points: [1683.78, 2383.94] as const };
const PIECE_BYTES = 1024 * 1024;

interface GreyPng {
  width: number;
  height: number;
  /** The concatenated IDAT data: zlib, each row prefixed by its PNG filter byte. */
  idat: Buffer;
}

/** Reads an 8-bit greyscale, non-interlaced PNG's header and compressed image data. */
export function readGreyPng(path: string): GreyPng {
  const bytes = readFileSync(path);
  if (bytes.subarray(0, 8).toString('latin1') !== '\x89PNG\r\n\x1a\n') throw new Error(`${path} is not a PNG`);
  const idat: Buffer[] = [];
  let header: { width: number; height: number } | undefined;
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.subarray(at + 4, at + 8).toString('latin1');
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      if (data[8] !== 8 || data[9] !== 0 || data[12] !== 0) throw new Error(`${path}: only 8-bit greyscale, non-interlaced PNGs are supported`);
      header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4) };
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  if (!header || !idat.length) throw new Error(`${path}: no image data`);
  return { ...header, idat: Buffer.concat(idat) };
}

/** The PDF's pieces (latin1 structure, binary streams); about `targetBytes` long in all. */
export function* scannedLetterPdf(letter: GreyPng, targetBytes: number): Generator<Buffer> {
  let at = 0;
  const offsets: number[] = [];
  const emit = (text: string): Buffer => {
    const bytes = Buffer.from(text, 'latin1');
    at += bytes.length;
    return bytes;
  };
  // Objects: 1 catalog, 2 pages, then per page: page, contents, image.
  const sheetBytes = SHEET.width * SHEET.height;
  const left = Math.max(0, targetBytes - letter.idat.length - 4096);
  const sheetRows = Array.from({ length: Math.ceil(left / sheetBytes) }, (_, i) => Math.min(SHEET.height, Math.ceil((left - i * sheetBytes) / SHEET.width)));
  const pageCount = 1 + sheetRows.length;
  const pageObject = (index: number) => 3 + index * 3;
  const object = function* (number: number, body: string): Generator<Buffer> {
    offsets[number] = at;
    yield emit(`${number} 0 obj\n${body}\nendobj\n`);
  };

  yield emit('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n');
  yield* object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  yield* object(2, `<< /Type /Pages /Kids [${Array.from({ length: pageCount }, (_, i) => `${pageObject(i)} 0 R`).join(' ')}] /Count ${pageCount} >>`);
  for (let page = 0; page < pageCount; page++) {
    const [w, h] = page === 0 ? A4_POINTS : [SHEET.points[0], (SHEET.points[1] * sheetRows[page - 1]!) / SHEET.height];
    const n = pageObject(page);
    const draw = `q ${w} 0 0 ${h.toFixed(2)} 0 0 cm /Scan Do Q`;
    yield* object(n, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h.toFixed(2)}] /Resources << /XObject << /Scan ${n + 2} 0 R >> >> /Contents ${n + 1} 0 R >>`);
    yield* object(n + 1, `<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`);
    offsets[n + 2] = at;
    if (page === 0) {
      const { width, height, idat } = letter;
      yield emit(`${n + 2} 0 obj\n<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns ${width} >> /Length ${idat.length} >>\nstream\n`);
      at += idat.length;
      yield idat;
    } else {
      const rows = sheetRows[page - 1]!;
      yield emit(`${n + 2} 0 obj\n<< /Type /XObject /Subtype /Image /Width ${SHEET.width} /Height ${rows} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${SHEET.width * rows} >>\nstream\n`);
      for (const piece of drawingRows(rows, page)) {
        at += piece.length;
        yield piece;
      }
    }
    yield emit('\nendstream\nendobj\n');
  }
  const xrefAt = at;
  const size = offsets.length;
  const entries = Array.from({ length: size - 1 }, (_, i) => `${String(offsets[i + 1]).padStart(10, '0')} 00000 n \n`).join('');
  yield emit(`xref\n0 ${size}\n0000000000 65535 f \n${entries}trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
}

/** A drawing sheet's pixels: grey paper with scanner noise and a grid of lines, ~1 MiB at a time. */
function* drawingRows(rows: number, seed: number): Generator<Buffer> {
  const random = seededRandom(seed);
  const paper = Array.from({ length: 61 }, () => {
    const row = Buffer.alloc(SHEET.width);
    for (let x = 0; x < SHEET.width; x++) row[x] = x % 472 < 3 ? 60 + Math.floor(random() * 30) : 228 + Math.floor(random() * 18);
    return row;
  });
  const line = Buffer.alloc(SHEET.width, 55);
  const rowsPerPiece = Math.max(1, Math.floor(PIECE_BYTES / SHEET.width));
  for (let y = 0; y < rows; y += rowsPerPiece) {
    const count = Math.min(rowsPerPiece, rows - y);
    const piece = Buffer.allocUnsafe(count * SHEET.width);
    for (let r = 0; r < count; r++) ((y + r) % 472 < 3 ? line : paper[((y + r) * 7) % paper.length]!).copy(piece, r * SHEET.width);
    yield piece;
  }
}
