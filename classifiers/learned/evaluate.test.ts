import { describe, expect, it } from 'vitest';
import { accuracy, crossValidate, labelledFeatures, type LabelledContent } from './evaluate.js';
import { featuresOf } from './features.js';
import { BYGGETILLADELSE, DAGTILBUD, HELD_OUT_LETTERS, letter, OCR_NOISY, TRAINING } from './letters.fixture.js';
import { createModel, modelId, serialize } from './model.js';
import { predict, trainAll } from './naive-bayes.js';

const trainedOn = (examples: readonly LabelledContent[]) => trainAll(createModel(), labelledFeatures(examples));
const MODEL = trainedOn(TRAINING);
const withoutWordPieces = (features: ReadonlyMap<string, number>) => new Map([...features].filter(([key]) => !key.startsWith('c:')));

describe('learned model: learning from confirmed letters', () => {
  it('puts letters it has not seen, in other words, in the right emne', () => {
    for (const example of HELD_OUT_LETTERS) {
      const [top] = predict(MODEL, featuresOf(example.content));
      expect({ letter: example.content.body, nr: top?.nr }).toEqual({ letter: example.content.body, nr: example.nr });
    }
  });

  it('sorts scans with OCR errors, helped by the 4-letter pieces of long words', () => {
    expect(accuracy(MODEL, OCR_NOISY)).toBe(1);
    const wordsOnly = trainAll(createModel(), labelledFeatures(TRAINING).map((e) => ({ nr: e.nr, features: withoutWordPieces(e.features) })));
    for (const example of OCR_NOISY.filter((e) => e.nr === BYGGETILLADELSE || e.nr === DAGTILBUD)) {
      const features = featuresOf(example.content);
      const probability = predict(MODEL, features).find((p) => p.nr === example.nr)?.probability ?? 0;
      const withoutPieces = predict(wordsOnly, withoutWordPieces(features)).find((p) => p.nr === example.nr)?.probability ?? 0;
      // "byggetilladeIse", "vuggestuepIads": no word the model knows, but most of their pieces.
      expect(probability).toBeGreaterThan(0.7);
      expect(withoutPieces).toBeLessThan(0.5);
      expect(predict(MODEL, features, { explainTop: 1 })[0]?.evidence?.some((e) => e.feature.startsWith('c:'))).toBe(true);
    }
  });

  it('learns a topic as its confirmed letters come in: accuracy on held-out letters rises', () => {
    const others = TRAINING.filter((e) => e.nr !== DAGTILBUD);
    const topic = TRAINING.filter((e) => e.nr === DAGTILBUD);
    const heldOut = HELD_OUT_LETTERS.filter((e) => e.nr === DAGTILBUD);
    expect(heldOut.length).toBeGreaterThanOrEqual(4);
    const curve = [0, 1, 2, 4, 6].map((n) => {
      const model = trainedOn([...others, ...topic.slice(0, n)]);
      const probabilities = heldOut.map((e) => predict(model, featuresOf(e.content)).find((p) => p.nr === DAGTILBUD)?.probability ?? 0);
      return { n, accuracy: accuracy(model, heldOut), meanProbability: probabilities.reduce((a, b) => a + b, 0) / probabilities.length };
    });
    expect(curve[0]?.accuracy).toBe(0);
    expect(curve.at(-1)?.accuracy).toBe(1);
    for (let i = 1; i < curve.length; i += 1) {
      expect(curve[i]?.accuracy).toBeGreaterThanOrEqual(curve[i - 1]?.accuracy ?? 0);
      expect(curve[i]?.meanProbability).toBeGreaterThan(curve[i - 1]?.meanProbability ?? 0);
    }
    // Learning dagtilbud does not cost the other topics.
    expect(accuracy(trainedOn([...others, ...topic]), HELD_OUT_LETTERS.filter((e) => e.nr !== DAGTILBUD))).toBe(1);
  });

  it('is deterministic: the same letters give the same model and the same answers', () => {
    const again = trainedOn(TRAINING.map((e) => structuredClone(e)));
    expect(modelId(again)).toBe(modelId(MODEL));
    expect(serialize(again)).toBe(serialize(MODEL));
    const content = letter('Spørgsmål', 'Kan jeg få hjælp, når jeg er syg og ikke har noget arbejde?');
    expect(predict(again, featuresOf(content), { explainTop: 3 })).toEqual(predict(MODEL, featuresOf(content), { explainTop: 3 }));
  });
});

describe('cross-validation', () => {
  it('predicts most letters right when they are held out in turn', () => {
    const result = crossValidate([...TRAINING, ...HELD_OUT_LETTERS], 4);
    expect(result).toMatchObject({ k: 4, total: TRAINING.length + HELD_OUT_LETTERS.length });
    expect(result.accuracy).toBe(result.correct / result.total);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.85);
  });

  it('scores by chance level when the labels carry no information', () => {
    // The same letters with emner dealt round-robin: nothing to learn, so far below the real accuracy.
    const nrs = [...new Set(TRAINING.map((e) => e.nr))];
    const shuffled = [...TRAINING, ...HELD_OUT_LETTERS].map((e, i) => ({ nr: nrs[i % nrs.length] as string, content: e.content }));
    expect(crossValidate(shuffled, 4).accuracy).toBeLessThan(0.4);
  });

  it('gives the same result every time and checks k', () => {
    const all = [...TRAINING, ...HELD_OUT_LETTERS];
    expect(crossValidate(all, 3)).toEqual(crossValidate(all, 3));
    expect(() => crossValidate(all, 1)).toThrow(RangeError);
    expect(() => crossValidate(all.slice(0, 3), 4)).toThrow(RangeError);
    expect(() => crossValidate(all, 2.5)).toThrow(RangeError);
    expect(accuracy(MODEL, [])).toBe(0);
  });
});
