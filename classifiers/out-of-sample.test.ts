import { describe, expect, it } from 'vitest';
import type { Classification, ExtractedContent } from '../core/model.js';
import type { KleClassifier } from '../core/ports.js';
import { gruppeSplits, predictOutOfSample, routingFigures, seededFolds, type CorpusItem, type OutOfSampleOptions } from './out-of-sample.js';
import type { ThresholdChoice } from './risk-control.js';
import type { GateOutcome, SafetyOptions } from './routing-figures.js';

const letter = (body: string): ExtractedContent => ({ channel: 'email', sender: {}, recipients: [], body, bodySource: 'plain', attachments: [], metadata: {}, warnings: [] });

const EMNER = ['32.30.04', '32.30.08', '09.13.01', '02.34.02', '28.09.40'];
/** 30 items: body names its own file, so a classifier can tell exactly which items a model was trained on. */
function corpus(): CorpusItem[] {
  return Array.from({ length: 30 }, (_, i) => {
    const file = `items/d${String(i).padStart(4, '0')}.eml`;
    return { gold: { file, channel: i % 3 === 0 ? 'scan' : 'email', kle: i === 29 ? null : (EMNER[i % EMNER.length] as string), route: i % 2 ? 'KSD' : 'rest' }, content: letter(`fil${i} sygedagpenge`) };
  });
}

const numberOf = (content: ExtractedContent): number => Number(/fil(\d+)/.exec(content.body)?.[1]);

/** Rules that route every item to KSD except those numbered 0–9 mod 50, which go to KY (wrongly: all belong in KSD). */
const route: NonNullable<OutOfSampleOptions['route']> = async (content) => {
  const destination = numberOf(content) % 50 < 10 ? 'KY' : 'KSD';
  return { status: 'routed', destination, ruleId: 'r', ruleSetVersion: 't', reasons: [], trace: [] };
};
/** A gate that lets item n through up to threshold 0.5 + (n mod 50)/100: the misroutes are the least likely ones. */
const probabilityOf = (content: ExtractedContent): number => 0.5 + (numberOf(content) % 50) / 100;
const gate: SafetyOptions['gate'] = (content, _c, decision, t): GateOutcome => {
  const routed = decision.status === 'routed' && probabilityOf(content) >= t;
  return { routed, destination: routed ? decision.destination : null, judged: true, ...(routed ? {} : { stopped: 'below_threshold' as const }) };
};

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
  it('never lets a fitting step (learned model, calibration, gate threshold, their inner folds) see an item it then scores', async () => {
    const items = corpus();
    for (const splits of [seededFolds(items.map((i) => i.gold), 5, 1), gruppeSplits(items.map((i) => i.gold))]) {
      const fits: { step: string; files: readonly string[] }[] = [];
      const safety: SafetyOptions = { gate, target: 0.01, fallback: 0.8, fixedThresholds: [] };
      const predictions = await predictOutOfSample(items, splits, { ...recordingOptions(items, fits), route, safety });
      expect(fits.length).toBeGreaterThan(splits.length);
      expect(predictions).toHaveLength(splits.reduce((n, s) => n + s.heldOut.length, 0));
      // Fits come split by split, in split order: none of a split's fits may have seen the items it scores.
      let fit = 0;
      for (const split of splits) {
        const held = new Set(split.heldOut.map((i) => items[i]?.gold.file));
        // Each split makes (inner folds) model fits, one calibration fit, one threshold choice, one outer model fit.
        const mine: typeof fits = [];
        while (fit < fits.length) {
          const f = fits[fit++] as (typeof fits)[number];
          mine.push(f);
          if (f.step === 'model' && mine.some((m) => m.step === 'calibration')) break;
        }
        expect(mine.length).toBeGreaterThanOrEqual(4);
        expect(mine.map((f) => f.step)).toContain('threshold');
        for (const f of mine) expect(f.files.filter((file) => held.has(file))).toEqual([]);
      }
      expect(fit).toBe(fits.length);
    }
  });

  it('chooses each split\'s gate threshold from its training items only, and gates the held-out items at it', async () => {
    // 150 items, all belonging in KSD: 5 folds leave 120 training decisions, enough for a 10 % target.
    const items: CorpusItem[] = Array.from({ length: 150 }, (_, i) => ({
      gold: { file: `items/e${String(i).padStart(4, '0')}.eml`, channel: i % 3 === 0 ? 'scan' : 'email', kle: EMNER[i % EMNER.length] as string, route: 'KSD' },
      content: letter(`fil${i} sygedagpenge`),
    }));
    const splits = seededFolds(items.map((i) => i.gold), 5, 1);
    const fits: { step: string; files: readonly string[] }[] = [];
    const choices: { split: string; choice: ThresholdChoice }[] = [];
    // What the gate is asked about, in order, between the fitting steps: the threshold step's calls come after a split's calibration fit.
    const log: (string | number)[] = [];
    const recording = recordingOptions(items, []);
    const safety: SafetyOptions = {
      gate: (content, c, decision, t) => (log.push(numberOf(content)), gate(content, c, decision, t)),
      target: 0.1,
      fallback: 0.8,
      fixedThresholds: [0.6, 0.9],
      onThreshold: (split, choice) => choices.push({ split, choice }),
    };
    const onFit: OutOfSampleOptions['onFit'] = (step, files) => (log.push(step), fits.push({ step, files }));
    const predictions = await predictOutOfSample(items, splits, { ...recording, onFit, route, safety });
    for (const split of splits) {
      const start = log.indexOf('calibration');
      const end = log.indexOf('threshold');
      const asked = log.slice(start + 1, end) as number[];
      expect(asked.length).toBeGreaterThan(0);
      expect(asked.filter((n) => split.heldOut.includes(n))).toEqual([]);
      log.splice(0, end + 1);
    }

    // The threshold step sees the split's training items, never its held-out ones.
    const thresholdFits = fits.filter((f) => f.step === 'threshold');
    expect(thresholdFits).toHaveLength(splits.length);
    for (const [i, split] of splits.entries()) {
      const held = new Set(split.heldOut.map((j) => items[j]?.gold.file));
      expect(thresholdFits[i]?.files.filter((file) => held.has(file))).toEqual([]);
      expect(thresholdFits[i]?.files).toHaveLength(items.length - split.heldOut.length);
    }
    expect(choices.map((c) => c.split)).toEqual(splits.map((s) => s.name));
    for (const { choice } of choices) {
      expect(choice).toMatchObject({ method: 'conformal', decisions: 120, target: 0.1 });
      // Misroutes sit at 0.50–0.59: the threshold admits at most 11 of them ((11 + 1) / 121 ≤ 10 %).
      expect(choice.threshold).toBeGreaterThan(0.5);
      expect(choice.threshold).toBeLessThan(0.6);
      expect(choice.bound).toBeLessThanOrEqual(0.1);
    }
    // Each held-out item is gated at its split's threshold, and at the fixed ones.
    const thresholdOf = new Map(splits.flatMap((split, i) => split.heldOut.map((j) => [items[j]?.gold.file, choices[i]?.choice.threshold ?? NaN] as const)));
    for (const p of predictions) {
      const content = letter(`fil${Number(/e(\d+)/.exec(p.file)?.[1])} sygedagpenge`);
      expect(p.gated?.routed).toBe(probabilityOf(content) >= (thresholdOf.get(p.file) ?? NaN));
      expect(p.atThreshold?.['0.9']?.routed).toBe(probabilityOf(content) >= 0.9);
    }
    // With 30 items a split has 24 training decisions, fewer than the 99 a 1 % target needs: the default stays.
    const few: { choice: ThresholdChoice }[] = [];
    await predictOutOfSample(corpus(), seededFolds(corpus().map((i) => i.gold), 5, 1), { ...recordingOptions(corpus(), []), route, safety: { ...safety, target: 0.01, onThreshold: (_s, choice) => few.push({ choice }) } });
    expect(few.map((f) => f.choice.method)).toEqual(['default', 'default', 'default', 'default', 'default']);
    expect(few[0]?.choice.threshold).toBe(0.8);
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
