import { describe, expect, it } from 'vitest';
import { measureOcrQuality, ocrQualityWarning } from './quality.js';

const good =
  'Kære visitator. Jeg skriver fordi jeg ikke længere kan klare rengøringen selv efter min hofteoperation i ' +
  'august. Min datter bor i Aalborg og kan kun komme hver anden weekend. Med venlig hilsen Kirsten Svendsen';
// What a degraded fax page came back as before clean-up (tesseract said 67% confidence).
const garbage = '[2 N oO Q | + Tam oer ic (iat LJ fæ. [7] A BE VISSE jet pe z z [ J [ J » DW il Nie ay W Ts Wi vr A ese Fee st pr st vrs Re';

describe('OCR quality gate', () => {
  it('passes a clean Danish letter', () => {
    expect(measureOcrQuality(good).wordLikeRatio).toBeGreaterThan(0.9);
    expect(ocrQualityWarning(good, 92)).toBeNull();
  });

  it('flags garbage even at a plausible confidence, with the measured values', () => {
    const warning = ocrQualityWarning(garbage, 67);
    expect(warning?.code).toBe('ocr_low_quality');
    expect(warning?.data?.wordLikeRatio).toBeLessThan(0.6);
  });

  it('flags good-looking text when tesseract itself is unsure, and empty pages', () => {
    expect(ocrQualityWarning(good, 41)?.message).toMatch(/mean confidence 41/);
    expect(ocrQualityWarning('', 0)?.message).toMatch(/almost no text/);
  });
});
