import { describe, expect, it } from 'vitest';
import { cleanForOcr, encodePgm, parsePgm } from './preprocess.js';

/** A 200×100 page: paper fading from 230 to 150 (uneven light), a dark bar of "ink" and lone specks. */
function degradedPage() {
  const width = 200;
  const height = 100;
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const paper = 230 - Math.round((80 * x) / width);
      const ink = y >= 40 && y < 50 && x >= 20 && x < 180;
      pixels[y * width + x] = ink ? paper - 90 : paper;
    }
  }
  for (const [x, y] of [[10, 10], [150, 80], [100, 20]] as const) pixels[y * width + x] = 20;
  return { width, height, pixels };
}

describe('page clean-up before OCR', () => {
  it('turns uneven paper white, keeps the ink black and drops specks', () => {
    const page = degradedPage();
    const cleaned = parsePgm(cleanForOcr(encodePgm(page)));
    expect(cleaned).toMatchObject({ width: 200, height: 100 });
    const at = (x: number, y: number) => cleaned!.pixels[y * 200 + x];
    expect(at(30, 45)).toBe(0); // ink where paper is bright
    expect(at(170, 45)).toBe(0); // ink on dim paper (a global threshold would lose one or the other)
    expect(at(190, 90)).toBe(255); // dim paper (150) is paper, not ink
    expect(at(10, 10)).toBe(255); // isolated speck removed
    expect(at(150, 80)).toBe(255);
  });

  it('passes other formats through untouched', () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect(cleanForOcr(png)).toBe(png);
  });
});
