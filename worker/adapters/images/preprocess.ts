// Page clean-up before OCR, for greyscale PGM pages (PDF renders, TIFF pages). Measured on the DEV
// scans: flat-field + fixed threshold + 3×3 majority filter read the heavily degraded level-4 page
// that timed out before (> 60 s, no text), raised mean confidence on the noisy ones, and halved
// total OCR time (noise specks make tesseract slow). Clean pages are unchanged in quality.

export interface Pgm {
  width: number;
  height: number;
  pixels: Uint8Array;
}

export function parsePgm(bytes: Uint8Array): Pgm | null {
  if (bytes[0] !== 0x50 || bytes[1] !== 0x35) return null;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 64)).toString('latin1');
  const match = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(head);
  if (!match) return null;
  const width = Number(match[1]);
  const height = Number(match[2]);
  const pixels = bytes.subarray(match[0].length);
  return pixels.length >= width * height ? { width, height, pixels: pixels.subarray(0, width * height) } : null;
}

export function encodePgm({ width, height, pixels }: Pgm): Uint8Array {
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'ascii');
  const out = new Uint8Array(header.length + pixels.length);
  out.set(header);
  out.set(pixels, header.length);
  return out;
}

const BLOCK = 32;
/** A pixel darker than this share of its local background is ink. */
const INK_RATIO = 215 / 255;

/** Local paper brightness per 32×32 block: the 80th percentile, so ink and specks don't count. */
function backgroundGrid({ width, height, pixels }: Pgm) {
  const cols = Math.ceil(width / BLOCK);
  const rows = Math.ceil(height / BLOCK);
  const grid = new Float32Array(cols * rows);
  const histogram = new Uint32Array(256);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      histogram.fill(0);
      let n = 0;
      for (let y = by * BLOCK; y < Math.min(height, by * BLOCK + BLOCK); y += 2) {
        for (let x = bx * BLOCK, i = y * width + x; x < Math.min(width, bx * BLOCK + BLOCK); x += 2, i += 2) {
          histogram[pixels[i]!]!++;
          n++;
        }
      }
      let seen = 0;
      let level = 255;
      for (let v = 0; v < 256; v++) {
        seen += histogram[v]!;
        if (seen >= n * 0.8) {
          level = v;
          break;
        }
      }
      grid[by * cols + bx] = level;
    }
  }
  return { grid, cols, rows };
}

/** Binarises against the interpolated local background. 1 = ink. */
function binarise(page: Pgm): Uint8Array {
  const { width, height, pixels } = page;
  const { grid, cols, rows } = backgroundGrid(page);
  const ink = new Uint8Array(width * height);
  const gx = new Float32Array(width);
  const x0s = new Int32Array(width);
  const x1s = new Int32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(cols - 1, Math.max(0, (x - BLOCK / 2) / BLOCK));
    x0s[x] = Math.floor(fx);
    x1s[x] = Math.min(cols - 1, x0s[x]! + 1);
    gx[x] = fx - x0s[x]!;
  }
  for (let y = 0; y < height; y++) {
    const fy = Math.min(rows - 1, Math.max(0, (y - BLOCK / 2) / BLOCK));
    const r0 = Math.floor(fy) * cols;
    const r1 = Math.min(rows - 1, Math.floor(fy) + 1) * cols;
    const ty = fy - Math.floor(fy);
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const tx = gx[x]!;
      const top = grid[r0 + x0s[x]!]! * (1 - tx) + grid[r0 + x1s[x]!]! * tx;
      const bottom = grid[r1 + x0s[x]!]! * (1 - tx) + grid[r1 + x1s[x]!]! * tx;
      ink[i] = pixels[i]! < (top * (1 - ty) + bottom * ty) * INK_RATIO ? 1 : 0;
    }
  }
  return ink;
}

/** 3×3 majority: removes isolated specks and fills pinholes. Returns grey 0 (ink) / 255 (paper). */
function majority(ink: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(ink.length).fill(255);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1, i = y * width + 1; x < width - 1; x++, i++) {
      const up = i - width;
      const down = i + width;
      const sum =
        ink[up - 1]! + ink[up]! + ink[up + 1]! + ink[i - 1]! + ink[i]! + ink[i + 1]! + ink[down - 1]! + ink[down]! + ink[down + 1]!;
      if (sum >= 5) out[i] = 0;
    }
  }
  return out;
}

/** Cleans a PGM page for OCR; other formats (PNG, JPEG) are returned unchanged. */
export function cleanForOcr(image: Uint8Array): Uint8Array {
  const page = parsePgm(image);
  if (!page || page.width < 3 || page.height < 3) return image;
  return encodePgm({ ...page, pixels: majority(binarise(page), page.width, page.height) });
}
