import { describe, expect, it } from 'vitest';
import type { Classification, ExtractedContent } from '../core/model.js';
import type { KleClassifier } from '../core/ports.js';
import { gruppeSplits, predictOutOfSample, routingFigures, seededFolds, type CorpusItem, type OutOfSampleOptions } from './out-of-sample.js';

const letter = (body: string): ExtractedContent => ({ channel: 'email', sender: {}, recipients: [], body, bodySource: 'plain', attachments: [], metadata: {}, warnings: [] });

const EMNER = ['32.30.04', '32.30.08', '09.13.01', '02.34.02', '28.09.40'];
/** 30 items: body names its own file, so a classifier can tell exactly which items a model was trained on. */
function corpus(): CorpusItem[] {
  return Array.from({ length: 30 }, (_, i) => {
    const file = `items/d${String(i).padStart(4, '0')}.eml`;
    return { gold: { file, channel: i % 3 === 0 ? 'scan' : 'email', kle: i === 29 ? null : (EMNER[i % EMNER.length] as string), route: i % 2 ? 'KSD' : 'rest' }, content: letter(`fil${i} sygedagpenge`) };
  });
}

/** A raw classifier that answers the gold emne with a fixed confidence and records the models it is given. */
function recordingOptions(items: CorpusItem[], fits: { step: string; files: readonly string[] }[]): OutOfSampleOptions {
  const goldOf = new Map(items.map((item) => [item.content?.body, item.gold.kle]));
  return {
    threshold: 0.5,
    onFit: (step, files) => fits.push({ step, files }),
    rawClassifier: (): KleClassifier => (content) => {
      const nr = goldOf.get(content.body) ?? null;
      const c: Classification = { nr, confidence: 0.9, source: 'classifier', candidates: nr ? [{ nr, score: 0.9, reasons: [] }] : [], reasons: [] };
      return c;
    },
  };
}

describe('seededFolds', () => {
  it('puts every item in exactly one fold, mixes channels into every fold and depends on the seed', () => {
    const golds = corpus().map((item) => item.gold);
    const folds = seededFolds(golds, 5, 1);
    const all = folds.flatMap((f) => f.heldOut).sort((a, b) => a - b);
    expect(all).toEqual(golds.map((_, i) => i));
    for (const fold of folds) expect(new Set(fold.heldOut.map((i) => golds[i]?.channel))).toEqual(new Set(['scan', 'email']));
    expect(seededFolds(golds, 5, 1)).toEqual(folds);
    expect(seededFolds(golds, 5, 2)).not.toEqual(folds);
    expect(() => seededFolds(golds, 1, 1)).toThrow(RangeError);
  });
});

describe('gruppeSplits', () => {
  it('holds out every item of one gruppe together, and never an item without an emne', () => {
    const golds = corpus().map((item) => item.gold);
    const splits = gruppeSplits(golds);
    expect(splits.map((s) => s.name)).toEqual(['02.34', '09.13', '28.09', '32.30']);
    const sygedagpenge = splits.find((s) => s.name === '32.30');
    expect(sygedagpenge?.heldOut.every((i) => golds[i]?.kle?.startsWith('32.30.'))).toBe(true);
    expect(sygedagpenge?.heldOut).toHaveLength(golds.filter((g) => g.kle?.startsWith('32.30.')).length);
    expect(splits.flatMap((s) => s.heldOut)).not.toContain(29);
  });
});

describe('predictOutOfSample', () => {
  it('never lets a fitting step (learned model, calibration, its inner folds) see an item it then scores', async () => {
    const items = corpus();
    for (const splits of [seededFolds(items.map((i) => i.gold), 5, 1), gruppeSplits(items.map((i) => i.gold))]) {
      const fits: { step: string; files: readonly string[] }[] = [];
      const predictions = await predictOutOfSample(items, splits, recordingOptions(items, fits));
      expect(fits.length).toBeGreaterThan(splits.length);
      expect(predictions).toHaveLength(splits.reduce((n, s) => n + s.heldOut.length, 0));
      // Fits come split by split, in split order: none of a split's fits may have seen the items it scores.
      let fit = 0;
      for (const split of splits) {
        const held = new Set(split.heldOut.map((i) => items[i]?.gold.file));
        // Each split makes (inner folds) model fits, one calibration fit, one outer model fit.
        const mine: typeof fits = [];
        while (fit < fits.length) {
          const f = fits[fit++] as (typeof fits)[number];
          mine.push(f);
          if (f.step === 'model' && mine.some((m) => m.step === 'calibration')) break;
        }
        expect(mine.length).toBeGreaterThanOrEqual(3);
        for (const f of mine) expect(f.files.filter((file) => held.has(file))).toEqual([]);
      }
      expect(fit).toBe(fits.length);
    }
  });

  it('reports routable recall and misroutes from the routed destinations', async () => {
    const items = corpus();
    const golds = items.map((i) => i.gold);
    const options: OutOfSampleOptions = {
      ...recordingOptions(items, []),
      route: async (content) => {
        const n = Number(/fil(\d+)/.exec(content.body)?.[1]);
        const destination = n % 2 ? (n % 5 === 1 ? 'KY' : 'KSD') : null;
        return { status: destination ? 'routed' : 'parked', destination, ruleId: null, ruleSetVersion: 't', reasons: [], trace: [] };
      },
    };
    const predictions = await predictOutOfSample(items, seededFolds(golds, 3, 1), options);
    const figures = routingFigures(golds, predictions);
    // Odd items have a destination (15); those ending in 1 mod 5 (1, 11, 21) go to KY instead of KSD.
    expect(figures.routable).toBe(15);
    expect(figures.routableRecall).toBeCloseTo(12 / 15);
    expect(figures.misrouteRate).toBeCloseTo(3 / 30);
  });
});
