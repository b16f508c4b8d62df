import { describe, expect, it } from 'vitest';
import type { ExtractedContent } from '../core/model.js';
import { seededRandom } from '../core/seeded-random.js';
import { loadKleData } from '../worker/adapters/kle-data.js';
import { createKleClassifier } from './classify.js';
import { ocrQualityOf } from './ocr-gate.js';

const classify = createKleClassifier(loadKleData());

function scan(body: string, meanConfidence: number): ExtractedContent {
  return { channel: 'scan', sender: {}, recipients: [], body, bodySource: 'ocr', bodyOcr: { pages: 1, meanConfidence }, attachments: [], metadata: {}, warnings: [] };
}

const SYGEDAGPENGE = `Vedr. sygedagpenge

Jeg har været sygemeldt fra mit arbejde som lagermedarbejder siden den 3. september efter en diskusprolaps.
Min arbejdsgiver har sendt anmeldelsen, men jeg har endnu ikke fået udbetalt sygedagpenge for september.
Kan I fortælle mig, hvornår sygedagpengene bliver udbetalt?

Med venlig hilsen
Henrik Nielsen`;

/** Garbage as a bad scan gives it: runs of stray marks, broken case, letters without vowels. */
function garbage(random: () => number, tokens: number): string {
  const marks = ['|', '~~', '::', '\\', '»', '¦', ';', '_', '—'];
  const consonants = 'bcdfghjklmnpqrstvwxz';
  const out: string[] = [];
  for (let i = 0; i < tokens; i++) {
    const r = random();
    if (r < 0.35) out.push(marks[Math.floor(random() * marks.length)]!);
    else if (r < 0.7) out.push(Array.from({ length: 2 + Math.floor(random() * 4) }, () => consonants[Math.floor(random() * consonants.length)]).join(''));
    else out.push(Array.from({ length: 3 + Math.floor(random() * 4) }, () => String.fromCharCode(65 + Math.floor(random() * 58))).join(''));
    if (random() < 0.1) out.push('\n');
  }
  return out.join(' ');
}

/** Every other word of the letter replaced by garbage: what a crumpled page at low resolution reads as. */
function degrade(text: string, random: () => number): string {
  return text.split(/(\s+)/).map((part, i) => (i % 4 === 0 && part.trim() && random() < 0.6 ? garbage(random, 2) : part)).join('');
}

describe('OCR quality gate', () => {
  it('measures a clean OCR page as good and generated garbage as poor', () => {
    expect(ocrQualityOf(scan(SYGEDAGPENGE, 88))?.overall).toBe(1);
    expect(ocrQualityOf(scan(garbage(seededRandom(1), 200), 88))!.overall).toBeLessThan(0.3);
    // tesseract's own doubt counts even when the words look fine
    expect(ocrQualityOf(scan(SYGEDAGPENGE, 40))!.overall).toBeLessThan(0.3);
    expect(ocrQualityOf({ ...scan(SYGEDAGPENGE, 88), bodySource: 'plain' })).toBeUndefined();
  });

  it('keeps the confidence of a cleanly read letter, and lowers it with a reason when the same letter is read poorly', () => {
    const clean = classify(scan(SYGEDAGPENGE, 88));
    expect(clean.nr).toMatch(/^32\.30\./);
    expect(clean.reasons.map((r) => r.code)).not.toContain('classify.ocr_quality');
    const poorReads = [2, 3, 4].map((seed) => classify(scan(degrade(SYGEDAGPENGE, seededRandom(seed)), 52)));
    // abstaining on a poor page is also honest, but the letter is still recognisable in most reads
    expect(poorReads.filter((poor) => poor.nr !== null).length).toBeGreaterThanOrEqual(2);
    for (const poor of poorReads.filter((read) => read.nr !== null)) {
      expect(poor.confidence).toBeLessThan(clean.confidence);
      expect(poor.reasons).toContainEqual(expect.objectContaining({ code: 'classify.ocr_quality', data: expect.objectContaining({ meanConfidence: 52 }) }));
    }
  });

  it('does not let short terms found inside garbage name an emne', () => {
    const random = seededRandom(7);
    // short real words (skat, pas, bil, hund, bolig) scattered through a page of garbage
    const page = ['skat', 'pas', 'bil', 'hund', 'bolig', 'skat'].map((word) => `${garbage(random, 30)} ${word}`).join(' ');
    const result = classify(scan(page, 45));
    expect(result.nr).toBeNull();
    expect(result.reasons.map((r) => r.code)).toContain('classify.ocr_short_terms_ignored');
    // the same words on a clean page are read
    const typed = classify({ ...scan('Spørgsmål om skat og min bolig. Jeg har skiftet bolig og skal betale skat af min bil.', 90) });
    expect(typed.reasons.map((r) => r.code)).not.toContain('classify.ocr_short_terms_ignored');
  });
});
