import { describe, expect, it } from 'vitest';
import type { Classification, KleSource } from '../core/model.js';
import { assignFolds, crossValidateCalibration, crossValidatedPredictions, labelledScore, type RawScoredItem } from './cross-validation.js';
import type { GoldLabel } from './evaluation.js';

const raw = (nr: string | null, confidence: number, source: KleSource = 'classifier'): Classification => ({
  nr,
  confidence,
  source,
  candidates: nr ? [{ nr, score: confidence, reasons: [] }] : [],
  reasons: [],
});

const gold = (i: number, channel: string, kle: string | null = '32.30.04'): GoldLabel => ({ file: `d${String(i).padStart(4, '0')}.eml`, channel, kle });

/** 40 items: a raw score in 0.30–0.98; right when the score is high, with a few exceptions. */
function corpus(): RawScoredItem[] {
  return Array.from({ length: 40 }, (_, i) => {
    const score = 0.3 + (i % 20) * 0.035;
    const right = score > 0.6 || i % 7 === 0;
    return { gold: gold(i, i % 3 === 0 ? 'scan' : 'email'), raw: raw(right ? '32.30.04' : '09.13.01', score) };
  });
}

describe('assignFolds', () => {
  it('deals each channel round-robin in file order, whatever order the items come in', () => {
    const golds = [gold(3, 'email'), gold(1, 'scan'), gold(2, 'email'), gold(4, 'scan'), gold(5, 'email')];
    expect(assignFolds(golds, 2)).toEqual([1, 0, 0, 1, 0]);
    expect(assignFolds([...golds].reverse(), 2)).toEqual([0, 1, 0, 0, 1]);
  });

  it('refuses fold counts that cannot hold out anything', () => {
    const golds = [gold(1, 'email'), gold(2, 'email'), gold(3, 'email')];
    expect(() => assignFolds(golds, 1)).toThrow(RangeError);
    expect(() => assignFolds(golds, 4)).toThrow(RangeError);
    expect(() => assignFolds(golds, 2.5)).toThrow(RangeError);
  });
});

describe('labelledScore', () => {
  it('counts an acceptable alternative as right and an abstention as nothing to learn from', () => {
    const item = (nr: string | null, g: Partial<GoldLabel>): RawScoredItem => ({ gold: { ...gold(1, 'email'), ...g }, raw: raw(nr, 0.7) });
    expect(labelledScore(item('32.30.02', { kle_ok: ['32.30.02'] }))?.correct).toBe(true);
    expect(labelledScore(item('32.30.02', { kle: null }))?.correct).toBe(false);
    expect(labelledScore(item(null, {}))).toBeUndefined();
    expect(labelledScore({ gold: gold(1, 'email'), raw: undefined })).toBeUndefined();
  });
});

describe('crossValidateCalibration', () => {
  it("judges no item by a curve fitted on its own label", () => {
    const items = corpus();
    const cv = crossValidateCalibration(items, 5, 'test');
    const before = crossValidatedPredictions(items, cv, 0.8);
    for (const target of [0, 13, 27]) {
      // Flip one item's gold: its own calibrated confidence must not move; items of other folds' curves may.
      const flipped = items.map((item, i) => (i === target ? { ...item, gold: { ...item.gold, kle: '01.01.01' } } : item));
      const after = crossValidatedPredictions(flipped, crossValidateCalibration(flipped, 5, 'test'), 0.8);
      expect(after[target]?.confidence).toBe(before[target]?.confidence);
      const sameFold = cv.folds.flatMap((fold, i) => (fold === cv.folds[target] ? [i] : []));
      for (const i of sameFold) expect(after[i]?.confidence).toBe(before[i]?.confidence);
    }
  });

  it('fits one curve per fold, each on the other folds only', () => {
    const items = corpus();
    const cv = crossValidateCalibration(items, 4, 'test');
    const held = (fold: number) => cv.folds.filter((f) => f === fold).length;
    for (let fold = 0; fold < 4; fold++) {
      const curve = cv.calibrationOf[cv.folds.indexOf(fold)];
      expect(curve?.curves.classifier?.n).toBe(items.length - held(fold));
    }
  });

  it('parks below the threshold and keeps the best guess as a candidate', () => {
    const items = corpus();
    const cv = crossValidateCalibration(items, 5, 'test');
    const lenient = crossValidatedPredictions(items, cv, 0);
    expect(lenient.every((p, i) => p.nr === items[i]?.raw?.nr)).toBe(true);
    const highest = Math.max(...lenient.map((p) => p.confidence));
    const strict = crossValidatedPredictions(items, cv, highest + 0.001);
    expect(strict.every((p) => p.nr === null)).toBe(true);
    expect(strict.every((p, i) => p.candidates[0] === items[i]?.raw?.nr)).toBe(true);
  });
});
