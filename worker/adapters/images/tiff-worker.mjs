// Worker thread: TIFF (fax G3/G4, multi-page) → one 8-bit greyscale PGM per page, with utif2.
// Plain JS so it starts without a TypeScript loader. It runs in a thread with a heap limit and a
// timeout (see tiff.ts) because utif2 trusts the file: it follows IFD chains forever and loops over
// any tag count the file claims. We walk the IFD chain ourselves first (cycle- and bounds-checked,
// page limit), cut it after the last page we want, and defuse tags that make utif2 recurse.
import { parentPort, workerData } from 'node:worker_threads';
import UTIF from 'utif2';

const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];
/** Tags whose values utif2 follows into sub-IFDs (SubIFDs, EXIF, GPS, DNG private, Fuji, MakerNote). */
const RECURSIVE_TAGS = new Set([330, 34665, 34853, 50740, 61440, 37500]);
const DEFUSED_TAG = 0xfffe;
const SUPPORTED_COMPRESSION = new Set([1, 2, 3, 4, 5, 6, 7, 8, 32773, 32946]);

class TiffError extends Error {
  constructor(code, message, data) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

function reader(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const order = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0);
  if (order !== 'II' && order !== 'MM') throw new TiffError('image_corrupt', 'TIFF byte-order mark is missing');
  const le = order === 'II';
  const inside = (offset, length) => offset >= 0 && offset + length <= bytes.length;
  return {
    le,
    inside,
    u16: (o) => (inside(o, 2) ? view.getUint16(o, le) : NaN),
    u32: (o) => (inside(o, 4) ? view.getUint32(o, le) : NaN),
    setU16: (o, v) => view.setUint16(o, v, le),
    setU32: (o, v) => view.setUint32(o, v, le),
  };
}

/** Walks the page chain; returns IFD offsets and why the walk stopped early, if it did. */
function walkIfds(bin, maxPages) {
  const magic = bin.u16(2);
  if (magic === 43) throw new TiffError('image_unsupported', 'BigTIFF is not supported');
  if (magic !== 42) throw new TiffError('image_corrupt', 'Not a TIFF file (bad magic number)');
  const offsets = [];
  const seen = new Set();
  let next = bin.u32(4);
  let stop = null;
  while (next !== 0) {
    if (seen.has(next)) {
      stop = 'loop';
      break;
    }
    if (offsets.length >= maxPages) {
      stop = 'page_limit';
      break;
    }
    const count = bin.u16(next);
    if (!Number.isFinite(count) || count === 0 || !bin.inside(next, 2 + count * 12 + 4)) {
      if (offsets.length === 0) throw new TiffError('image_corrupt', 'TIFF image directory lies outside the file');
      stop = 'corrupt_chain';
      break;
    }
    seen.add(next);
    offsets.push(next);
    next = bin.u32(next + 2 + count * 12);
  }
  if (offsets.length === 0) throw new TiffError('image_corrupt', 'TIFF has no pages');
  return { offsets, stop };
}

/** Checks every entry's claimed size against the file and defuses recursive tags (in our copy). */
function sanitiseIfd(bin, offset) {
  const count = bin.u16(offset);
  for (let i = 0; i < count; i++) {
    const entry = offset + 2 + i * 12;
    const tag = bin.u16(entry);
    const type = bin.u16(entry + 2);
    const num = bin.u32(entry + 4);
    const size = (TYPE_SIZE[type] ?? 1) * num;
    if (size > 4 && !bin.inside(bin.u32(entry + 8), size)) {
      throw new TiffError('image_corrupt', `TIFF tag ${tag} claims ${num} values beyond the end of the file`);
    }
    if (RECURSIVE_TAGS.has(tag)) bin.setU16(entry, DEFUSED_TAG);
  }
}

const first = (ifd, tag, fallback) => {
  const value = ifd[`t${tag}`];
  return value && value.length > 0 && typeof value[0] === 'number' ? value[0] : fallback;
};

/** RGBA → luminance; fax pages with half vertical resolution (≈200×100 dpi) get each row twice. */
function toGrey(ifd) {
  const width = ifd.width;
  const height = ifd.height;
  const rgba = UTIF.toRGBA8(ifd);
  const xres = ratio(ifd.t282);
  const yres = ratio(ifd.t283);
  const repeat = xres && yres && yres * 1.5 < xres ? 2 : 1;
  const header = Buffer.from(`P5\n${width} ${height * repeat}\n255\n`, 'ascii');
  const out = new Uint8Array(header.length + width * height * repeat);
  out.set(header);
  let o = header.length;
  for (let y = 0; y < height; y++) {
    const rowStart = o;
    for (let x = 0, q = y * width * 4; x < width; x++, q += 4) {
      out[o++] = (rgba[q] * 77 + rgba[q + 1] * 150 + rgba[q + 2] * 29) >> 8;
    }
    if (repeat === 2) {
      out.copyWithin(o, rowStart, rowStart + width);
      o += width;
    }
  }
  return { pgm: out, width, height: height * repeat };
}

function ratio(value) {
  const pair = Array.isArray(value) ? value[0] : undefined;
  return Array.isArray(pair) && pair[1] ? pair[0] / pair[1] : undefined;
}

/** Decodes page `page` (0-based) only: the caller asks page by page to keep memory at one page. */
function convert({ bytes, maxPages, maxPixels, page }) {
  const copy = new Uint8Array(bytes); // we patch the chain and tags in our own copy
  const bin = reader(copy);
  const { offsets, stop } = walkIfds(bin, maxPages);
  for (const offset of offsets) sanitiseIfd(bin, offset);
  const last = offsets[offsets.length - 1];
  bin.setU32(last + 2 + bin.u16(last) * 12, 0);

  const ifds = UTIF.decode(copy.buffer, { parseMN: false, debug: false });
  const ifd = ifds[page];
  if (page >= offsets.length || !ifd) throw new TiffError('image_corrupt', `TIFF page ${page + 1} could not be read`);
  const width = first(ifd, 256, 0);
  const height = first(ifd, 257, 0);
  if (!(width > 0 && height > 0)) throw new TiffError('image_corrupt', 'TIFF page has no width or height');
  if (width * height > maxPixels) {
    throw new TiffError('image_pixel_limit', `TIFF page is ${width}x${height} pixels, above the limit of ${maxPixels}`, {
      width,
      height,
      maxPixels,
    });
  }
  const compression = first(ifd, 259, 1);
  if (!SUPPORTED_COMPRESSION.has(compression)) {
    throw new TiffError('image_unsupported', `TIFF compression ${compression} is not supported`, { compression });
  }
  UTIF.decodeImage(copy.buffer, ifd, ifds);
  if (!ifd.data) throw new TiffError('image_corrupt', 'TIFF page has no image data');
  return { pageCount: Math.min(offsets.length, ifds.length), stop, page: toGrey(ifd) };
}

try {
  const result = convert(workerData);
  parentPort.postMessage({ ok: true, ...result }, [result.page.pgm.buffer]);
} catch (error) {
  const known = error instanceof TiffError;
  parentPort.postMessage({
    ok: false,
    code: known ? error.code : 'image_corrupt',
    message: known ? error.message : `TIFF could not be decoded: ${error instanceof Error ? error.message : String(error)}`,
    data: known ? error.data : undefined,
  });
}
