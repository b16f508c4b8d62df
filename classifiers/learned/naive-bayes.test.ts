import { seededRandom } from '../../core/seeded-random.js';
import { describe, expect, it } from 'vitest';
import { featuresOf } from './features.js';
import { letter, ROTTER, STORSKRALD, SYGEDAGPENGE, TRAINING } from './letters.fixture.js';
import { labelledFeatures } from './evaluate.js';
import { createModel, deserialize, serialize, type LearnedModel } from './model.js';
import { explain, knownFeatureCount, predict, train, trainAll, type LabelledFeatures } from './naive-bayes.js';

const f = (entries: Record<string, number>): Map<string, number> => new Map(Object.entries(entries));
const trained = (examples: readonly LabelledFeatures[], alpha?: number): LearnedModel => trainAll(createModel({ alpha }), examples);

/** A seeded shuffle (mulberry32), so the "any order" test is the same on every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const LETTERS = labelledFeatures(TRAINING);

describe('naive Bayes: the mathematics', () => {
  const examples: LabelledFeatures[] = [
    { nr: ROTTER, features: f({ 'w:rot': 2, 'w:have': 1 }) },
    { nr: ROTTER, features: f({ 'w:rot': 1, 'w:kælder': 1 }) },
    { nr: STORSKRALD, features: f({ 'w:storskrald': 2, 'w:sofa': 1 }) },
  ];

  it('gives the multinomial posterior with Lidstone smoothing and a prior pulled toward uniform', () => {
    const alpha = 0.5;
    const model = trained(examples, alpha);
    expect(model.vocabularySize).toBe(5);
    const doc = f({ 'w:rot': 1, 'w:sofa': 1, 'w:ukendt': 3 });
    // By hand: P(f|c) = (count + α) / (total + α·V); the unknown word is left out; prior = ½·share + ½·⅓·… with 2 emner.
    const v = 5;
    const rotter = Math.log(0.5 * (2 / 3) + 0.5 / 2) + Math.log((3 + alpha) / (5 + alpha * v)) + Math.log((0 + alpha) / (5 + alpha * v));
    const storskrald = Math.log(0.5 * (1 / 3) + 0.5 / 2) + Math.log((0 + alpha) / (3 + alpha * v)) + Math.log((1 + alpha) / (3 + alpha * v));
    const expected = 1 / (1 + Math.exp(storskrald - rotter));
    const result = predict(model, doc);
    expect(result.map((p) => p.nr)).toEqual([ROTTER, STORSKRALD]);
    expect(result[0]?.probability).toBeCloseTo(expected, 12);
    expect(result[0]?.logPosterior).toBeCloseTo(rotter, 12);
    expect((result[0]?.probability ?? 0) + (result[1]?.probability ?? 0)).toBeCloseTo(1, 12);
  });

  it('stays finite when the log-posteriors are huge (softmax shifted by the largest)', () => {
    const model = trained(examples);
    const result = predict(model, f({ 'w:storskrald': 5000, 'w:rot': 4990 }));
    expect(result[0]?.logPosterior).toBeLessThan(-1000);
    for (const p of result) expect(Number.isFinite(p.probability)).toBe(true);
    expect(result.reduce((sum, p) => sum + p.probability, 0)).toBeCloseTo(1, 12);
    expect(result[0]?.nr).toBe(STORSKRALD);
  });

  it('pulls the prior toward uniform so one frequent emne does not win on no evidence', () => {
    const many = [...Array.from({ length: 40 }, () => ({ nr: SYGEDAGPENGE, features: f({ 'w:syg': 1 }) })), ...examples];
    const model = trained(many);
    const nothingKnown = f({ 'w:ukendt': 1 });
    const share = (lambda: number) => predict(model, nothingKnown, { priorUniformity: lambda }).find((p) => p.nr === SYGEDAGPENGE)?.probability;
    expect(share(0)).toBeCloseTo(40 / 43, 12);
    expect(share(1)).toBeCloseTo(1 / 3, 12);
    expect(share(0.5)).toBeCloseTo(0.5 * (40 / 43) + 0.5 / 3, 12);
    // With the default, two rotte words outweigh forty sygedagpenge items.
    expect(predict(model, f({ 'w:rot': 1, 'w:have': 1 }))[0]?.nr).toBe(ROTTER);
    expect(() => predict(model, nothingKnown, { priorUniformity: 2 })).toThrow(/priorUniformity/);
  });

  it('sorts ties by emne number and predicts nothing without emner', () => {
    const model = trained([
      { nr: STORSKRALD, features: f({ 'w:a': 1 }) },
      { nr: ROTTER, features: f({ 'w:b': 1 }) },
    ]);
    // 07.18.10 before 09.13.01.
    expect(predict(model, f({})).map((p) => [p.nr, p.probability])).toEqual([
      [STORSKRALD, 0.5],
      [ROTTER, 0.5],
    ]);
    expect(predict(createModel(), f({ 'w:rot': 1 }))).toEqual([]);
    expect(knownFeatureCount(model, f({ 'w:a': 1, 'w:c': 1 }))).toBe(1);
  });

  it('refuses labels that are not KLE emner and values that are not counts', () => {
    expect(() => train(createModel(), { nr: '32.30', features: f({ 'w:syg': 1 }) })).toThrow(/KLE emne/);
    expect(() => train(createModel(), { nr: SYGEDAGPENGE, features: f({ 'w:syg': -1 }) })).toThrow(/w:syg/);
    expect(() => train(createModel(), { nr: SYGEDAGPENGE, features: f({ 'w:syg': Number.NaN }) })).toThrow(/finite/);
    expect(() => createModel({ alpha: 0 })).toThrow(/alpha/);
  });

  it('treats feature keys such as "constructor" and "__proto__" as ordinary words', () => {
    const model = trained([
      { nr: ROTTER, features: new Map([['constructor', 1], ['__proto__', 2]]) },
      { nr: STORSKRALD, features: new Map([['toString', 1]]) },
    ]);
    expect(model.vocabularySize).toBe(3);
    expect(model.classes[ROTTER]?.counts['__proto__']).toBe(2);
    expect(predict(model, new Map([['__proto__', 1]]))[0]?.nr).toBe(ROTTER);
  });
});

describe('naive Bayes: incremental training', () => {
  it('one by one, in any order and across a save, gives exactly the batch model', () => {
    const batch = serialize(trained(LETTERS));
    for (const seed of [1, 2, 3]) {
      const order = shuffled(LETTERS, seed);
      let model = createModel();
      order.slice(0, 20).forEach((example) => train(model, example));
      model = deserialize(serialize(model));
      order.slice(20).forEach((example) => train(model, example));
      expect(serialize(model)).toBe(batch);
    }
  });

  it('rounds raw values to the count grid, so even arbitrary values add up the same in any order', () => {
    const values = [0.1, 0.2, 0.3, 1e-3, 0.7, 0.35];
    const examples = values.map((value, i) => ({ nr: i % 2 ? ROTTER : STORSKRALD, features: f({ 'w:x': value, 'w:y': value * 3 }) }));
    expect(serialize(trained(examples))).toBe(serialize(trained([...examples].reverse())));
  });

  it('updates predictions after training more (the compiled form is not stale)', () => {
    const model = trained([
      { nr: ROTTER, features: f({ 'w:rot': 1 }) },
      { nr: STORSKRALD, features: f({ 'w:sofa': 1 }) },
    ]);
    const doc = f({ 'w:madras': 1 });
    expect(predict(model, doc)[0]?.probability).toBe(0.5);
    train(model, { nr: STORSKRALD, features: f({ 'w:madras': 1 }) });
    expect(predict(model, doc)[0]?.nr).toBe(STORSKRALD);
    expect(predict(model, doc)[0]?.probability).toBeGreaterThan(0.6);
  });
});

describe('naive Bayes: explanations', () => {
  const model = trained(LETTERS);
  const doc = featuresOf(letter('', 'Der er rotter i haven ved skuret, og de har gravet huller.'));

  it('names the features that speak most for the emne, strongest first', () => {
    const evidence = explain(model, doc, ROTTER);
    expect(evidence).toHaveLength(5);
    expect(evidence.map((e) => e.feature)).toContain('w:rot');
    for (let i = 1; i < evidence.length; i += 1) expect(evidence[i - 1]?.weight).toBeGreaterThanOrEqual(evidence[i]?.weight ?? 0);
    for (const e of evidence) expect(e.weight).toBeGreaterThan(0);
  });

  it('explains the top emner in predict, and nothing for an unknown emne', () => {
    const result = predict(model, doc, { explainTop: 2, explainFeatures: 3 });
    expect(result[0]?.nr).toBe(ROTTER);
    expect(result[0]?.evidence).toEqual(explain(model, doc, ROTTER, 3));
    expect(result[1]?.evidence).toBeDefined();
    expect(result[2]?.evidence).toBeUndefined();
    expect(explain(model, doc, '99.99.99')).toEqual([]);
    // "rot" speaks for rotter, not for storskrald.
    expect(explain(model, doc, STORSKRALD, 50).map((e) => e.feature)).not.toContain('w:rot');
  });
});
