import { describe, expect, it } from 'vitest';
import { labelledFeatures } from './evaluate.js';
import { BYGGETILLADELSE, letter, ROTTER, SYGEDAGPENGE, TRAINING } from './letters.fixture.js';
import { createLearnedSignal, reliabilityOf } from './learned-signal.js';
import { createModel, modelId } from './model.js';
import { trainAll } from './naive-bayes.js';
import { featuresOf } from './features.js';

const MODEL = trainAll(createModel(), labelledFeatures(TRAINING));
const ROTTE_LETTER = letter('', 'Hej. Vi har set rotter ved skuret i haven, og de har gravet huller under terrassen. Mvh Lise Andersen');

describe('learned signal: abstaining', () => {
  it('gives no candidates without a model', () => {
    const result = createLearnedSignal(undefined)(ROTTE_LETTER);
    expect(result.candidates).toEqual([]);
    expect(result.reasons.map((r) => r.code)).toEqual(['classify.learned_untrained']);
  });

  it('gives no candidates while the model has too few confirmed items', () => {
    const young = trainAll(createModel(), labelledFeatures(TRAINING.slice(0, 19)));
    const result = createLearnedSignal(young)(ROTTE_LETTER);
    expect(result.candidates).toEqual([]);
    expect(result.reasons[0]).toMatchObject({ code: 'classify.learned_untrained', data: { examples: 19, minExamples: 20 } });
    // The threshold is the caller's: with 19 allowed, the same model answers.
    expect(createLearnedSignal(young, { minExamples: 19 })(letter('', 'Jeg er syg og søger sygedagpenge')).candidates[0]?.nr).toBe(SYGEDAGPENGE);
  });

  it('abstains when only one emne has enough items', () => {
    const one = trainAll(createModel(), labelledFeatures(TRAINING.filter((e) => e.nr === ROTTER || e.nr === SYGEDAGPENGE).slice(0, 7)));
    expect(Object.values(one.classes).map((c) => c.docs)).toEqual([6, 1]);
    const result = createLearnedSignal(one, { minExamples: 5 })(ROTTE_LETTER);
    expect(result.candidates).toEqual([]);
    expect(result.reasons[0]).toMatchObject({ code: 'classify.learned_untrained', data: { eligibleClasses: 1 } });
  });

  it('gives no candidates for a text with no word the model knows', () => {
    for (const content of [letter('', ''), letter('', 'Xyzzy qwerty plugh.'), letter('', '12345 010190-1234')]) {
      const result = createLearnedSignal(MODEL)(content);
      expect(result.candidates).toEqual([]);
      expect(result.reasons.map((r) => r.code)).toEqual(['classify.learned_no_features']);
    }
  });
});

describe('learned signal: candidates', () => {
  const signal = createLearnedSignal(MODEL, { title: (nr) => (nr === ROTTER ? 'Rottebekæmpelse' : undefined) });

  it('names the right emne first, with the probability as score', () => {
    const result = signal(ROTTE_LETTER);
    const [top, ...rest] = result.candidates;
    expect(top).toMatchObject({ nr: ROTTER, title: 'Rottebekæmpelse' });
    expect(top?.score).toBeGreaterThan(0.8);
    expect(rest.every((c) => c.score <= (top?.score ?? 0) && !('title' in c))).toBe(true);
    expect(result.candidates.length).toBeLessThanOrEqual(5);
    const sum = result.candidates.reduce((total, c) => total + c.score, 0);
    expect(sum).toBeLessThanOrEqual(1.001);
    expect(result.reasons[0]).toMatchObject({ code: 'classify.learned', data: { modelId: modelId(MODEL), examples: 48, nr: ROTTER } });
  });

  it('explains a candidate by stems and word pieces, never by sentences of the letter', () => {
    const reason = signal(ROTTE_LETTER).candidates[0]?.reasons[0];
    expect(reason?.code).toBe('classify.learned_features');
    const features = reason?.data?.features as { kind: string; text: string; weight: number }[];
    expect(features.length).toBeGreaterThan(0);
    expect(features.map((f) => f.text)).toContain('rot');
    for (const feature of features) expect(feature.text.split(' ').length).toBeLessThanOrEqual(2);
    expect(reason?.message).toMatch(/^learned from 6 confirmed items of 09\.13\.01 \(counts 38 %\): /);
    expect(reason?.message).not.toMatch(/rotter ved skuret|Lise|Andersen/i);
  });

  it('says how much each candidate may count: n / (n + k) for its n confirmed items', () => {
    const result = signal(ROTTE_LETTER);
    // 09.13.01 has 6 confirmed items in the fixture: 6 / (6 + 10).
    expect(result.reliability[ROTTER]).toBeCloseTo(6 / 16, 3);
    for (const c of result.candidates) expect(result.reliability[c.nr]).toBeGreaterThan(0);
    expect(result.reasons[0]?.data).toMatchObject({ reliability: 0.375, pseudoCount: 10 });
    // More confirmed items of an emne, more weight; k = 0 trusts every emne fully.
    expect(reliabilityOf(2, 10)).toBeLessThan(reliabilityOf(10, 10));
    expect(reliabilityOf(10, 10)).toBe(0.5);
    expect(reliabilityOf(40, 10)).toBe(0.8);
    expect(createLearnedSignal(MODEL, { pseudoCount: 0 })(ROTTE_LETTER).reliability[ROTTER]).toBe(1);
    expect(createLearnedSignal(undefined)(ROTTE_LETTER).reliability).toEqual({});
  });

  it('leaves out an emne with a single confirmed item', () => {
    const model = trainAll(createModel(), labelledFeatures(TRAINING));
    trainAll(model, [{ nr: '09.13.02', features: featuresOf(letter('Rotter', 'Rotter i kloakken ved skuret i haven')) }]);
    const nrs = (minClassDocs: number) => createLearnedSignal(model, { minClassDocs, minProbability: 0, maxCandidates: 10 })(ROTTE_LETTER).candidates.map((c) => c.nr);
    expect(nrs(2)).not.toContain('09.13.02');
    expect(nrs(1)).toContain('09.13.02');
  });

  it('respects maxCandidates and minProbability', () => {
    const content = letter('Carport', 'Må jeg bygge en carport uden tilladelse?');
    const one = createLearnedSignal(MODEL, { maxCandidates: 1 })(content).candidates;
    expect(one.map((c) => c.nr)).toEqual([BYGGETILLADELSE]);
    const likely = createLearnedSignal(MODEL, { minProbability: 0.5 })(content).candidates;
    expect(likely.every((c) => c.score >= 0.5)).toBe(true);
  });
});
